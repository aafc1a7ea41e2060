import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { reportModel, type ReportDoc } from '../../../models/report';
import { createLogger } from '../../../core/logger';
import { createReportServices, type ReportServices } from '../../../services/reports/index';
import { dropTestDb, openTestDb } from '../../support/db';
import { LogCapture } from '../../support/server';
import { forbiddenKeysIn } from '../../support/forbiddenKeys';
import { openEvidence } from '../../../services/reports/reportEvidence';
import { loadSection } from '../../../core/config';

/** Keys SPEC.md section 5 forbids anywhere in what MongoDB holds. */
const NARRATIVE =
  'Zovem se Milica, imam 12 godina. Marko Jovanović mi piše na Instagramu sa profila @marko_tajni77 ' +
  'i šalje link https://instagram.com/marko_tajni77 pa traži fotografije. Njegov broj je 064 123 4567, ' +
  'mejl marko.jovanovic77@gmail.com. Kaže da ćemo se naći u subotu kod škole.';

const NEEDLES = [
  'Milica', 'Marko', 'Jovanović', 'marko_tajni77', 'instagram.com/marko', '064 123 4567', '0641234567', 'marko.jovanovic77',
  'fotografije', 'subotu', 'Instagramu', 'Zovem se', 'Jelena Petrović', 'jelena.petrovic@example.org', '+381 63 765 4321',
  'ponovo mi je pisao', 'drugi_nalog_99', 'Hvala ti što si nam se javila',
];

describe('privacy: what MongoDB, the spool and the log hold (real anonymiser and router)', function () {
  this.timeout(60_000);
  let conn: Connection;
  let services: ReportServices;
  let dir: string;
  let logs: LogCapture;
  const keys = `p1:${randomBytes(32).toString('base64')}`;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-privacy-'));
    conn = await openTestDb('privacy');
    logs = new LogCapture();
    services = createReportServices(conn, loadSection('reports', { DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: keys, LOG_LEVEL: 'debug' }), createLogger('debug', logs));
    await services.ensureIndexes();
  });
  after(async () => {
    await services.stop();
    await dropTestDb(conn);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when reports with identifiers, contact details and messages are stored, then no plaintext and no forbidden key is in any collection', async () => {
    const submissions = [
      { reporterRole: 'pupil', victimAge: 'under14', category: 'grooming', meetingPlanned: true, victimIsPupil: true },
      { reporterRole: 'parent', victimAge: '14-17', category: 'sextortion', deadlineRunning: true, contact: { consent: true, name: 'Jelena Petrović', email: 'jelena.petrovic@example.org', phone: '+381 63 765 4321' } },
    ];
    const results = [];
    for (const s of submissions) {
      results.push(await services.submitter.submit({ submissionId: randomUUID(), platforms: ['instagram'], ongoing: true, municipality: 'novi-sad', narrative: NARRATIVE, ...s }));
    }
    // The real router: grooming of a child under 14 with a meeting planned is immediate and goes to the police.
    assert.equal(results[0]!.urgency, 'immediate');
    assert.ok(results[0]!.authorities.some((a) => a.id === 'police-vtk'));
    assert.ok(results[0]!.authorities.some((a) => a.id === 'nccos'));

    const verified = await services.followUp.verify(results[0]!.caseCode, results[0]!.passphrase!);
    assert.ok(verified.ok);
    if (!verified.ok) return;
    await services.followUp.postReporterMessage(verified.token, 'Marko Jovanović ponovo mi je pisao sa @drugi_nalog_99');
    const report = (await reportModel(conn).findOne({ caseCode: results[0]!.caseCode }).lean<ReportDoc>())!;
    await services.followUp.postStaffMessage(report._id.toHexString(), 'staff-1', 'Hvala ti što si nam se javila.');

    // The real anonymiser removed the identifiers; links and handles went to the encrypted evidence.
    const reportId = report._id.toHexString();
    const narrative = services.cipher.decrypt(report.narrative!, { reportId, field: 'narrative' });
    for (const id of ['Milica', 'Marko', 'Jovanović', '064 123 4567', 'marko.jovanovic77@gmail.com', '@marko_tajni77']) {
      assert.ok(!narrative.includes(id), `anonymised narrative still has ${id}: ${narrative}`);
    }
    const evidence = openEvidence(services.cipher, report)!;
    assert.ok(evidence.urls.some((u) => u.includes('instagram.com/marko_tajni77')), JSON.stringify(evidence));
    assert.ok(evidence.handles.some((h) => h.includes('drugi_nalog_99')), JSON.stringify(evidence));

    const needles = [...NEEDLES, ...results.map((r) => r.passphrase!)];
    const collections = (await conn.db!.listCollections().toArray()).map((c) => c.name);
    for (const required of ['reports', 'reporter_contacts', 'case_messages']) assert.ok(collections.includes(required), `${required} exists`);
    for (const name of collections) {
      const docs = await conn.db!.collection(name).find().toArray();
      const raw = JSON.stringify(docs);
      for (const needle of needles) assert.ok(!raw.toLowerCase().includes(needle.toLowerCase()), `${name} holds "${needle}" in clear`);
      const bad = forbiddenKeysIn(docs);
      assert.deepEqual(bad, [], `${name} has forbidden keys`);
    }
    for (const needle of needles) assert.ok(!logs.lines.some((l) => l.toLowerCase().includes(needle.toLowerCase())), `the log holds "${needle}"`);
  });

  it('when the database is unreachable, then the spooled file holds no plaintext either', async () => {
    const down = mongoose.createConnection('mongodb://127.0.0.1:9/none?directConnection=true', { serverSelectionTimeoutMS: 300 });
    down.on('error', () => undefined);
    const spoolDir = path.join(dir, 'spool-down');
    const offline = createReportServices(down, loadSection('reports', { DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: keys, SPOOL_DIR: spoolDir, REPORT_STORE_TIMEOUT_MS: '500' }), createLogger('silent'), {
      route: async () => ({ urgency: 'high', authorities: [{ id: 'nccos', reason: 'x' }] }),
    });
    const res = await offline.submitter.submit({
      submissionId: randomUUID(), reporterRole: 'parent', category: 'grooming', narrative: NARRATIVE,
      contact: { consent: true, name: 'Jelena Petrović', email: 'jelena.petrovic@example.org' },
    });
    assert.equal(res.stored, 'spool');
    const files = fs.readdirSync(spoolDir).filter((f) => f.endsWith('.spool'));
    assert.equal(files.length, 1);
    const raw = fs.readFileSync(path.join(spoolDir, files[0]!), 'utf8');
    for (const needle of [...NEEDLES, res.passphrase!, res.caseCode, 'grooming', 'parent']) {
      assert.ok(!raw.toLowerCase().includes(needle.toLowerCase()), `spool file holds "${needle}" in clear`);
    }
    assert.equal(fs.statSync(path.join(spoolDir, files[0]!)).mode & 0o777, 0o600);
    await offline.stop();
    await down.close(true).catch(() => undefined);
  });
});
