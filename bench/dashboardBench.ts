/**
 * `npx tsx bench/dashboardBench.ts [--count 100000] [--json]`: seeds that many
 * reports and times the dashboard queue — page 1, a deep keyset page (after
 * 90 % of the queue), a filtered page, the alert count — against the same
 * query with `skip` for contrast. Numbers, not pass/fail. Uses MONGODB_URI or
 * the embedded database in a temporary folder.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import mongoose, { Types } from 'mongoose';
import { reportModel, urgencyRank } from '../models/report';
import { startEmbeddedDatabase } from '../server/db/embedded';
import { ReportQueue } from '../services/dashboard/reportQueue';
import { CATEGORIES, URGENCIES } from '../services/routing/types';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } } });
const COUNT = Number(values.count);

async function time<T>(runs: number, fn: () => Promise<T>): Promise<{ medianMs: number; result: T }> {
  const ms: number[] = [];
  let result!: T;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: Math.round(ms[Math.floor(ms.length / 2)]! * 10) / 10, result };
}

async function main(): Promise<void> {
  let uri = process.env.MONGODB_URI;
  const tmp = uri ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-dashbench-'));
  const embedded = tmp ? await startEmbeddedDatabase({ dir: tmp }) : undefined;
  uri = embedded?.uri ?? uri!;
  const dbUri = new URL(uri);
  dbUri.pathname = `/dashbench_${randomBytes(3).toString('hex')}`;
  const conn = await mongoose.createConnection(dbUri.toString(), { autoIndex: false }).asPromise();
  try {
    const model = reportModel(conn);
    await model.createIndexes();
    const queue = new ReportQueue(conn);
    await queue.init();

    const blob = { kid: 'b1', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AAAA' };
    const t0 = Date.now() - COUNT * 60_000;
    const seedStart = Date.now();
    for (let done = 0; done < COUNT; done += 1000) {
      const batch = [];
      for (let i = done; i < Math.min(COUNT, done + 1000); i++) {
        const urgency = URGENCIES[i % 50 === 0 ? 2 : i % 5 === 0 ? 1 : 0]!;
        const createdAt = new Date(t0 + i * 60_000);
        batch.push({
          _id: new Types.ObjectId(), caseCode: `B${i.toString(36).toUpperCase().padStart(12, '0')}`, submissionKey: `s${i}`, passphraseHash: null,
          access: { failures: 0, lockouts: 0 }, locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category: CATEGORIES[i % CATEGORIES.length]!,
          platforms: ['instagram'], urgency, urgencyRank: urgencyRank(urgency), ongoing: false, flags: [], narrative: blob, evidence: null, hasContact: false,
          routing: [{ authorityId: i % 3 === 0 ? 'police-vtk' : 'nccos', reason: 'bench' }], status: i % 7 === 0 ? 'closed' : 'new',
          statusHistory: [{ status: 'new', at: createdAt }], forwards: [], notes: [], retention: {}, unreadByStaff: 0, createdAt, updatedAt: createdAt,
        });
      }
      await model.collection.insertMany(batch, { ordered: false });
    }
    const seedMs = Date.now() - seedStart;

    const viewer = { userId: 'bench', role: 'reviewer' as const };
    const first = await time(3, () => queue.page(viewer, { limit: 25, status: 'all' }));
    // A cursor 90 % of the way down the queue (found once, untimed).
    const deepDoc = await model.find({}, { urgencyRank: 1, createdAt: 1 }).sort({ urgencyRank: -1, createdAt: 1, _id: 1 }).skip(Math.floor(COUNT * 0.9)).limit(1).lean().exec();
    const d = deepDoc[0]!;
    const cursor = Buffer.from(JSON.stringify({ u: d.urgencyRank, c: d.createdAt.getTime(), i: d._id.toHexString() })).toString('base64url');
    const deep = await time(3, () => queue.page(viewer, { limit: 25, status: 'all', cursor }));
    const skipDeep = await time(1, () => model.find({}).sort({ urgencyRank: -1, createdAt: 1, _id: 1 }).skip(Math.floor(COUNT * 0.9)).limit(26).lean().exec());
    const filtered = await time(3, () => queue.page(viewer, { limit: 25, status: 'new', category: 'grooming' }));
    const authority = await time(3, () => queue.page({ userId: 'bench', role: 'authority', authorityId: 'police-vtk' }, { limit: 25, status: 'open' }));
    const alerts = await time(3, () => queue.immediateOpen(viewer));
    const out = {
      reports: COUNT,
      server: embedded ? `embedded ${embedded.kind}` : 'MONGODB_URI',
      seedMs,
      page1Ms: first.medianMs,
      deepKeysetPageMs: deep.medianMs,
      deepSkipPageMs: skipDeep.medianMs,
      filteredPageMs: filtered.medianMs,
      authorityScopedPageMs: authority.medianMs,
      alertCountMs: alerts.medianMs,
      deepPageRows: deep.result.items.length,
    };
    if (!values.json) console.log(`dashboard queue at ${COUNT} reports (${out.server}): page 1 ${out.page1Ms} ms, deep keyset page ${out.deepKeysetPageMs} ms (skip: ${out.deepSkipPageMs} ms), filtered ${out.filteredPageMs} ms, authority-scoped ${out.authorityScopedPageMs} ms, alert count ${out.alertCountMs} ms; seeding took ${seedMs} ms`);
    console.log(JSON.stringify(out));
  } finally {
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    await embedded?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
