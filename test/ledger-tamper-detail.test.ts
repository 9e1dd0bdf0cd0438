import { describe } from 'vitest';
import { tamperTest } from './support/ledger-tamper.ts';

describe('a superuser who rewrites the ledger', () => {
  tamperTest({
    name: "changes an old entry's detail",
    sql: [`UPDATE consent_event SET detail = '{"preferences": true, "analytics": false}' WHERE ledger_index = 2`],
    names: /^ledger:verify: entry 2 \(id [0-9a-f-]{36}\) does not match its leaf in the tree\n$/,
    breaksReceiptOf: 'a',
  });
});
