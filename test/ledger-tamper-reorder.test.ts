import { describe } from 'vitest';
import { tamperTest } from './support/ledger-tamper.ts';

describe('a superuser who rewrites the ledger', () => {
  tamperTest({
    name: 'reorders two entries',
    sql: [
      'UPDATE consent_event SET ledger_index = 1000000 WHERE ledger_index = 0',
      'UPDATE consent_event SET ledger_index = 0 WHERE ledger_index = 3',
      'UPDATE consent_event SET ledger_index = 3 WHERE ledger_index = 1000000',
    ],
    names: /^ledger:verify: entry 0 \(id [0-9a-f-]{36}\) does not match its leaf in the tree\n$/,
    breaksReceiptOf: 'b',
  });
});
