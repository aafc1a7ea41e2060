import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { urgencyParts } from '../../../dialogs/report/reportPromise';
import { OnDutyRotaRepository } from '../../../models/onDutyRota';
import { createLogger } from '../../../core/logger';
import { WEEKDAYS } from '../../../core/domain/rota';
import { dutyStatusOf, rotaFromEnvironment } from '../../../services/notify/rota';
import { type Rota } from '../../../core/domain/rota';
import { RotaEditError, RotaService } from '../../../services/notify/rotaService';
import { parseOnDutyHours } from '../../../services/notify/onDuty';
import { BotHarness, keys } from '../../support/botHarness';
import { dropTestDb, openTestDb } from '../../support/db';
import { ReportingFixture } from '../../dialogs/support/reportingHarness';

const log = createLogger('silent');

/** Weekdays 08:00–20:00, a webhook, "within 15 minutes", and a holiday. */
function weekdayRota(extra: Partial<Rota> = {}): Rota {
  const week = Object.fromEntries(WEEKDAYS.map((d) => [d, ['sat', 'sun'].includes(d) ? [] : [{ from: '08:00', to: '20:00' }]])) as Rota['week'];
  return { week, holidays: [], channel: { webhook: 'https://onduty.example.org/hook' }, responseMinutes: 15, ...extra };
}

const keysOf = (parts: ReturnType<typeof urgencyParts>): string[] => parts.map((p) => (typeof p === 'string' ? p : p.key));

describe('the on-duty rota: shifts, holidays and the channel decide what the bot promises', () => {
  it('when it is within a shift with a channel and a response time, then "within 15 minutes"; without the response time, "at once"; outside, when the next shift begins', () => {
    const monday10 = new Date('2026-01-05T09:00:00Z');
    const on = dutyStatusOf(weekdayRota(), true, monday10);
    assert.deepEqual(on.kind === 'onDuty' && [on.alerted, on.withinMinutes], [true, 15]);
    assert.deepEqual(keysOf(urgencyParts('immediate', on, false)), ['reportFlow.done.urgency.immediate', 'reportFlow.done.onDuty.within.other']);
    const noMinutes = dutyStatusOf(weekdayRota({ responseMinutes: undefined }), true, monday10);
    assert.deepEqual(keysOf(urgencyParts('immediate', noMinutes, false)), ['reportFlow.done.urgency.immediate', 'reportFlow.done.onDuty.now']);
    // Without a working channel nobody is alerted: no minutes, no "at once".
    const noChannel = dutyStatusOf(weekdayRota(), false, monday10);
    const k = keysOf(urgencyParts('immediate', noChannel, false));
    assert.ok(!k.some((x) => x.startsWith('reportFlow.done.onDuty.within') || x === 'reportFlow.done.onDuty.now'), k.join());
  });

  it('when the day is a holiday, then nobody is on duty and the next shift is the day after; a night shift from the evening before still runs', () => {
    // Wednesday 7 January 2026 (Orthodox Christmas) is a holiday; Tuesday has a night shift 20:00–02:00.
    const rota = weekdayRota({ holidays: [{ date: '2026-01-07', label: 'Božić', shifts: [] }] });
    rota.week.tue = [{ from: '08:00', to: '20:00' }, { from: '20:00', to: '02:00' }];
    const wedNoon = dutyStatusOf(rota, true, new Date('2026-01-07T11:00:00Z'));
    assert.deepEqual(wedNoon.kind === 'offDuty' && wedNoon.next, { day: 'thu', daysAhead: 1, time: '8:00' });
    const wedOneAm = dutyStatusOf(rota, true, new Date('2026-01-07T00:00:00Z')); // Wed 01:00, Tuesday's night shift
    assert.equal(wedOneAm.kind, 'onDuty');
    const withShift = weekdayRota({ holidays: [{ date: '2026-01-07', shifts: [{ from: '10:00', to: '14:00' }] }] });
    const wedNine = dutyStatusOf(withShift, true, new Date('2026-01-07T08:00:00Z')); // 09:00
    assert.deepEqual(wedNine.kind === 'offDuty' && wedNine.next, { day: 'wed', daysAhead: 0, time: '10:00' });
  });

  it('when the environment\'s hours are the seed, then the rota reads them as shifts and answers as NOTIFY_ONDUTY_HOURS did', () => {
    const rota = rotaFromEnvironment(parseOnDutyHours('mon-fri 08:00-20:00; sat 22:00-06:00; sun 00:00-24:00'), { email: 'dezurni@example.org' });
    assert.deepEqual(rota.week.mon, [{ from: '08:00', to: '20:00' }]);
    assert.deepEqual(rota.week.sat, [{ from: '22:00', to: '06:00' }]);
    assert.deepEqual(rota.week.sun, [{ from: '00:00', to: '24:00' }]);
    assert.deepEqual(rota.channel, { email: 'dezurni@example.org' });
    assert.equal(dutyStatusOf(rota, true, new Date('2026-01-11T12:00:00Z')).kind, 'onDuty'); // Sunday noon
    assert.equal(dutyStatusOf(rota, true, new Date('2026-01-12T04:30:00Z')).kind, 'offDuty'); // Monday 05:30: Sunday ended at midnight
  });
});

describe('the rota in the database: every instance reads it, cached briefly; edits are conditional', function () {
  this.timeout(60_000);
  let conn: Connection;
  let clock: Date;
  const service = (): RotaService => new RotaService(new OnDutyRotaRepository(conn), {
    seed: rotaFromEnvironment(parseOnDutyHours('mon-fri 09:00-17:00'), {}), production: false, webhookSigning: true, emailSending: false, cacheMs: 30_000, now: () => clock,
  }, log);

  before(async () => {
    conn = await openTestDb('rotasvc');
    await new OnDutyRotaRepository(conn).init();
  });
  after(() => dropTestDb(conn));

  it('when nothing is saved, then the environment\'s rota stands (version 0); a save by one instance reaches another once its cache is older than 30 s', async () => {
    clock = new Date('2026-01-05T07:30:00Z'); // Monday 08:30
    const a = service();
    const b = service();
    const before = await b.current();
    assert.equal(before.source, 'environment');
    assert.equal(before.version, 0);
    assert.equal((await b.status()).kind, 'offDuty', 'the environment says 09:00');

    const version = await a.save(weekdayRota(), 0, 'aaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(version, 1);
    assert.equal((await a.status()).kind, 'onDuty', 'the saving instance reads its own save at once');
    assert.equal((await b.status()).kind, 'offDuty', 'the other still has its cached copy');
    clock = new Date(clock.getTime() + 31_000);
    const s = await b.status();
    assert.deepEqual(s.kind === 'onDuty' && [s.alerted, s.withinMinutes], [true, 15], 'then it reads the saved rota');
    const stored = await b.current();
    assert.deepEqual([stored.source, stored.version, stored.updatedBy], ['saved', 1, 'aaaaaaaaaaaaaaaaaaaaaaaa']);
  });

  it('when two administrators save from the same version, then one wins and the other gets a conflict; an unusable channel is refused', async () => {
    const a = service();
    const { version } = await a.current();
    await a.save(weekdayRota({ responseMinutes: 10 }), version, 'aaaaaaaaaaaaaaaaaaaaaaaa');
    await assert.rejects(a.save(weekdayRota({ responseMinutes: 20 }), version, 'bbbbbbbbbbbbbbbbbbbbbbbb'), (err: unknown) => err instanceof RotaEditError && err.code === 'conflict');
    const now = await a.current();
    await assert.rejects(a.save(weekdayRota({ channel: { webhook: 'http://example.org/hook' } }), now.version, 'a'), (err: unknown) => err instanceof RotaEditError && err.field === 'channel.webhook');
    await assert.rejects(a.save(weekdayRota({ channel: { email: 'dezurni@example.org' } }), now.version, 'a'), (err: unknown) => err instanceof RotaEditError && err.field === 'channel.email', 'no SMTP on this server');
    assert.equal((await a.current()).rota.responseMinutes, 10, 'nothing refused was stored');
  });
});

describe('an immediate report outside the rota\'s shifts never promises an immediate reply (the real bot, the rota in the database)', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('rotabot', { NOTIFY_WEBHOOK_SECRET: 'a-test-secret-of-some-length' });
  before(() => fx.start());
  after(() => fx.stop());

  for (const [when, iso, expected] of [
    ['on a holiday at noon', '2026-01-07T11:00:00Z', 'reportFlow.done.onDuty.later.tomorrow'],
    ['at night', '2026-01-06T01:00:00Z', 'reportFlow.done.onDuty.later.today'],
    ['on Saturday', '2026-01-10T11:00:00Z', 'reportFlow.done.onDuty.later.mon'],
  ] as const) {
    it(`when a child reports a running deadline ${when}, then she is told when the centre sees it, never that someone gets it at once`, async () => {
      const clock = new Date(iso);
      const rota = new RotaService(new OnDutyRotaRepository(fx.conn), { seed: rotaFromEnvironment(undefined, {}), production: false, webhookSigning: true, emailSending: false, now: () => clock }, log);
      const { version } = await rota.current();
      await rota.save(weekdayRota({ holidays: [{ date: '2026-01-07', label: 'Božić', shifts: [] }] }), version, 'aaaaaaaaaaaaaaaaaaaaaaaa');
      const bot = new BotHarness({ reporting: { ...fx.reporting, onDuty: rota }, clock: () => clock });
      await bot.join();
      for (const send of ['role:pupil', 'go:report', 'pick:no', 'pick:sextortion', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'do sutra', 'pick:no', 'Preti da će objaviti slike ako mu ne pošaljem novac.', 'pick:ok', 'pick:done', 'pick:skip']) await bot.send(send);
      const done = keys(await bot.send('pick:send'));
      assert.ok(done.includes('reportFlow.done.urgency.immediate'), done.join());
      assert.ok(done.includes(expected), `${expected} in ${done.join()}`);
      assert.ok(!done.includes('reportFlow.done.onDuty.now') && !done.some((k) => k.startsWith('reportFlow.done.onDuty.within')), done.join());
      assert.ok(done.includes('reportFlow.done.openNow.childLine'), 'the line open now');
    });
  }

  it('when the same report comes within a shift, then the on-duty person gets it at once and sees it within 15 minutes', async () => {
    const clock = new Date('2026-01-08T09:00:00Z'); // Thursday 10:00
    const rota = new RotaService(new OnDutyRotaRepository(fx.conn), { seed: rotaFromEnvironment(undefined, {}), production: false, webhookSigning: true, emailSending: false, now: () => clock }, log);
    const bot = new BotHarness({ reporting: { ...fx.reporting, onDuty: rota }, clock: () => clock });
    await bot.join();
    for (const send of ['role:pupil', 'go:report', 'pick:no', 'pick:sextortion', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:yes', 'do sutra', 'pick:no', 'Preti da će objaviti slike ako mu ne pošaljem novac.', 'pick:ok', 'pick:done', 'pick:skip']) await bot.send(send);
    const replies = await bot.send('pick:send');
    assert.ok(keys(replies).includes('reportFlow.done.onDuty.within.other'), keys(replies).join());
    assert.match(replies.map((r) => r.text ?? '').join('\n'), /u roku od 15 minuta/);
  });
});
