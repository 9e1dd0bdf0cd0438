import { describe } from 'vitest';
import { tamperTest } from './support/ledger-tamper.ts';

describe('a superuser who rewrites the ledger', () => {
  tamperTest({
    name: 'deletes the last entry',
    sql: ['DELETE FROM consent_event WHERE ledger_index = 5'],
    names: /^ledger:verify: entry 5 is missing from the ledger \(the tree has 6 leaves\)\n$/,
  });
});
