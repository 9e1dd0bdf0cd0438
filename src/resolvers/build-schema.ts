import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { resolveResolvables } from '../schema/catalog/resolvable.ts';
import { resolveNodeTypeSynchronously } from '../schema/common/node.interface.ts';
import { DateTimeScalar } from '../schema/common/scalars.ts';
import { checkAllowed } from '../services/access/access.ts';
import type { Permission } from '../services/access/permissions.ts';
import { BillingResolver, MemberBillingResolver } from './billing/billing.resolver.ts';
import { ArtistResolver } from './catalog/artist.resolver.ts';
import { GenreResolver } from './catalog/genre.resolver.ts';
import { ReleaseResolver } from './catalog/release.resolver.ts';
import { TrackResolver } from './catalog/track.resolver.ts';
import { NodeResolver } from './common/node.resolver.ts';
import { ConsentResolver } from './consent/consent.resolver.ts';
import { MemberConsentResolver } from './consent/member-consent.resolver.ts';
import type { Context } from './context.ts';
import { DownloadResolver, MemberDownloadsResolver } from './downloads/download.resolver.ts';
import { ConsentEventLedgerResolver } from './ledger/consent-event-ledger.resolver.ts';
import { LedgerResolver } from './ledger/ledger.resolver.ts';
import { AccountResolver } from './members/account.resolver.ts';
import { MemberResolver } from './members/member.resolver.ts';
import { RegistrationResolver } from './members/registration.resolver.ts';
import { SessionResolver } from './members/session.resolver.ts';
import { ConsentEventPartnerResolver, MemberDisclosuresResolver } from './partners/disclosure.resolver.ts';
import { traceDisclosedFields } from './partners/disclosure-trail.ts';
import { PartnerGrantResolver } from './partners/partner-grant.resolver.ts';
import { PolicyResolver } from './policies/policy.resolver.ts';
import { PolicyDiffResolver } from './policies/policy-diff.resolver.ts';

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
  LedgerResolver,
  ConsentEventLedgerResolver,
  PolicyDiffResolver,
  PartnerGrantResolver,
  MemberDisclosuresResolver,
  ConsentEventPartnerResolver,
  BillingResolver,
  MemberBillingResolver,
] as const;

export async function buildMixxSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    // `@Authorized('<permission>')` on a field asks the access module, which throws the contract's
    // error itself (UNAUTHENTICATED, or FORBIDDEN with the scope a partner app would need).
    authChecker: ({ context }: { context: Context }, permissions: string[]) => {
      for (const permission of permissions) checkAllowed(context.scope.actor, permission as Permission);
      return true;
    },
  });
  return traceDisclosedFields(resolveResolvables(resolveNodeTypeSynchronously(schema)));
}
