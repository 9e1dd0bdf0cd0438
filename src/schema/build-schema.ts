import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { ArtistResolver } from '../resolvers/catalog/artist.resolver.ts';
import { GenreResolver } from '../resolvers/catalog/genre.resolver.ts';
import { ReleaseResolver } from '../resolvers/catalog/release.resolver.ts';
import { TrackResolver } from '../resolvers/catalog/track.resolver.ts';
import { NodeResolver } from '../resolvers/common/node.resolver.ts';
import { ConsentResolver } from '../resolvers/consent/consent.resolver.ts';
import { MemberConsentResolver } from '../resolvers/consent/member-consent.resolver.ts';
import { DownloadResolver, MemberDownloadsResolver } from '../resolvers/downloads/download.resolver.ts';
import { AccountResolver } from '../resolvers/members/account.resolver.ts';
import { MemberResolver } from '../resolvers/members/member.resolver.ts';
import { RegistrationResolver } from '../resolvers/members/registration.resolver.ts';
import { SessionResolver } from '../resolvers/members/session.resolver.ts';
import { PartnerGrantResolver } from '../resolvers/partners/partner-grant.resolver.ts';
import { PolicyResolver } from '../resolvers/policies/policy.resolver.ts';
import { DateTimeScalar } from './common/scalars.ts';

export const resolvers = [
  NodeResolver,
  PolicyResolver,
  MemberResolver,
  RegistrationResolver,
  SessionResolver,
  AccountResolver,
  ConsentResolver,
  MemberConsentResolver,
  DownloadResolver,
  MemberDownloadsResolver,
  GenreResolver,
  ArtistResolver,
  ReleaseResolver,
  TrackResolver,
  PartnerGrantResolver,
] as const;

export async function buildMixxSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
}
