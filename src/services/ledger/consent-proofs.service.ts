import { consentReceipt } from '../members/export.service.ts';
import type { Scope } from '../scope.ts';
import type { Checkpoint } from './checkpoints.ts';
import { type InclusionProof, LedgerService } from './ledger.service.ts';

/**
 * The ledger as the API serves it: checkpoints and consistency proofs to anyone (leaves name
 * pseudonyms only), inclusion proofs and signed receipts of an entry to its own member only.
 */
export class ConsentProofService {
  private readonly ledger: LedgerService;

  constructor(private readonly scope: Scope) {
    this.ledger = new LedgerService(scope.em, scope.runtime.config);
  }

  checkpoint(): Promise<Checkpoint> {
    return this.ledger.checkpoint();
  }

  consistencyProof(from: number, to: number): Promise<string[]> {
    return this.ledger.consistencyProof(from, to);
  }

  async inclusionProof(eventId: string, treeSize: number | null): Promise<InclusionProof> {
    const entry = await this.ownEntry(eventId);
    return (await this.ledger.inclusionProof(entry, treeSize)).proof;
  }

  async receipt(eventId: string): Promise<string> {
    const entry = await this.ownEntry(eventId);
    return this.ledger.receipt(entry, consentReceipt(entry, entry.subject));
  }

  private async ownEntry(eventId: string) {
    const { member } = await this.scope.require('account.use', { kind: 'consentEvent', ids: [eventId] });
    return this.ledger.entry(eventId, member.pseudonym);
  }
}
