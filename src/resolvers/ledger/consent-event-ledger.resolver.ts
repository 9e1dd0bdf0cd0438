import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ConsentEventType } from '../../schema/consent/consent-event.type.ts';
import { LedgerInclusionProofType } from '../../schema/ledger/ledger.type.ts';
import { keyOf } from '../../services/common/global-id.ts';
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
    return ctx.scope.consentProofs.inclusionProof(keyOf(event.id, 'ConsentEvent', 'id') ?? '', treeSize);
  }

  @FieldResolver(() => String, {
    description: 'This entry as a consent receipt signed with JWS (EdDSA), verifiable offline with /.well-known/jwks.json.',
  })
  async receipt(@Root() event: ConsentEventType, @Ctx() ctx: Context): Promise<string> {
    return ctx.scope.consentProofs.receipt(keyOf(event.id, 'ConsentEvent', 'id') ?? '');
  }
}
