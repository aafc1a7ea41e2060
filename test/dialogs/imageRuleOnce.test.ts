import assert from 'node:assert/strict';
import { BotHarness, keys } from '../support/botHarness';
import { ReportingFixture } from './support/reportingHarness';

const RULE = 'safety.csamRule';
const IMAGE = { contentType: 'image/png', contentUrl: 'https://example.org/x.png' };

/**
 * Issue 12, wording: the never-download rule for sexual images of a child is
 * said once in a conversation — a sextortion victim who read the topic,
 * reports, adds links and sends a picture hears it once, not at every step.
 */
describe('the never-download rule, once per conversation', function () {
  this.timeout(60_000);
  const fx = new ReportingFixture('imagerule');
  before(() => fx.start());
  after(() => fx.stop());

  async function pupil(): Promise<{ bot: BotHarness; all: string[]; send: (text: string) => Promise<string[]> }> {
    const bot = new BotHarness({ reporting: fx.reporting, conversationId: `rule-${Math.random().toString(36).slice(2)}` });
    await bot.join();
    const all: string[] = [];
    const send = async (text: string): Promise<string[]> => {
      const k = keys(await bot.send(text));
      all.push(...k);
      return k;
    };
    await send('role:pupil');
    return { bot, all, send };
  }

  /** From "is anyone in danger?" to the evidence question, for a sextortion victim. */
  const TO_EVIDENCE = ['pick:no', 'pick:self', 'pick:under14', 'pick:instagram', 'pick:yes', 'pick:no', 'pick:no', 'Traži mi još slika i preti da će ih poslati mojim drugarima.', 'pick:ok'];

  it('when a sextortion victim reads the topic, reports, adds two links and sends a picture, then the rule is heard once (in the topic) and the evidence question only says images are not taken', async () => {
    const { bot, all, send } = await pupil();
    const topic = await send('go:sextortion');
    assert.ok(topic.includes('topic.sextortion.pupil'), topic.join());
    await send('da');
    let evidence: string[] = [];
    for (const s of TO_EVIDENCE) evidence = await send(s);
    assert.ok(evidence.includes('reportFlow.ask.evidence'), evidence.join());
    assert.ok(!evidence.includes(RULE), `the topic's text said it: ${evidence.join()}`);
    assert.ok(evidence.includes('reportFlow.evidence.noImages'), evidence.join());
    const link = await send('https://instagram.com/lazni.profil77');
    assert.ok(link.includes('reportFlow.ask.evidence') && !link.includes('reportFlow.evidence.noImages'), `asked again, without the image line: ${link.join()}`);
    await send('@drugi_nalog77');
    const refused = keys(await bot.turn({ type: 'message', text: '', attachments: [IMAGE] }));
    assert.deepEqual(refused, ['attachments.refused']);
    assert.equal(all.filter((k) => k === RULE).length, 0, all.join());
  });

  it('when a victim reports from the menu, then the rule comes at the evidence question the first time only, and not with a picture sent after', async () => {
    const { bot, all, send } = await pupil();
    await send('go:report');
    await send('pick:no');
    await send('pick:sextortion');
    let evidence: string[] = [];
    for (const s of TO_EVIDENCE.slice(1)) evidence = await send(s);
    assert.ok(evidence.includes('reportFlow.ask.evidence') && evidence.includes(RULE), evidence.join());
    const again = await send('https://instagram.com/lazni.profil77');
    assert.ok(again.includes('reportFlow.ask.evidence') && !again.includes(RULE), again.join());
    all.push(...keys(await bot.turn({ type: 'message', text: '', attachments: [IMAGE] })));
    await send('pick:done');
    assert.equal(all.filter((k) => k === RULE).length, 1, all.join());
  });

  it('when a picture comes first, then it is refused with the rule; the topic read after it and a second picture do not repeat it; a new conversation hears it again', async () => {
    const { bot, all, send } = await pupil();
    assert.deepEqual(keys(await bot.turn({ type: 'message', text: '', attachments: [IMAGE] })), ['attachments.refused', RULE]);
    const topic = await send('go:nudes');
    assert.ok(topic.includes('topic.nudes.pupil') && !topic.includes(RULE), topic.join());
    assert.deepEqual(keys(await bot.turn({ type: 'message', text: '', attachments: [IMAGE] })), ['attachments.refused']);
    assert.equal(all.filter((k) => k === RULE).length, 0);

    const other = await pupil();
    assert.ok((await other.send('go:csam')).includes(RULE), 'another conversation is told');
  });
});
