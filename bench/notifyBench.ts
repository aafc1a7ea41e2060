/**
 * `npm run --silent bench:notify -- [--notices 50000] [--runs 5] [--json]`:
 * what one poll of the notice worker costs when `--notices` notices were
 * sent before and none is due — the claim it made on every notice (before)
 * beside the claim on the outbox of undelivered ones (now), on the same
 * data. Medians of `--runs`. Uses MONGODB_URI or the embedded database.
 */
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { notificationModel } from '../models/notification';
import { notificationOutboxModel } from '../models/embedded/notificationOutbox';
import { createLogger } from '../core/logger';
import { DeliveryWorker } from '../services/notify/deliveryWorker';
import { NotificationRepository } from '../models/notificationRepository';
import { loadAverage, runBench, time, withBenchDatabase } from './benchDatabase';

const { values } = parseArgs({
  options: {
    notices: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const NOTICES = Number(values.notices);
const RUNS = Number(values.runs);

runBench(async () => {
  await withBenchDatabase('notifybench', async ({ conn, dbName, embedded }) => {
    const notices = notificationModel(conn);
    await notices.createIndexes();
    await notificationOutboxModel(conn).createIndexes();
    const now = new Date();
    for (let done = 0; done < NOTICES; done += 1000) {
      const batch = [];
      for (let i = done; i < Math.min(NOTICES, done + 1000); i++) {
        batch.push({ _id: new Types.ObjectId(), reportId: new Types.ObjectId(), target: 'authority', authorityId: 'nccos', channel: 'webhook', dedupeKey: `bench|${i}`, state: 'sent', attempts: 1, nextAttemptAt: now, leaseUntil: null, lastError: null, sentAt: now, createdAt: now, updatedAt: now });
      }
      await notices.collection.insertMany(batch, { ordered: false });
    }
    if (embedded) await embedded.indexIdLookups(dbName);
    const before = (await time(RUNS, () =>
      notices.findOneAndUpdate(
        { $or: [{ state: 'pending', nextAttemptAt: { $lte: now } }, { state: 'sending', leaseUntil: { $lte: now } }] },
        { $set: { state: 'sending', leaseUntil: now, updatedAt: now } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      ).lean(),
    )).medianMs;
    const unused = { send: () => Promise.reject(new Error('nothing is due')) } as never;
    const worker = new DeliveryWorker(new NotificationRepository(conn), { directory: async () => undefined, onduty: {}, webhook: unused, email: unused, dashboardUrl: 'https://example.org', maxAttempts: 3, backoffBaseMs: 1000, backoffMaxMs: 60_000, pollMs: 60_000 }, createLogger('error'));
    const now2 = (await time(RUNS, () => worker.processDue())).medianMs;
    const out = { sentNotices: NOTICES, server: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI', runs: RUNS, pollBeforeMs: before, pollNowMs: now2, load: loadAverage() };
    if (!values.json) {
      console.log(`notice worker poll with ${NOTICES} sent notices and none due (${out.server}, median of ${RUNS}): claim on every notice ${before} ms, on the outbox ${now2} ms; load average ${out.load.join(' ')}`);
    }
    console.log(JSON.stringify(out));
  });
});
