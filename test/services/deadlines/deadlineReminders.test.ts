import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'mongoose';
import { DeadlineReminderRepository } from '../../../models/deadlineReminder';
import { reportModel, type ReportDoc } from '../../../models/report';
import { createLogger } from '../../../core/logger';
import { reportQueueOn } from '../../../server/dashboard/dashboardServices';
import { endOfCentreDay } from '../../../services/deadlines/dueTime';
import { createReportServices, type ReportServices } from '../../../services/reports/index';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../../services/notify/webhookSignature';
import { dropTestDb, openTestDb } from '../../support/db';
import { loadSection } from '../../../core/config';

const SECRET = 'deadline-test-webhook-secret-0123';

/** The on-duty channel: a local webhook receiver that keeps every notice and checks its signature. */
class OnDutyHook {
  readonly received: Array<Record<string, unknown>> = [];
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const ok = verifyWebhook(SECRET, { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string }, raw, Math.floor(Date.now() / 1000));
      if (ok) this.received.push(JSON.parse(raw) as Record<string, unknown>);
      res.statusCode = ok ? 204 : 401;
      res.end();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/onduty`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
  reminders(): Array<Record<string, unknown>> {
    return this.received.filter((n) => n.type === 'report.deadline_reminder');
  }
}

/** A Belgrade wall-clock time in March 2026 (UTC+1 until the 29th). */
const belgrade = (day: number, hour: number, minute = 0): Date => new Date(Date.UTC(2026, 2, day, hour - 1, minute));

/** A child's sextortion report with a running deadline and its "when?" answer. */
function sextortion(when: 'today' | 'tomorrow' | 'unknown', narrative = 'Preti da će objaviti moje slike ako mu ne pošaljem novac.'): Record<string, unknown> {
  return {
    submissionId: randomUUID(), locale: 'sr-Latn', reporterRole: 'pupil', victimAge: '14-17', category: 'sextortion', platforms: ['instagram'], ongoing: true,
    narrative, immediateDanger: false, answers: { victim: 'self', ongoing: 'yes', deadlineRunning: 'yes', deadlineWhen: when, paidOrSent: 'no' },
  };
}

describe('deadlines that tick: due times, the queue\'s order and the reminder of an unopened case, on a moved clock', function () {
  this.timeout(120_000);
  let conn: Connection;
  let services: ReportServices;
  let dir: string;
  const hook = new OnDutyHook();
  let clock = belgrade(9, 8);
  const reviewer = { userId: 'aaaaaaaaaaaaaaaaaaaaaaaa', role: 'reviewer' as const };

  before(async () => {
    await hook.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-deadlines-'));
    conn = await openTestDb('deadlines');
    services = createReportServices(conn, loadSection('reports', {
      DATA_DIR: dir, REPORT_ENCRYPTION_KEYS: `t1:${randomBytes(32).toString('base64')}`,
      NOTIFY_ONDUTY_WEBHOOK: hook.url, NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_ONDUTY_HOURS: 'mon-sun 00:00-24:00', NOTIFY_DEADLINE_REMINDER_FRACTION: '0.5',
    }), createLogger('silent'), { now: () => clock });
    await services.ensureIndexes();
  });
  after(async () => {
    await services?.stop();
    await dropTestDb(conn);
    await hook.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const stored = async (caseCode: string): Promise<ReportDoc> => (await reportModel(conn).findOne({ caseCode }).lean<ReportDoc>())!;
  let older: ReportDoc;
  let dueTomorrow: ReportDoc;
  let dueToday: ReportDoc;

  it('when a child says the deadline is "do sutra", then the report is due at the end of tomorrow and sorts above an older report of the same urgency; "today" sorts above both', async () => {
    // Monday 9 March 2026: an immediate report at 08:00 with no due time ("don't know"), then "do sutra" at 10:00 and "danas" at 10:30.
    clock = belgrade(9, 8);
    older = await stored((await services.submitter.submit(sextortion('unknown'))).caseCode);
    clock = belgrade(9, 10);
    dueTomorrow = await stored((await services.submitter.submit(sextortion('tomorrow'))).caseCode);
    clock = belgrade(9, 10, 30);
    dueToday = await stored((await services.submitter.submit(sextortion('today'))).caseCode);

    for (const r of [older, dueTomorrow, dueToday]) assert.equal(r.urgency, 'immediate', 'a running deadline is immediate');
    assert.equal(older.due, undefined, '"don\'t know": no due time, the answer kept');
    assert.equal(older.answers?.deadlineWhen, 'unknown');
    assert.deepEqual(dueTomorrow.due, { at: belgrade(11, 0), kind: 'deadline', source: 'answer' }, 'the end of Tuesday, Belgrade time');
    assert.equal(dueTomorrow.due?.at.getTime(), endOfCentreDay(dueTomorrow.createdAt, 1).getTime());
    assert.deepEqual(dueToday.due?.at, belgrade(10, 0));

    for (const mode of ['database', 'memory'] as const) {
      const queue = reportQueueOn(conn, mode);
      await queue.ready();
      const page = await queue.page(reviewer, { limit: 10 });
      queue.close();
      assert.deepEqual(page.items.map((i) => i.caseCode), [dueToday.caseCode, dueTomorrow.caseCode, older.caseCode], `${mode}: soonest due first, then the oldest`);
      assert.deepEqual(page.items[1]?.dueAt, belgrade(11, 0), `${mode}: the row carries its due time for the countdown`);
      assert.equal(page.items[1]?.dueKind, 'deadline');
      assert.equal(page.items[2]?.dueAt, undefined);
    }
  });

  it('when the reminder point (half the time to the due time) passes and nobody opened the case, then the on-duty channel is reminded once, content-free; a case opened before its point is not', async () => {
    await services.deliveryWorker.processDue();
    const newNotices = hook.received.filter((n) => n.type === 'report.new').length;
    assert.equal(newNotices, 3, 'each immediate report reached the on-duty channel once');
    const pending = new DeadlineReminderRepository(conn);
    // "Today" at 10:30, due at midnight: reminded at 17:15; "tomorrow" at 10:00, due 38 hours later: reminded at 05:00 on Tuesday.
    assert.deepEqual((await pending.find(dueToday._id.toHexString()))?.remindAt, belgrade(9, 17, 15));
    assert.deepEqual((await pending.find(dueTomorrow._id.toHexString()))?.remindAt, belgrade(10, 5));
    assert.equal(await pending.find(older._id.toHexString()), null, 'no due time, no reminder');

    clock = belgrade(9, 17);
    assert.equal(await services.deadlines.runDue(), 0, 'before the point: nothing');
    // A reviewer opens the "today" case at 17:05 (the dashboard calls this when the report is read).
    clock = belgrade(9, 17, 5);
    await services.deadlines.opened(dueToday._id.toHexString());
    clock = belgrade(9, 17, 20);
    assert.equal(await services.deadlines.runDue(), 0, 'the opened case is not reminded');

    clock = belgrade(10, 4, 59);
    assert.equal(await services.deadlines.runDue(), 0);
    clock = belgrade(10, 5, 1);
    assert.equal(await services.deadlines.runDue(), 1, 'the unopened "do sutra" case is reminded');
    await services.deliveryWorker.processDue();
    const reminders = hook.reminders();
    assert.equal(reminders.length, 1);
    const notice = reminders[0]!;
    assert.equal(notice.caseCode, dueTomorrow.caseCode);
    assert.equal(notice.target, 'onduty');
    assert.deepEqual(Object.keys(notice).sort(), ['caseCode', 'link', 'sentAt', 'target', 'type', 'urgency'], 'the case code, the urgency and a link: nothing of the report');

    clock = belgrade(11, 12);
    assert.equal(await services.deadlines.runDue(), 0, 'once: the reminder does not come again, even overdue');
    await services.deliveryWorker.processDue();
    assert.equal(hook.reminders().length, 1);
    const deliveries = await services.notifications.listDeliveries(dueTomorrow._id.toHexString());
    assert.deepEqual(deliveries.filter((d) => d.purpose === 'reminder').map((d) => [d.target, d.state]), [['onduty', 'sent']], 'the report lists the reminder');
  });

  it('when the reporter did not know when, but the story says "do sutra", then the case is due at the end of tomorrow from the story, and is reminded like any other', async () => {
    clock = belgrade(12, 9);
    const r = await stored((await services.submitter.submit(sextortion('unknown', 'Rekao je da imam vremena do sutra da mu pošaljem novac.'))).caseCode);
    assert.deepEqual(r.due, { at: belgrade(14, 0), kind: 'deadline', source: 'narrative' });
    assert.ok(await new DeadlineReminderRepository(conn).find(r._id.toHexString()));
  });
});
