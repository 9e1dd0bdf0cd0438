/**
 * npm run partner:documents -- --client-id ID --manifest FILE
 * Exit 0: one line of JSON {"registered":n,"known":m} on stdout. Exit 1: bad input, a document
 * that does not fit the schema or asks beyond the partner's scopes (named), nothing registered.
 */

import { keepAliveFor } from '../src/cli/lib/settle.ts';
import { partnerDocumentsCommand } from '../src/cli/partner-documents.command.ts';

keepAliveFor(5 * 60_000, 'partner:documents');

partnerDocumentsCommand(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
