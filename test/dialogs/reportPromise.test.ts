import assert from 'node:assert/strict';
import { render, type Part } from '../../dialogs/shared/reply';
import { urgencyParts } from '../../dialogs/report/reportPromise';
import { OnDutyRota, parseOnDutyHours } from '../../services/notify/onDuty';
import { BotHarness, keys } from '../support/botHarness';
import { ReportingFixture } from './support/reportingHarness';

/** The parts for an immediate report at a fixed instant (UTC), as the on-duty service answers. */
function immediateAt(iso: string, hours: string | undefined, channel: boolean, dangerSaid = false): Part[] {
  const duty = new OnDutyRota(hours ? parseOnDutyHours(hours) : undefined, channel, () => new Date(iso)).status();
  return urgencyParts('immediate', duty, dangerSaid);
}

const keysOf = (parts: Part[]): string[] => parts.map((p) => (typeof p === 'string' ? p : p.key));
const HOURS = 'mon-fri 08:00-20:00';

describe('the promise after an immediate report: only what is true, on a fixed clock', () => {
  it('when an on-duty channel is configured and it is within its hours, then the on-duty person gets it at once', () => {
    assert.deepEqual(keysOf(immediateAt('2026-01-05T09:00:00Z', HOURS, true)), ['reportFlow.done.urgency.immediate', 'reportFlow.done.onDuty.now']);
  });

  it('when it is within the hours but no channel is configured, then no one is said to get it at once', () => {
    const k = keysOf(immediateAt('2026-01-05T09:00:00Z', HOURS, false));
    assert.ok(!k.includes('reportFlow.done.onDuty.now'), k.join());
    assert.ok(k.includes('reportFlow.done.onDuty.working') && k.includes('reportFlow.done.openNow.childLine'), k.join());
  });

  it('when a channel is configured but it is outside the hours, then it says when the centre will see it and gives the lines open now', () => {
    // Friday 22:00 in Belgrade: the centre sees it on Monday at 8:00; the children's line is open, Centar Srce (14–23) too.
    const parts = immediateAt('2026-01-09T21:00:00Z', HOURS, true);
    assert.deepEqual(keysOf(parts), [
      'reportFlow.done.urgency.immediate', 'reportFlow.done.onDuty.later.mon', 'reportFlow.done.openNow.childLine', 'reportFlow.done.openNow.srce.few', 'reportFlow.done.openNow.police',
    ]);
    const text = render('sr-Latn', { say: parts }).text ?? '';
    assert.match(text, /u ponedeljak u 8:00/);
    assert.match(text, /116 111/);
    assert.match(text, /Centar Srce radi do 23 časa/);
    assert.doesNotMatch(text, /[Dd]ežurn|dobija je odmah/);
  });

  it('when it is night, then Centar Srce (open 14–23) is not offered, the 24/7 children\'s line is', () => {
    const k = keysOf(immediateAt('2026-01-06T01:00:00Z', HOURS, true)); // Tue 02:00
    assert.ok(k.includes('reportFlow.done.onDuty.later.today') && k.includes('reportFlow.done.openNow.childLine'), k.join());
    assert.ok(!k.some((key) => key.startsWith('reportFlow.done.openNow.srce')), k.join());
  });

  it('when no hours are configured, then it says it cannot promise when, with the lines open now', () => {
    const k = keysOf(immediateAt('2026-01-05T09:00:00Z', undefined, true));
    assert.deepEqual(k.slice(0, 2), ['reportFlow.done.urgency.immediate', 'reportFlow.done.onDuty.unknown']);
    assert.ok(k.includes('reportFlow.done.openNow.childLine'));
  });

  it('when the reporter already said someone is in danger, then 192 is not said twice', () => {
    const k = keysOf(immediateAt('2026-01-09T21:00:00Z', HOURS, true, true));
    assert.ok(!k.includes('reportFlow.done.openNow.police'), k.join());
  });

  it('when a report is not immediate, then nothing about the on-duty person is said', () => {
    const duty = new OnDutyRota(parseOnDutyHours(HOURS), true, () => new Date('2026-01-05T09:00:00Z')).status();
    assert.deepEqual(urgencyParts('high', duty, false), ['reportFlow.done.urgency.high']);
    assert.deepEqual(urgencyParts('normal', duty, false), ['reportFlow.done.urgency.normal']);
  });

  it('when the promise is shown in English or to an adult, then it reads right', () => {
    const duty = new OnDutyRota(parseOnDutyHours(HOURS), false, () => new Date('2026-01-06T20:30:00Z')).status(); // Tue 21:30
    const parts = urgencyParts('immediate', duty, false);
    assert.match(render('en', { say: parts }).text ?? '', /will see it tomorrow at 8:00/);
    assert.match(render({ locale: 'sr-Latn', audience: 'adult' }, { say: parts }).text ?? '', /Dete koje treba da razgovara/);
  });
});

describe('the promise in a whole report: a sextortion victim on a Friday night, through the real bot and database', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('promise');
  before(() => fx.start());
  after(() => fx.stop());

  it('when a child reports a running deadline outside the on-duty hours, then she is told when the centre sees it and who is open now, and the never-download rule comes once', async () => {
    // Friday 22:00 in Belgrade; on duty on weekdays 8–20, with an on-duty webhook configured.
    const onDuty = new OnDutyRota(parseOnDutyHours(HOURS), true, () => new Date('2026-01-09T21:00:00Z'));
    const bot = new BotHarness({ reporting: { ...fx.reporting, onDuty } });
    await bot.join();
    const all: string[] = [];
    const step = async (send: string, expect: string): Promise<string[]> => {
      const k = keys(await bot.send(send));
      assert.ok(k.includes(expect), `${send}: expected ${expect}, got ${k.join()}`);
      all.push(...k);
      return k;
    };
    await step('role:pupil', 'menu.prompt.pupil');
    await step('go:report', 'reportFlow.ask.danger');
    await step('pick:no', 'reportFlow.ask.category');
    await step('pick:sextortion', 'reportFlow.ask.victim');
    await step('pick:self', 'reportFlow.ask.ageSelf');
    await step('pick:under14', 'reportFlow.ask.platform');
    await step('pick:instagram', 'reportFlow.ask.ongoing');
    await step('pick:yes', 'reportFlow.ask.q.deadlineRunning');
    await step('pick:yes', 'reportFlow.ask.q.paidOrSent');
    await step('pick:no', 'reportFlow.ask.narrative');
    await step('Preti da će objaviti moje slike do petka ako mu ne pošaljem još.', 'reportFlow.narrative.preview');
    await step('pick:ok', 'reportFlow.ask.evidence');
    await step('pick:done', 'reportFlow.ask.municipalitySelf');
    await step('pick:skip', 'reportFlow.summary.title');
    const done = await step('pick:send', 'reportFlow.done.code');
    assert.ok(done.includes('reportFlow.done.urgency.immediate'), done.join());
    assert.ok(done.includes('reportFlow.done.onDuty.later.mon') && !done.includes('reportFlow.done.onDuty.now'), done.join());
    assert.ok(done.includes('reportFlow.done.openNow.childLine') && done.includes('reportFlow.done.openNow.police'), done.join());
    assert.equal(all.filter((k) => k === 'safety.csamRule').length, 1, 'the never-download rule, once');
    assert.ok(!all.includes('reportFlow.narrative.noImages'));
  });
});
