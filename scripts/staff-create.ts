/**
 * npm run staff:create -- --email E --password P [--role admin|editor]
 * Exit 0: created. Exit 1: invalid input or the address already exists (with a message).
 */

import { keepAliveFor } from '../src/cli/lib/settle.ts';
import { staffCreateCommand } from '../src/cli/staff-create.command.ts';

keepAliveFor(5 * 60_000, 'staff:create');

staffCreateCommand(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
