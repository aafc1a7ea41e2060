import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import type { Recognizer } from '../../services/nlu/types';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, keys, telLinks } from '../support/botHarness';
import { CRISIS_TEXT } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf, reportScript, type ScriptTurn } from './support/reportScript';

/** A pupil's cyberbullying report, answered by buttons (its first turn, "go:report", starts it). */
const PUPIL: readonly ScriptTurn[] = reportScript({ locale: 'sr-Latn', role: 'pupil', category: 'cyberbullying', byText: false });

const cy = latinToCyrillic;

/**
 * Issue 12: a crisis said BEFORE the report starts, in the same
 * conversation ("ne želim više da živim", the card, then "hoću da
 * prijavim"), goes with the report that follows, as one said during it does.
 */
describe('a crisis said before the report, in the same conversation, travels with the report', function () {
  this.timeout(180_000);
  const fx = new ReportingFixture('crisisbefore');
  const nlu = new NlpjsRecognizer();
  before(async () => {
    await fx.start();
    await nlu.init();
  });
  after(() => fx.stop());

  async function pupil(recognizer?: Recognizer, locale = 'sr-Latn-RS'): Promise<BotHarness> {
    const bot = new BotHarness({ reporting: fx.reporting, recognizer, locale, conversationId: `before-${Math.random().toString(36).slice(2)}` });
    await bot.join();
    await bot.send('role:pupil');
    return bot;
  }

  async function play(bot: BotHarness, turns: ReadonlyArray<{ send: string; expect: string }>): Promise<Partial<Activity>[]> {
    let last: Partial<Activity>[] = [];
    for (const turn of turns) {
      last = await bot.send(turn.send);
      assert.ok(keys(last).includes(turn.expect), `"${turn.send}": expected ${turn.expect}, got ${keys(last).join()}`);
    }
    return last;
  }

  it('when a pupil writes a wish to die at the menu, gets the card, then reports, then the report is flagged selfHarmRisk, at least high, routed to the helpline and the centre for social work, and the end repeats the lines', async () => {
    const bot = await pupil();
    const card = keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm));
    assert.equal(card[0], 'crisis.selfHarm.warm', card.join());
    const done = await play(bot, PUPIL);
    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('selfHarmRisk'), `flags: ${r.flags.join()}`);
    assert.ok(!r.flags.includes('dangerDisclosed'), r.flags.join());
    assert.ok(['high', 'immediate'].includes(r.urgency), r.urgency);
    const routed = r.routing.map((a) => a.authorityId);
    for (const id of ['helpline-116111', 'csw-novi-sad']) assert.ok(routed.includes(id), `${id} in ${routed.join()}`);
    assert.ok(keys(done).includes('reportFlow.done.callNow.selfHarm.child'), keys(done).join());
    assert.ok(telLinks(done).includes('tel:116111'));
  });

  it('when danger is written before the report, then the report is flagged dangerDisclosed, with 192', async () => {
    const bot = await pupil();
    assert.equal(keys(await bot.send(CRISIS_TEXT['sr-Latn'].emergency))[0], 'crisis.emergency.now');
    const done = await play(bot, PUPIL);
    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('dangerDisclosed'), r.flags.join());
    assert.equal(r.routing[0]?.authorityId, 'emergency-192');
    assert.ok(keys(done).includes('reportFlow.done.callNow.danger.child'), keys(done).join());
  });

  it('when another conversation had the crisis, then this one\'s report carries no flag', async () => {
    const other = await pupil();
    await other.send(CRISIS_TEXT['sr-Latn'].self_harm);
    const bot = await pupil();
    const done = await play(bot, PUPIL);
    const r = await fx.report(caseOf(done).code);
    assert.ok(!r.flags.includes('selfHarmRisk') && !r.flags.includes('dangerDisclosed'), r.flags.join());
  });

  it('when a 12-year-old types everything in Cyrillic (the wish first, then "мени", "не знам" and the wish again in her story), then every answer is taken and the report is flagged with her answers', async () => {
    const bot = await pupil(nlu, 'sr-Cyrl-RS');
    const card = await bot.send(cy('ne želim više da živim'));
    assert.equal(keys(card)[0], 'crisis.selfHarm.warm', keys(card).join());
    const done = await play(bot, [
      { send: cy('hoću da prijavim nešto'), expect: 'reportFlow.ask.danger' },
      { send: cy('ne'), expect: 'reportFlow.ask.category' },
      { send: cy('devojčice me vređaju na netu'), expect: 'reportFlow.ask.victim' },
      { send: 'мени', expect: 'reportFlow.ask.ageSelf' },
      { send: cy('imam 12 godina'), expect: 'reportFlow.ask.platform' },
      { send: cy('na instagramu'), expect: 'reportFlow.ask.ongoing' },
      { send: 'не знам', expect: 'reportFlow.ask.q.threatsOfViolence' },
      { send: 'не знам', expect: 'reportFlow.ask.q.fromSchool' },
      { send: cy('da'), expect: 'reportFlow.ask.narrative' },
      { send: cy('Devojčice iz odeljenja mi pišu u grupi da sam ružna. Više ne mogu, ne želim više da živim.'), expect: 'reportFlow.narrative.preview' },
      { send: cy('da'), expect: 'reportFlow.ask.evidence' },
      { send: cy('nemam'), expect: 'reportFlow.ask.municipalitySelf' },
      { send: cy('Niš'), expect: 'reportFlow.summary.title' },
      { send: cy('da'), expect: 'reportFlow.done.code' },
    ]);
    assert.ok(done.every((a) => a.locale === 'sr-Cyrl'), 'answered in Cyrillic throughout');
    const r = await fx.report(caseOf(done).code);
    assert.ok(r.flags.includes('selfHarmRisk'), r.flags.join());
    assert.ok(['high', 'immediate'].includes(r.urgency), r.urgency);
    assert.equal(r.answers?.victim, 'self');
    assert.equal(r.answers?.ongoing, 'unknown');
    assert.equal(r.answers?.threatsOfViolence, 'unknown');
    assert.equal(r.answers?.fromSchool, 'yes');
    assert.equal(r.municipality, 'nis');
    assert.ok(r.routing.some((a) => a.authorityId === 'csw-nis') && r.routing.some((a) => a.authorityId === 'helpline-116111'), r.routing.map((a) => a.authorityId).join());
  });
});
