// The loaded catalog benchmark's CPU competitor: spins for a share of every 100 ms (argv[2], 0–1],
// so that it takes that fixed share of one core for as long as it runs, like a busy neighbour.
const share = Number(process.argv[2]);
const PERIOD_MS = 100;
const busyMs = share * PERIOD_MS;
for (;;) {
  const started = performance.now();
  while (performance.now() - started < busyMs) {
    // spin
  }
  await new Promise((resolve) => setTimeout(resolve, PERIOD_MS - busyMs));
}
