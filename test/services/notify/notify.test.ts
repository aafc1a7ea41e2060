import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connection } from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { notificationModel } from '../../../models/notification';
import { notificationOutboxModel } from '../../../models/embedded/notificationOutbox';
import { reportModel, type ReportDoc } from '../../../models/report';
import { reportQueueEntryModel, syncReportQueueEntry } from '../../../models/reportQueueEntry';
import { registryDirectory, type ChannelDirectory } from '../../../services/notify/channelDirectory';
import { RoutingRegistry } from '../../../models/routingRegistry';
import { NotificationRepository } from '../../../models/notificationRepository';
import { backoffMs, DeliveryWorker } from '../../../services/notify/deliveryWorker';
import { EmailChannel } from '../../../services/notify/emailChannel';
import { NotificationQueue } from '../../../services/notify/notificationQueue';
import { WebhookChannel } from '../../../services/notify/webhookChannel';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from '../../../services/notify/webhookSignature';
import { dropTestDb, openTestDb } from '../../support/db';
import { draft, ensureIndexes, makeRig, type Rig } from '../reports/fixtures';

const SECRET = 'test-webhook-secret-0123456789';

/** A local webhook receiver that checks every signature and can be told to fail. */
class Receiver {
  readonly received: { path: string; body: Record<string, unknown>; validSignature: boolean }[] = [];
  failNext = 0;
  alwaysFail = false;
  private server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (this.alwaysFail || this.failNext > 0) {
        this.failNext--;
        res.statusCode = 503; // restify patches writeHead's return value, so set the status directly
        res.end();
        return;
      }
      const validSignature = verifyWebhook(
        SECRET,
        { timestamp: req.headers[TIMESTAMP_HEADER] as string, signature: req.headers[SIGNATURE_HEADER] as string },
        raw,
        Math.floor(Date.now() / 1000),
      );
      this.received.push({ path: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown>, validSignature });
      res.statusCode = validSignature ? 204 : 401;
      res.end();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A local SMTP server that keeps every message. */
class Mailbox {
  readonly mails: { to: string[]; raw: string }[] = [];
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, cb) => {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        this.mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('notifications: signed webhooks and e-mail, no report content, retried with back-off', function () {
  this.timeout(60_000);
  let conn: Connection;
  let rig: Rig;
  let receiver: Receiver;
  let mailbox: Mailbox;
  let queue: NotificationQueue;
  let worker: DeliveryWorker;
  let email: EmailChannel;
  let clock: number;

  const setup = (directory: ChannelDirectory): void => {
    const onduty = { webhook: `${receiver.url}/onduty`, email: 'dezurni@example.org' };
    const notices = new NotificationRepository(conn);
    queue = new NotificationQueue(notices, directory, onduty, () => new Date(clock));
    email = new EmailChannel({ host: '127.0.0.1', port: mailbox.port, secure: false, requireTls: false, from: 'bezbedno@example.org' }, 'sr-Latn', 5000);
    worker = new DeliveryWorker(notices, {
      directory, onduty, webhook: new WebhookChannel(SECRET, 5000), email, dashboardUrl: 'https://bezbedno.example.org/dashboard',
      maxAttempts: 4, backoffBaseMs: 60_000, backoffMaxMs: 3_600_000, pollMs: 60_000, now: () => new Date(clock),
    }, rig.log);
    rig.cleanup();
    rig = makeRig(conn, {
      onStored: async (report) => {
        await queue.enqueueForReport(report);
        worker.wake();
      },
    });
  };
  const directory: ChannelDirectory = async (id) => {
    if (id === 'police-vtk') return { webhook: `${receiver.url}/police` };
    if (id === 'nccos') return { email: 'nccos@example.org' };
    return undefined;
  };

  beforeEach(async () => {
    conn = await openTestDb('notify');
    await ensureIndexes(conn);
    receiver = new Receiver();
    mailbox = new Mailbox();
    await Promise.all([receiver.start(), mailbox.start()]);
    clock = Date.now();
    rig = makeRig(conn);
  });
  afterEach(async () => {
    await worker?.stop();
    email?.close();
    rig.cleanup();
    await Promise.all([receiver.stop(), mailbox.stop()]);
    await dropTestDb(conn);
  });

  it('when a report is stored, then each routed authority gets a signed notice with only the code, urgency and link', async () => {
    setup(directory);
    const d = draft();
    const res = await rig.submitter.submit(d);
    await until(() => receiver.received.length === 1 && mailbox.mails.length === 1);
    await worker.processDue();

    const hook = receiver.received[0]!;
    assert.equal(hook.path, '/police');
    assert.equal(hook.validSignature, true);
    assert.deepEqual(Object.keys(hook.body).sort(), ['authorityId', 'caseCode', 'link', 'sentAt', 'target', 'type', 'urgency']);
    assert.equal(hook.body.caseCode, res.caseCode);
    assert.equal(hook.body.urgency, 'high');
    assert.equal(hook.body.link, `https://bezbedno.example.org/dashboard/#/reports/${res.caseCode}`);

    const mail = mailbox.mails[0]!;
    assert.deepEqual(mail.to, ['nccos@example.org']);
    assert.ok(mail.raw.includes(res.caseCode));
    for (const leak of ['Marko', 'tajni_drug99', 'example.org/chat', 'piše', 'novi-sad', res.passphrase!.split(' ')[0]!]) {
      assert.ok(!mail.raw.includes(leak), `e-mail must not contain ${leak}`);
      assert.ok(!JSON.stringify(hook.body).includes(leak), `webhook must not contain ${leak}`);
    }
    const report = (await reportModel(conn).findOne().lean<ReportDoc>())!;
    const deliveries = await queue.listDeliveries(report._id.toHexString());
    assert.deepEqual(deliveries.map((x) => [x.target, x.authorityId, x.channel, x.state, x.attempts]), [
      ['authority', 'nccos', 'email', 'sent', 1],
      ['authority', 'police-vtk', 'webhook', 'sent', 1],
    ]);
  });

  it('when a report is immediate, then the on-duty webhook and e-mail are notified at once as well', async () => {
    setup(directory);
    await rig.submitter.submit(draft({ immediateDanger: true }));
    await until(() => receiver.received.some((r) => r.path === '/onduty') && mailbox.mails.some((m) => m.to.includes('dezurni@example.org')));
    const onduty = receiver.received.find((r) => r.path === '/onduty')!;
    assert.equal(onduty.body.urgency, 'immediate');
    assert.equal(onduty.body.target, 'onduty');
    assert.ok(mailbox.mails.find((m) => m.to.includes('dezurni@example.org'))!.raw.includes('HITNO'));
  });

  it('when a receiver fails, then the notice is retried with growing delays and finally delivered; a dead one ends as failed', async () => {
    setup(async (id) => (id === 'police-vtk' ? { webhook: `${receiver.url}/police` } : undefined));
    receiver.failNext = 2;
    await rig.submitter.submit(draft());
    await worker.processDue();
    const doc = async () => (await notificationModel(conn).findOne().lean())!;
    assert.equal((await doc()).state, 'pending');
    assert.equal((await doc()).lastError, 'http_503');
    const firstDelay = (await doc()).nextAttemptAt.getTime() - clock;
    assert.ok(firstDelay >= 54_000 && firstDelay <= 66_000, `first retry after ~1 min, got ${firstDelay}`);

    assert.equal((await worker.processDue()).sent, 0, 'nothing is due before the back-off elapses');
    clock += 70_000;
    await worker.processDue();
    const secondDelay = (await doc()).nextAttemptAt.getTime() - clock;
    assert.ok(secondDelay >= 108_000 && secondDelay <= 132_000, `second retry after ~2 min, got ${secondDelay}`);
    clock += 140_000;
    await worker.processDue();
    const sent = await doc();
    assert.equal(sent.state, 'sent');
    assert.equal(sent.attempts, 3);
    assert.equal(sent.lastError, null);
    assert.equal(receiver.received.length, 1);

    receiver.alwaysFail = true;
    await rig.submitter.submit(draft());
    for (let i = 0; i < 6; i++) {
      await worker.processDue();
      clock += 3_600_000;
    }
    const failed = (await notificationModel(conn).findOne({ state: 'failed' }).lean())!;
    assert.equal(failed.attempts, 4);
    assert.equal(failed.lastError, 'http_503');
  });

  it('when a notice finally fails after its retries, then it goes on the report once and its queue entry is flagged with the last error, until a forward to that authority is recorded', async () => {
    setup(async (id) => (id === 'police-vtk' ? { webhook: `${receiver.url}/police` } : id === 'nccos' ? { email: 'nccos@example.org' } : undefined));
    receiver.alwaysFail = true;
    const res = await rig.submitter.submit(draft());
    const entry = async () => (await reportQueueEntryModel(conn).findOne({ caseCode: res.caseCode }).lean().exec())!;
    await worker.processDue();
    assert.equal((await entry()).noticeFailed, false, 'a notice that will be retried is no failure yet');
    for (let i = 0; i < 6; i++) {
      clock += 3_600_000;
      await worker.processDue();
    }
    const report = (await reportModel(conn).findOne({ caseCode: res.caseCode }).lean<ReportDoc>())!;
    assert.equal(report.noticeFailures?.length, 1, 'the e-mail went through; the webhook is the one failure');
    const failure = report.noticeFailures![0]!;
    assert.deepEqual([failure.target, failure.authorityId, failure.channel, failure.error], ['authority', 'police-vtk', 'webhook', 'http_503']);
    const flagged = await entry();
    assert.equal(flagged.noticeFailed, true);
    assert.deepEqual(flagged.noticeFailedTo, ['police-vtk']);
    assert.equal(flagged.noticeError, 'http_503');
    assert.equal(JSON.stringify(report.noticeFailures).includes('127.0.0.1'), false, 'no address is kept, only the code');

    // The worker going round again adds nothing.
    clock += 3_600_000;
    await worker.processDue();
    assert.equal((await reportModel(conn).findById(report._id).lean<ReportDoc>())!.noticeFailures?.length, 1);

    // The contact centre phoned the police and recorded it: the flag goes.
    // Recorded as the dashboard records a forward (ReportCase.changeStatus).
    await reportModel(conn).updateOne({ _id: report._id }, { $set: { status: 'forwarded' }, $push: { forwards: { authorityId: 'police-vtk', channel: 'phone', at: new Date(clock + 1000), by: 'staff-1' } } });
    await syncReportQueueEntry(conn, report._id);
    assert.equal((await entry()).noticeFailed, false);
  });

  it('when the on-duty notice of an immediate report fails for good, then the report is flagged until a reviewer takes it into review', async () => {
    setup(async () => undefined);
    receiver.alwaysFail = true;
    const res = await rig.submitter.submit(draft({ immediateDanger: true }));
    for (let i = 0; i < 6; i++) {
      await worker.processDue();
      clock += 3_600_000;
    }
    const entry = async () => (await reportQueueEntryModel(conn).findOne({ caseCode: res.caseCode }).lean().exec())!;
    assert.equal((await entry()).noticeFailed, true);
    assert.deepEqual((await entry()).noticeFailedTo, ['onduty']);
    await reportModel(conn).updateOne({ caseCode: res.caseCode }, { $set: { status: 'in_review' } });
    await syncReportQueueEntry(conn, (await entry())._id);
    assert.equal((await entry()).noticeFailed, false);
  });

  it('when an authority in the registry is not marked configured, then nothing is queued for it', async () => {
    const authorities = conn.db!.collection('authorities');
    await authorities.insertMany([
      { _id: 'police-vtk' as unknown as never, active: true, contact: { webhook: `${receiver.url}/police`, configured: true } },
      { _id: 'nccos' as unknown as never, active: true, contact: { email: 'nccos@example.org', configured: false } },
    ]);
    setup(registryDirectory(new RoutingRegistry(conn)));
    await rig.submitter.submit(draft());
    const report = (await reportModel(conn).findOne().lean<ReportDoc>())!;
    assert.deepEqual((await queue.listDeliveries(report._id.toHexString())).map((x) => x.authorityId), ['police-vtk']);
    assert.equal(await queue.enqueueForReport(report), 0, 'enqueueing again adds nothing');
  });

  it('when notices are sent or wait for a retry, then the outbox the worker polls holds exactly the ones still to deliver', async () => {
    setup(async (id) => (id === 'police-vtk' ? { webhook: `${receiver.url}/police` } : undefined));
    const outbox = notificationOutboxModel(conn);
    receiver.failNext = 1;
    await rig.submitter.submit(draft());
    await worker.processDue();
    const waiting = (await notificationModel(conn).findOne().lean())!;
    assert.equal(waiting.state, 'pending');
    const entry = (await outbox.findById(waiting._id).lean())!;
    assert.equal(entry.nextAttemptAt.getTime(), waiting.nextAttemptAt.getTime(), 'the entry waits for the same retry time');
    assert.equal(entry.leaseUntil, null);
    clock += 70_000;
    await worker.processDue();
    assert.equal((await notificationModel(conn).findOne().lean())!.state, 'sent');
    assert.equal(await outbox.countDocuments({}), 0, 'a sent notice leaves the outbox');
  });

  it('when a worker stopped between sending and clearing the outbox, then the notice is not sent again', async () => {
    setup(async (id) => (id === 'police-vtk' ? { webhook: `${receiver.url}/police` } : undefined));
    await rig.submitter.submit(draft());
    await until(() => receiver.received.length === 1);
    await worker.processDue();
    const sent = (await notificationModel(conn).findOne().lean())!;
    await notificationOutboxModel(conn).create({ _id: sent._id, nextAttemptAt: new Date(clock), leaseUntil: null, createdAt: new Date(clock) });
    assert.deepEqual(await worker.processDue(), { sent: 0, retrying: 0, failed: 0 });
    assert.equal(receiver.received.length, 1);
    assert.equal(await notificationOutboxModel(conn).countDocuments({}), 0);
  });

  it('when an outbox entry\'s notice is not there (yet), then the entry waits while fresh and is dropped once old', async () => {
    setup(directory);
    const outbox = notificationOutboxModel(conn);
    const orphan = await outbox.create({ nextAttemptAt: new Date(clock), leaseUntil: null, createdAt: new Date(clock) });
    assert.deepEqual(await worker.processDue(), { sent: 0, retrying: 0, failed: 0 });
    const kept = (await outbox.findById(orphan._id).lean())!;
    assert.ok(kept.nextAttemptAt.getTime() > clock, 'a fresh entry is looked at again a little later');
    clock += 11 * 60_000;
    await worker.processDue();
    assert.equal(await outbox.countDocuments({}), 0, 'an old entry without a notice is dropped');
  });

  it('when notices were queued before the outbox existed, then the first start gives them entries and they are delivered', async () => {
    setup(async (id) => (id === 'police-vtk' ? { webhook: `${receiver.url}/police` } : undefined));
    worker.wake = () => undefined; // deliver only when the test says so
    await rig.submitter.submit(draft());
    await notificationOutboxModel(conn).deleteMany({});
    assert.deepEqual(await worker.processDue(), { sent: 0, retrying: 0, failed: 0 }, 'without an entry the worker does not see it');
    assert.equal(await queue.init(), 1);
    assert.equal((await worker.processDue()).sent, 1);
    assert.equal(receiver.received.length, 1);
    assert.equal(await queue.init(), 0, 'recorded: a restart does not read every notice again');
  });

  it('when back-off is computed, then it doubles per attempt within ±10 % and stops at the cap', () => {
    assert.equal(backoffMs(1, 1000, 60_000, () => 0.5), 1000);
    assert.equal(backoffMs(2, 1000, 60_000, () => 0.5), 2000);
    assert.equal(backoffMs(5, 1000, 60_000, () => 0.5), 16_000);
    assert.equal(backoffMs(20, 1000, 60_000, () => 0.5), 60_000);
    assert.equal(backoffMs(3, 1000, 60_000, () => 0), 3600);
    assert.equal(backoffMs(3, 1000, 60_000, () => 1), 4400);
  });
});
