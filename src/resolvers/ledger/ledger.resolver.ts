import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { LedgerCheckpointType } from '../../schema/ledger/ledger.type.ts';
import type { Checkpoint } from '../../services/ledger/checkpoints.ts';
import type { Context } from '../context.ts';

export const toCheckpoint = (c: Checkpoint): LedgerCheckpointType => ({
  size: c.size,
  rootHash: c.root.toString('base64'),
  signedNote: c.signedNote,
  issuedAt: c.issuedAt,
});

/** The ledger's public side: anyone may read checkpoints and consistency proofs (leaves name pseudonyms only). */
@Resolver()
export class LedgerResolver {
  @Query(() => LedgerCheckpointType, { description: 'The latest signed checkpoint of the consent ledger.' })
  async ledgerCheckpoint(@Ctx() ctx: Context): Promise<LedgerCheckpointType> {
    return toCheckpoint(await ctx.scope.consentProofs.checkpoint());
  }

  @Query(() => [String], {
    description: 'Base64 hashes proving that the tree of size `to` extends the tree of size `from` (RFC 9162 section 2.1.4).',
  })
  async ledgerConsistencyProof(
    @Arg('from', () => Int) from: number,
    @Arg('to', () => Int) to: number,
    @Ctx() ctx: Context,
  ): Promise<string[]> {
    return ctx.scope.consentProofs.consistencyProof(from, to);
  }
}
