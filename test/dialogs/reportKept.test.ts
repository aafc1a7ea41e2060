import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { keptAnswerOf } from '../../dialogs/report/keptAnswer';
import { caseCodeView } from '../../dialogs/report/reportOutcome';
import { render } from '../../dialogs/shared/reply';
import { interpretFixed } from '../../dialogs/understanding/interpret';
import { LOCALES, type Locale } from '../../services/i18n/locales';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, buttonTokens, keys } from '../support/botHarness';
import { CHANNEL_LOCALE, CRISIS_TEXT } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { AGAIN_TYPED, caseOf, KEPT_TYPED, reportScript } from './support/reportScript';

/** Keys of the outcome's messages before the case code. */
const BEFORE_CODE = ['reportFlow.done.thanks', 'reportFlow.advice.title'];

describe('after a report is sent: the case code and words stay in view until the reporter has written them down', function () {
  this.timeout(300_000);
  const fx = new ReportingFixture('reportkept');
  // The real recognizer: it reads "nisam" as a cry for help and "yes I did" as a status check, and the answers must still win.
  const recognizer = new NlpjsRecognizer();
  before(async () => {
    await fx.start();
    await recognizer.init();
  });
  after(() => fx.stop());

  /** A pupil's report in `locale`, sent; returns the bot and the replies to "send". */
  async function sent(locale: Locale = 'sr-Latn'): Promise<{ bot: BotHarness; done: Partial<Activity>[] }> {
    const bot = new BotHarness({ locale: CHANNEL_LOCALE[locale], reporting: fx.reporting, recognizer, storage: fx.storage(), conversationId: `k-${Math.random().toString(36).slice(2)}` });
    await bot.join();
    await bot.send('role:pupil');
    let done: Partial<Activity>[] = [];
    for (const turn of reportScript({ locale, role: 'pupil', category: 'other', byText: false })) {
      done = await bot.send(turn.send);
      assert.ok(keys(done).includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${keys(done).join()}`);
    }
    return { bot, done };
  }

  async function state(bot: BotHarness): Promise<string> {
    const { conversation, channelId } = bot.adapter.template;
    return JSON.stringify(await bot.storage.read([`${channelId}/conversations/${conversation?.id}/`]));
  }

  /** The one message that holds the case code, with its text. */
  function codeMessage(replies: Partial<Activity>[]): Partial<Activity> {
    const shown = replies.filter((r) => keys([r]).includes('reportFlow.done.code'));
    assert.equal(shown.length, 1, 'one message with the code');
    return shown[0]!;
  }

  for (const locale of LOCALES) {
    it(`when the code and words are shown (${locale}, to a child and an adult), then each stands alone on its own line, after a hard line break, easy to read and copy`, () => {
      for (const audience of ['child', 'adult'] as const) {
        const text = render({ locale, audience }, caseCodeView({ code: 'ABCD-EFGH-JKMN-P', passphrase: 'naselje razigran puding kraj lepljiv' }, locale)).text ?? '';
        const lines = text.split('\n');
        const at = lines.indexOf('**ABCD-EFGH-JKMN-P**');
        assert.ok(at > 0, `the code on a line of its own: ${text}`);
        // A markdown hard break ("\\" at the line's end): Web Chat renders markdown without soft breaks as line breaks.
        assert.match(lines[at - 1]!, /:\\$/, `the label ends with a hard break: ${lines[at - 1]}`);
        const words = locale === 'sr-Cyrl' ? latinToCyrillic('naselje razigran puding kraj lepljiv') : 'naselje razigran puding kraj lepljiv';
        const w = lines.indexOf(`**${words}**`);
        assert.ok(w > at && /:\\$/.test(lines[w - 1]!), `the words on a line of their own: ${text}`);
      }
    });
  }

  it('when the report is sent, then where it goes and what to do come first, the code and the words together last, then "did you write them down?" — and no menu', async () => {
    const { bot, done } = await sent();
    const k = keys(done);
    for (const key of BEFORE_CODE) assert.ok(k.indexOf(key) >= 0 && k.indexOf(key) < k.indexOf('reportFlow.done.code'), `${key} before the code: ${k.join()}`);
    const code = codeMessage(done);
    assert.deepEqual(keys([code]), ['reportFlow.done.keepTitle', 'reportFlow.done.code', 'reportFlow.done.passphrase', 'reportFlow.done.writeDown'], 'nothing in the message but the code, the words and the advice to keep them');
    assert.equal(done.indexOf(code), done.length - 2);
    assert.deepEqual(keys(done.slice(-1)), ['reportFlow.kept.ask.child', 'button.keptYes', 'button.keptAgain']);
    assert.deepEqual(buttonTokens(done), ['pick:kept', 'pick:show-again']);
    assert.ok(!k.some((key) => key.startsWith('menu.')), k.join());

    // While the question waits, state holds the code and words only sealed.
    const { code: caseCode, passphrase } = caseOf(done);
    const waiting = await state(bot);
    assert.match(waiting, /"sealed"/);
    assert.ok(!waiting.includes(passphrase) && !waiting.includes(caseCode), 'neither the words nor the code readable in state');
    assert.ok(!(await fx.rawDump()).includes(passphrase), 'the words are nowhere in the database readable');

    // Yes: thanks, then the menu; the sealed copy is gone with the dialog.
    const yes = keys(await bot.send('pick:kept'));
    assert.deepEqual(yes.slice(0, 2), ['reportFlow.kept.done.child', 'menu.again']);
    assert.doesNotMatch(await state(bot), /"sealed"|submissionId/, 'nothing of the report is left in state');
  });

  for (const locale of LOCALES) {
    it(`when the reporter types "not yet" in ${locale} (${AGAIN_TYPED[locale].join(' / ')}), then the same code and words come again each time, and the typed "yes" brings the menu`, async () => {
      const { bot, done } = await sent(locale);
      const first = caseOf(done);
      assert.ok(done.every((r) => r.locale === locale));
      for (const again of [...AGAIN_TYPED[locale], 'pick:show-again', 'nazad']) {
        const replies = await bot.send(again);
        const k = keys(replies);
        assert.ok(!k.some((key) => key.startsWith('menu.') || key === 'help.text'), `${again}: ${k.join()}`);
        assert.deepEqual(caseOf([codeMessage(replies)]), first, `${again}: the same code and words`);
        assert.equal(k[k.length - 3], 'reportFlow.kept.ask.child', `${again}: asked again: ${k.join()}`);
        if (locale === 'sr-Cyrl') assert.ok(codeMessage(replies).text!.includes(latinToCyrillic(first.passphrase)), 'Cyrillic words in a Cyrillic conversation');
      }
      const yes = keys(await bot.send(KEPT_TYPED[locale][KEPT_TYPED[locale].length - 1]!));
      assert.deepEqual(yes.slice(0, 2), ['reportFlow.kept.done.child', 'menu.again'], yes.join());
    });
  }

  it('when any typed "yes" or "not yet" of any locale is read, then it means what it says (either script, with or without diacritics)', () => {
    for (const locale of LOCALES) {
      for (const text of [...KEPT_TYPED[locale], 'Da, zapisao sam ih.', 'Zapisala sam sve u svesku', 'JESAM!', 'da, jesam', 'I did', 'I wrote them down', 'written down']) {
        assert.equal(keptAnswerOf(interpretFixed(text) ?? { kind: 'intent', intent: 'none', source: 'text' }, text), 'kept', text);
      }
      for (const text of [...AGAIN_TYPED[locale], 'nisam zapisala', 'ne još', 'jos nisam', 'pokazi opet', 'not yet', "I didn't", 'show me again']) {
        assert.equal(keptAnswerOf(interpretFixed(text) ?? { kind: 'intent', intent: 'none', source: 'text' }, text), 'again', text);
      }
    }
    for (const text of ['šta je grooming', 'hvala', 'kako da proverim prijavu kasnije kad mi zatreba']) {
      assert.equal(keptAnswerOf({ kind: 'intent', intent: 'none', source: 'text' }, text), undefined, text);
    }
  });

  it('when something else is written, then a hint and the question again; a clear question is answered instead', async () => {
    const { bot } = await sent();
    const other = keys(await bot.send('hmm'));
    assert.deepEqual(other.slice(0, 2), ['reportFlow.kept.hint.child', 'reportFlow.kept.ask.child'], other.join());
    const question = keys(await bot.send('neko mi je hakovao instagram nalog'));
    assert.equal(question[0], 'topic.privacy.title', question.join());
    assert.doesNotMatch(await state(bot), /"sealed"/, 'moving on drops the sealed copy');
  });

  it('when a crisis is written at the question, then the card offers to continue, continuing asks again, and "da" brings the menu', async () => {
    const { bot } = await sent();
    const card = await bot.send(CRISIS_TEXT['sr-Latn'].self_harm);
    assert.ok(keys(card).includes('crisis.selfHarm.lines'), keys(card).join());
    assert.ok(!keys(card).includes('reportFlow.kept.hint.child'), 'no complaint about the same text');
    assert.equal(buttonTokens(card)[0], 'resume');
    assert.ok(keys(await bot.send('resume')).includes('reportFlow.kept.ask.child'));
    assert.match(await state(bot), /"sealed"/, 'the words can still be shown');
    assert.deepEqual(keys(await bot.send('pick:show-again')).slice(0, 2), ['reportFlow.done.keepTitle', 'reportFlow.done.code']);
    assert.deepEqual(keys(await bot.send('da')).slice(0, 2), ['reportFlow.kept.done.child', 'menu.again']);
  });

  it('when "glavni meni" is written at the question, then the menu comes and nothing of the report is left in state', async () => {
    const { bot } = await sent();
    assert.equal(keys(await bot.send('glavni meni'))[0], 'menu.prompt.pupil');
    assert.doesNotMatch(await state(bot), /"sealed"|submissionId/);
  });

  it('when the conversation ends (quick exit) before "yes", then its state is deleted at once', async () => {
    const { bot } = await sent();
    assert.match(await state(bot), /"sealed"/);
    const { user, bot: recipient } = bot.adapter.conversation;
    await bot.turn({ type: 'endOfConversation', from: user, recipient });
    assert.equal(await state(bot), '{}');
  });
});
