/**
 * Signed webhooks (TARGETS.md): events per second that `POST /webhooks/stripe` verifies and
 * applies at 10 connections, each event applied once. Every request carries a new event, signed
 * as it is sent (the package's generateTestHeaderString, a fresh timestamp); afterwards the
 * database must hold exactly one event row and one effect per answered request.
 * - `invoice.paid`: a new invoice of one of 100 customers (an upsert, no lock on the member);
 * - `customer.subscription.created`: a new subscription of one of 100 members (the member's row
 *   locked, the state written, the plan recomputed).
 * The compiled server runs in a child process (bench/mixx-server.mjs) against a provider stand-in
 * in this one, which answers no call during the run (no event ties with a stored state).
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import Stripe from 'stripe';
import { eventObject, invoiceObject, providerId, stamp, subscriptionObject } from '../test/support/stripe-objects.ts';
import { startStripeStandIn } from '../test/support/stripe-standin.ts';
import { type BenchResult, benchDatabase, quantile, startBenchServer } from './support.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 10;
const CUSTOMERS = 100;

type Result = { requests: { average: number }; errors: number; non2xx: number; timeouts: number; '2xx': number };
type Autocannon = (
  opts: Record<string, unknown>,
  cb: (error: Error | null, result: Result) => void,
) => { on: (event: 'response', fn: (c: unknown, status: number, bytes: number, ms: number) => void) => void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export async function billingBench(): Promise<BenchResult[]> {
  const databaseUrl = await benchDatabase('mixx_bench_billing');
  const standIn = await startStripeStandIn();
  const { url, child, stop } = await startBenchServer({
    databaseUrl,
    env: { ...standIn.env, MIXX_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'mixx-bench-billing-')), LOG_LEVEL: 'warn' },
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  try {
    await db.connect();
    const customers = await makeCustomers(db);
    let n = 0;
    const next = {
      'invoice.paid': () => {
        const customer = customers[n++ % customers.length] as string;
        const created = stamp();
        const invoice = invoiceObject({
          id: providerId('in'),
          number: `BENCH-${n}`,
          customer,
          subscription: `sub_bench${n % customers.length}`,
          price: standIn.price,
          created,
          periodEnd: created + 30 * 86_400,
          paid: true,
        });
        return eventObject('invoice.paid', invoice);
      },
      'customer.subscription.created': () => {
        const customer = customers[n++ % customers.length] as string;
        const created = stamp();
        const sub = subscriptionObject({
          id: providerId('sub'),
          customer,
          price: standIn.price,
          created,
          periodEnd: created + 86_400,
        });
        return eventObject('customer.subscription.created', sub);
      },
    };
    const results: BenchResult[] = [];
    for (const [type, make] of Object.entries(next)) {
      await run(url, standIn.webhookSecret, make, Math.max(2, Math.round(DURATION / 3))); // warm-up
      await settle();
      const before = await rows(db);
      const latencies: number[] = [];
      const result = await run(url, standIn.webhookSecret, make, DURATION, latencies);
      await settle();
      const after = await rows(db);
      const answered = result['2xx'];
      if (result.errors || result.non2xx || result.timeouts) {
        throw new Error(`${type}: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
      }
      const stored = after.events - before.events;
      const effects = type === 'invoice.paid' ? after.invoices - before.invoices : after.subscriptions - before.subscriptions;
      if (stored < answered || stored > answered + CONNECTIONS || effects !== stored) {
        throw new Error(`${type}: ${answered} answered, ${stored} events stored, ${effects} effects`);
      }
      // The last events once more, all at once: each is a duplicate and changes nothing.
      const again = await Promise.all(
        sent.slice(-100, -2 * CONNECTIONS).map((payload) =>
          fetch(`${url}/webhooks/stripe`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret: standIn.webhookSecret }),
            },
            body: payload,
          }).then((r) => r.json() as Promise<{ outcome?: string }>),
        ),
      );
      const replayed = await rows(db);
      if (
        again.some((r) => r.outcome !== 'duplicate') ||
        replayed.events !== after.events ||
        replayed.invoices !== after.invoices
      ) {
        throw new Error(`${type}: a redelivered event was applied again`);
      }
      latencies.sort((a, b) => a - b);
      results.push({
        name: `signed webhook ${type}, ${CONNECTIONS} connections`,
        rps: result.requests.average,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        note: `${answered} events, each applied once`,
      });
    }
    return results;
  } finally {
    await db.end().catch(() => {});
    const exited = new Promise((resolve) => child.once('exit', resolve));
    stop();
    await exited;
    await standIn.close();
  }
}

/** Members with a provider customer each, made in SQL (the checkout is not what is measured). */
async function makeCustomers(db: pg.Client): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const { rows } = await db.query(
      `WITH m AS (INSERT INTO member (email, display_name, password_hash, email_verified_at)
                  VALUES ($1, 'Bench payer', 'not-a-hash', now()) RETURNING id)
       INSERT INTO billing_customer (member_id, provider_customer_id) SELECT id, $2 FROM m RETURNING provider_customer_id`,
      [`bench-payer-${Date.now().toString(36)}-${i}@example.org`, providerId('cus')],
    );
    ids.push(rows[0].provider_customer_id);
  }
  return ids;
}

async function rows(db: pg.Client) {
  const { rows } = await db.query(`SELECT (SELECT count(*) FROM billing_event)::int AS events,
    (SELECT count(*) FROM billing_invoice)::int AS invoices, (SELECT count(*) FROM billing_subscription)::int AS subscriptions`);
  return rows[0] as { events: number; invoices: number; subscriptions: number };
}

/** Requests still in flight when a load stops are answered to nobody but may still be applied. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

/** The bodies of the events sent last, for the redelivery check. */
const sent: string[] = [];

function run(url: string, secret: string, make: () => object, duration: number, latencies?: number[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration,
        requests: [
          {
            method: 'POST',
            path: '/webhooks/stripe',
            setupRequest: (request: Record<string, unknown>) => {
              const payload = JSON.stringify(make());
              sent.push(payload);
              if (sent.length > 200) sent.splice(0, 100);
              const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
              return {
                ...request,
                body: payload,
                headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (latencies) instance.on('response', (_c, status, _b, ms) => status < 300 && latencies.push(ms));
  });
}
