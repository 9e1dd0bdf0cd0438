/**
 * Closing pools at the end of a command is a courtesy to the database, not part of the result:
 * it gets a few seconds (a timer keeps the process alive meanwhile), and the command exits with
 * its own status either way. Without the bound, a close that never settles (Payload's pool waiting
 * on a client) let the event loop drain and Node exit with 13 instead of the command's status.
 */
export async function closeWithin(ms: number, ...steps: (() => unknown)[]): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  const closing = (async () => {
    for (const step of steps) await Promise.resolve(step()).catch(() => {});
  })();
  await Promise.race([closing, deadline]);
  clearTimeout(timer);
}

/**
 * Keeps a command's process alive until it decides to exit: some database clients unref their
 * sockets when idle, and a pending promise alone does not hold the event loop open (Node then
 * exits with 13, losing the command's status). After `ms` the command gives up with status 1.
 */
export function keepAliveFor(ms: number, what: string): void {
  const started = Date.now();
  const timer = setInterval(() => {
    if (Date.now() - started > ms) {
      process.stderr.write(`${what}: gave up after ${Math.round(ms / 1000)} s\n`);
      process.exit(1);
    }
  }, 250);
  timer.ref();
}
