import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConsentEventType } from '../../schema/consent/consent-event.type.ts';
import { LedgerInclusionProofType } from '../../schema/ledger/ledger.type.ts';
import { keyOf } from '../../services/common/global-id.ts';
import { LedgerService } from '../../services/ledger/ledger.service.ts';
import { consentReceipt } from '../../services/members/export.service.ts';
import { requireAuth } from '../auth.ts';
import type { Context } from '../context.ts';

/** The ledger fields of ConsentEvent; an entry is only ever shown to its own member. */
@Resolver(() => ConsentEventType)
export class ConsentEventLedgerResolver {
  @FieldResolver(() => LedgerInclusionProofType, {
    description:
      'Proof that this entry is in the tree of the given checkpoint size (default: the latest checkpoint, signed on demand if none covers this entry yet).',
  })
  async inclusionProof(
    @Root() event: ConsentEventType,
    @Arg('treeSize', () => Int, { nullable: true }) treeSize: number | null,
    @Ctx() ctx: Context,
  ): Promise<LedgerInclusionProofType> {
    const { service, entry } = await entryOf(event, ctx);
    return (await service.inclusionProof(entry, treeSize)).proof;
  }

  @FieldResolver(() => String, {
    description: 'This entry as a consent receipt signed with JWS (EdDSA), verifiable offline with /.well-known/jwks.json.',
  })
  async receipt(@Root() event: ConsentEventType, @Ctx() ctx: Context): Promise<string> {
    const { service, entry, pseudonym } = await entryOf(event, ctx);
    return service.receipt(entry, consentReceipt(entry, pseudonym));
  }
}

async function entryOf(event: ConsentEventType, ctx: Context) {
  const { member } = await requireAuth(ctx);
  const service = new LedgerService(ctx.em, ctx.config);
  const entry = await service.entry(keyOf(event.id, 'ConsentEvent', 'id') as string, member.pseudonym);
  return { service, entry, pseudonym: member.pseudonym };
}
