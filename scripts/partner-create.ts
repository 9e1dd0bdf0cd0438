/**
 * npm run partner:create -- --name N --redirect-uri U [--redirect-uri U2 …] --scopes "openid profile …" [--public]
 * Exit 0: one line of JSON {"clientId":…,"clientSecret":…} on stdout. Exit 1: bad input (with a message).
 */

import { keepAliveFor } from '../src/cli/lib/settle.ts';
import { partnerCreateCommand } from '../src/cli/partner-create.command.ts';

keepAliveFor(5 * 60_000, 'partner:create');

partnerCreateCommand(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
