import type { EntityManager } from '@mikro-orm/postgresql';
import { purgeBillingRecords } from './billing/billing.queries.ts';
import { purgeStaleVisitors } from './consent/cookie-preferences.service.ts';
import { purgeIdleDevices } from './members/devices.ts';
import { purgeExpiredSessions } from './members/session.service.ts';
import { purgeExpiredOauth } from './partners/oidc-adapter.ts';
import type { Runtime } from './runtime.ts';

const DAY_MS = 86_400_000;

/**
 * Data that serves nobody any more goes: expired sessions, used or expired e-mail tokens, expired
 * OAuth codes and tokens, anonymous visitors' cookie choices 13 months after their last change,
 * devices unused for a year, billing event ids after 30 days and invoices when their tax retention
 * ends. Runs at start-up and then daily; every step is an idempotent delete, so several instances
 * may run it.
 */
export async function purgeStaleData(em: EntityManager): Promise<Record<string, number>> {
  const tokens: { n: number }[] = await em
    .getConnection()
    .execute(
      `WITH gone AS (DELETE FROM member_token WHERE expires_at < now() - interval '1 day' OR used_at < now() - interval '1 day' RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    );
  return {
    sessions: await purgeExpiredSessions(em),
    tokens: tokens[0]?.n ?? 0,
    visitors: await purgeStaleVisitors(em),
    devices: await purgeIdleDevices(em),
    oauth: await purgeExpiredOauth(em),
    billing: await purgeBillingRecords(em),
  };
}

export function scheduleMaintenance(runtime: Runtime): { stop: () => Promise<void> } {
  const run = () =>
    purgeStaleData(runtime.orm.em.fork()).then(
      (purged) => runtime.log.info({ msg: 'purged stale data', ...purged }),
      (error: Error) => runtime.log.error({ msg: 'purging stale data failed', error: error.name }),
    );
  const first = setTimeout(run, 5_000);
  const daily = setInterval(run, DAY_MS);
  first.unref();
  daily.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(daily);
    },
  };
}
