import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../../models/report';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../server/db/embedded';
import { argon2Hasher } from '../../../services/reports/passphrase';
import type { SubmitResult } from '../../../services/reports/submitReport';
import { draft, ensureIndexes, makeRig, type Rig } from './fixtures';

describe('submitReport during a database outage (embedded database started by the test)', function () {
  this.timeout(180_000);
  let db: EmbeddedDatabase | undefined;
  let conn: Connection | undefined;
  let rig: Rig | undefined;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-spool-outage-'));
    db = await startEmbeddedDatabase({ dir });
    conn = await mongoose.createConnection(db.uri, { serverSelectionTimeoutMS: 1500, autoIndex: false }).asPromise();
    await ensureIndexes(conn);
    rig = makeRig(conn, { storeTimeoutMs: 1500 });
  });
  after(async () => {
    rig?.cleanup();
    await conn?.close(true).catch(() => undefined);
    await db?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the database stops mid-burst and comes back, then every report is stored exactly once and none is lost', async () => {
    const r = rig!;
    const drafts = Array.from({ length: 24 }, (_, i) => draft({ category: i % 2 ? 'sextortion' : 'grooming', narrative: `Prijava broj ${i}: Marko traži slike preko @lik${i}.` }));
    const results = new Map<string, SubmitResult>();
    const retries: Promise<SubmitResult>[] = [];
    const port = db!.port;

    // Three at a time. The database is stopped while batch 3 is in flight (FerretDB finishes the
    // requests it holds, then exits), stays down for batches 4 and 5, and is back from batch 6.
    for (let batch = 0; batch < 8; batch++) {
      if (batch === 5) db = await startEmbeddedDatabase({ dir, port });
      const slice = drafts.slice(batch * 3, batch * 3 + 3);
      const inFlight = slice.map((d) => r.submitter.submit(d).then((res) => results.set(d.submissionId as string, res)));
      if (batch === 2) await db!.stop();
      await Promise.all(inFlight);
      // A reporter retrying during the outage gets the same code back.
      if (batch === 4) retries.push(r.submitter.submit(drafts[10]!));
    }

    const viaSpool = [...results.values()].filter((x) => x.stored === 'spool').length;
    assert.equal(results.size, 24, 'every reporter got an answer');
    assert.ok(viaSpool > 0, 'some reports went to the spool');
    assert.ok(viaSpool < 24, 'some reports went straight to the database');
    assert.ok([...results.values()].every((x) => x.passphrase && !x.alreadySubmitted));
    const retry = await retries[0]!;
    assert.equal(retry.caseCode, results.get(drafts[10]!.submissionId as string)!.caseCode);
    assert.equal(retry.alreadySubmitted, true);
    assert.ok(fs.readdirSync(r.spoolDir).filter((f) => f.endsWith('.spool')).length > 0, 'spool files exist before the flush');

    // Flush until the spool is empty (the driver needs a moment to see the database again).
    const deadline = Date.now() + 90_000;
    for (;;) {
      const flushed = await r.flusher.flush();
      if (flushed.remaining === 0 && !flushed.databaseDown) break;
      assert.ok(Date.now() < deadline, `spool not flushed in time: ${JSON.stringify(flushed)}`);
      await new Promise((res) => setTimeout(res, 500));
    }

    assert.deepEqual(fs.readdirSync(r.spoolDir).filter((f) => !f.startsWith('.')), [], 'spool emptied');
    const docs = await reportModel(conn!).find().lean<ReportDoc[]>();
    assert.equal(docs.length, 24, 'exactly one stored report per submission');
    assert.equal(new Set(docs.map((d) => d.submissionKey)).size, 24);
    const byCode = new Map(docs.map((d) => [d.caseCode, d]));
    for (const res of results.values()) {
      const doc = byCode.get(res.caseCode);
      assert.ok(doc, `case code ${res.caseCode} given to a reporter is stored`);
    }
    // A spooled report's passphrase (given while the database was down) works once it is stored.
    const spooled = [...results.values()].find((x) => x.stored === 'spool')!;
    assert.equal(await argon2Hasher.verify(byCode.get(spooled.caseCode)!.passphraseHash!, spooled.passphrase!), true);
    assert.ok(r.logs.events().includes('report.spooled'));
    assert.ok(r.logs.events().includes('spool.flushed'));
  });
});
