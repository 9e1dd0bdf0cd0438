import { describe } from 'vitest';
import { tamperTest } from './support/ledger-tamper.ts';

describe('a superuser who rewrites the ledger', () => {
  tamperTest({
    name: 'changes one field of an old entry',
    sql: [`UPDATE consent_event SET source = 'system' WHERE ledger_index = 1`],
    names: /^ledger:verify: entry 1 \(id [0-9a-f-]{36}\) does not match its leaf in the tree\n$/,
    breaksReceiptOf: 'a',
  });
});
