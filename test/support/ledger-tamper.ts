import pg from 'pg';
import { expect, it } from 'vitest';
// @ts-expect-error a plain JavaScript example, on purpose without types
import { verifyReceipt } from '../../examples/verify-receipt/verify-receipt.mjs';
import { buildMissingTree } from '../../src/services/ledger/bulk-build.ts';
import { pgSql } from '../../src/services/ledger/sql.ts';
import { freshDatabase } from './fresh-database.ts';
import { jwksOf, ledgerVerify, verifyOffline } from './ledger.ts';
import { makeMember } from './members.ts';
import { startTestMixx } from './mixx.ts';
import { startSmtp } from './smtp.ts';

/**
 * A database superuser rewrites the ledger, with the append-only triggers bypassed
 * (`session_replication_role = replica`), each time in a database of its own. The auditor's command
 * names the entry; and when the superuser also rebuilds the tree so that the server's answers look
 * consistent, a checkpoint a member saved before the change no longer checks against the new ones.
 */
const PUBLIC_URL = 'https://mixx.example';
const HISTORY = '{ me { consentHistory(first: 50) { edges { node { ledgerIndex receipt } } } } }';

export type Tamper = {
  name: string;
  sql: string[];
  names: RegExp;
  /** The member whose receipts now show a changed entry: one of them must fail the offline check. */
  breaksReceiptOf?: 'a' | 'b';
};

/** One tampering, in a test file of its own: Mixx reads its database once per process. */
export function tamperTest(tamper: Tamper): void {
  it(`${tamper.name}: ledger:verify names the entry, and a saved checkpoint no longer checks`, async () => {
    const fresh = await freshDatabase();
    const smtp = await startSmtp();
    const env = { PUBLIC_URL, DATABASE_URL: fresh.url, SMTP_URL: smtp.url };
    let mixx = await startTestMixx({ env, withAdmin: false });
    const superuser = new pg.Client({ connectionString: fresh.url });
    await superuser.connect();
    try {
      const setCookies = (auth: Record<string, string>, analytics: boolean) =>
        mixx.gql(
          `mutation { setCookiePreferences(input: { preferences: true, analytics: ${analytics} }) { analytics } }`,
          {},
          auth,
        );
      const history = async (auth: Record<string, string>) => mixx.gql(HISTORY, {}, auth);
      const checkpoint = async () => (await mixx.gql('{ ledgerCheckpoint { size rootHash signedNote } }')).data.ledgerCheckpoint;
      // Entries 0-1 and 3-4: policy acceptances at registration; 2 and 5: cookie choices.
      const a = await makeMember(mixx, smtp);
      await setCookies(a.auth, true);
      const b = await makeMember(mixx, smtp);
      await setCookies(b.auth, false);
      expect((await history(b.auth)).errors).toBeUndefined(); // signs a checkpoint covering entry 5
      const saved = await checkpoint();
      expect(saved.size).toBe(6);
      const jwks = await jwksOf(mixx.url);
      expect(await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL })).toMatchObject({ code: 0 });

      const asSuperuser = async (statements: string[]) => {
        await superuser.query('BEGIN');
        await superuser.query('SET LOCAL session_replication_role = replica');
        for (const statement of statements) await superuser.query(statement);
        await superuser.query('COMMIT');
      };
      await asSuperuser(tamper.sql);
      const caught = await ledgerVerify({ databaseUrl: fresh.url, publicUrl: PUBLIC_URL });
      expect(caught.code).toBe(1);
      expect(caught.stdout).toMatch(tamper.names);
      if (tamper.breaksReceiptOf) {
        // Receipts are made from the entries as they are now: a changed one no longer leads to the root.
        const nodes = (await history(tamper.breaksReceiptOf === 'a' ? a.auth : b.auth)).data.me.consentHistory.edges;
        const verdicts = nodes.map((e: any) => {
          try {
            verifyReceipt(e.node.receipt, JSON.parse(jwks));
            return 'verified';
          } catch (error) {
            return (error as Error).message;
          }
        });
        expect(verdicts).toContain('the inclusion proof does not lead to the checkpoint root');
      }

      // The cover-up: a tree rebuilt over the rewritten entries. The server will not sign it while
      // its last checkpoint says otherwise…
      await asSuperuser(['DELETE FROM ledger_node']);
      await superuser.query('BEGIN');
      await buildMissingTree(pgSql(superuser));
      await superuser.query('COMMIT');
      await setCookies(b.auth, true);
      const refused = await history(b.auth);
      expect(refused.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(mixx.logLines().some((l) => JSON.stringify(l).includes('refusing to sign a rewritten history'))).toBe(true);
      expect((await checkpoint()).size).toBe(6);
      // A restart reports the fork and serves on: consent must still be recordable.
      await mixx.close();
      mixx = await startTestMixx({ env, withAdmin: false });
      expect(mixx.logLines().some((l) => l.msg === 'ledger checkpoint not signed')).toBe(true);
      expect((await setCookies(b.auth, false)).errors).toBeUndefined();

      // …so the superuser deletes the checkpoints too, and the server signs the rewritten tree.
      await asSuperuser(['DELETE FROM ledger_checkpoint']);
      expect((await history(b.auth)).errors).toBeUndefined();
      const rewritten = await checkpoint();
      const proof = await mixx.gql('query($a: Int!, $b: Int!) { ledgerConsistencyProof(from: $a, to: $b) }', {
        a: saved.size,
        b: rewritten.size,
      });
      expect(proof.errors).toBeUndefined();
      const check = await verifyOffline('consistency', {
        'saved.txt': saved.signedNote,
        'now.txt': rewritten.signedNote,
        'proof.json': JSON.stringify(proof.data.ledgerConsistencyProof),
        'jwks.json': jwks,
      });
      expect(check).toMatchObject({ code: 1, stderr: expect.stringContaining('history was rewritten') });
    } finally {
      await superuser.end();
      await mixx.close();
      await smtp.close();
      await fresh.drop();
    }
  }, 120_000);
}
