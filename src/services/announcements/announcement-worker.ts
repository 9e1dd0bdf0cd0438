import type { Payload } from 'payload';
import PgBoss from 'pg-boss';
import type { Runtime } from '../runtime.ts';
import { Scope } from '../scope.ts';
import { sendAnnouncement } from './announcement.service.ts';
import { registerAnnouncementQueue } from './announcement-queue.ts';

const QUEUE = 'announcements';

/**
 * The durable queue of announcement deliveries, in PostgreSQL (pg-boss, schema `pgboss`). A job
 * that dies half-way (a crash, a restart) runs again; delivery records make the re-run skip every
 * member already reached, so nobody gets a message twice.
 */
export async function startAnnouncementWorker(deps: {
  databaseUrl: string;
  runtime: Runtime;
  payload: Payload;
  mailsPerSecond?: number;
}) {
  const boss = new PgBoss({ connectionString: deps.databaseUrl, schema: 'pgboss', max: 3, schedule: false });
  boss.on('error', (error) => deps.runtime.log.error({ msg: 'announcement queue error', error: (error as Error).name }));
  await boss.start();
  await boss.createQueue(QUEUE, {
    name: QUEUE,
    policy: 'singleton',
    retryLimit: 5,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 6 * 3600,
  });
  await boss.work<{ announcementId: string }>(QUEUE, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const report = await sendAnnouncement(
      { scope: new Scope(deps.runtime, { kind: 'system', reason: 'announcement queue' }), payload: deps.payload },
      job.data.announcementId,
      { mailsPerSecond: deps.mailsPerSecond },
    );
    deps.runtime.log.info({
      msg: 'announcement sent',
      announcement: job.data.announcementId,
      sent: report.sent,
      failed: report.failed,
    });
  });
  registerAnnouncementQueue(async (announcementId) => {
    await boss.send(QUEUE, { announcementId }, { singletonKey: announcementId });
  });
  return {
    stop: async () => {
      registerAnnouncementQueue(undefined);
      await boss.stop({ graceful: true, timeout: 10_000, wait: true });
    },
  };
}
