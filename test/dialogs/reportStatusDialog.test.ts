import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { LOCALES, type Locale } from '../../services/i18n/locales';
import { latinToCyrillic } from '../../services/text/transliterate';
import { moveReport } from '../support/staffCase';
import { BotHarness, buttonTokens, keys, telLinks } from '../support/botHarness';
import { CHANNEL_LOCALE, CRISIS_TEXT } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf, reportScript } from './support/reportScript';

const text = (replies: Partial<Activity>[]): string => replies.map((r) => r.text ?? '').join('\n');

describe('checking a report: case code and secret words, status, the contact centre\'s messages, a reply', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('reportstatus', { FOLLOWUP_MAX_FAILURES: '3', FOLLOWUP_LOCK_MINUTES: '15' });
  before(() => fx.start());
  after(() => fx.stop());

  /** A report made through the chat; returns its case code, secret words and report id. */
  async function submitted(locale: Locale = 'sr-Latn'): Promise<{ code: string; passphrase: string; id: string }> {
    const bot = new BotHarness({ reporting: fx.reporting, locale: CHANNEL_LOCALE[locale] });
    await bot.join();
    await bot.send('role:pupil');
    let last: Partial<Activity>[] = [];
    for (const turn of reportScript({ locale, role: 'pupil', category: 'sextortion', byText: false })) last = await bot.send(turn.send);
    const shown = caseOf(last);
    return { ...shown, id: (await fx.report(shown.code))._id.toHexString() };
  }

  async function checker(locale: Locale = 'sr-Latn'): Promise<BotHarness> {
    const bot = new BotHarness({ reporting: fx.reporting, locale: CHANNEL_LOCALE[locale] });
    await bot.join();
    await bot.send('role:pupil');
    return bot;
  }

  for (const locale of LOCALES) {
    it(`when a pupil comes back in ${locale} with code and secret words, then the status and the contact centre's message come, and a reply reaches the contact centre anonymised`, async () => {
      const { code, passphrase, id } = await submitted(locale);
      await fx.services.followUp.postStaffMessage(id, 'staff-1', 'Hvala ti na prijavi. Da li si sačuvao poruke?');
      const bot = await checker(locale);
      const ask = locale === 'en' ? 'I need my case code' : locale === 'sr-Cyrl' ? latinToCyrillic('status prijave') : 'status prijave';
      assert.equal(keys(await bot.send(ask))[0], 'reportStatus.ask.code');
      assert.ok(keys(await bot.send(code.toLowerCase().replace(/-/g, ' '))).includes('reportStatus.ask.passphrase'), 'the code may be typed in small letters with spaces');
      const view = await bot.send(locale === 'sr-Cyrl' ? latinToCyrillic(passphrase) : passphrase);
      const k = keys(view);
      for (const key of ['reportStatus.found', 'report.status.new', 'reportStatus.submitted', 'reportStatus.newMessages', 'reportStatus.message.staff', 'reportStatus.ask.reply']) assert.ok(k.includes(key), `${key} in ${k.join()}`);
      assert.ok(text(view).includes('Da li si sačuvao poruke?'), 'the contact centre\'s words are shown');
      assert.ok(view.every((r) => r.locale === locale), `the secret words do not switch the language: ${view.map((r) => r.locale).join()} ${passphrase}`);
      assert.deepEqual(buttonTokens(view), ['pick:refresh', 'pick:done']);

      assert.ok(keys(await bot.send('Jeste, sačuvala sam sve. Ime mu je Petar Petrović.')).includes('reportStatus.replySent'));
      const thread = await fx.services.followUp.staffThread(id);
      const mine = thread.find((m) => m.from === 'reporter');
      assert.ok(mine && mine.text.startsWith('Jeste, sačuvala sam sve.') && !mine.text.includes('Petrović'), mine?.text);
      const again = await bot.send('pick:refresh');
      assert.ok(keys(again).includes('reportStatus.message.mine'));
      assert.equal(keys(await bot.send('pick:done'))[0], 'menu.again');
    });
  }

  it('when the status changes, then the reporter reads it in plain words', async () => {
    const { code, passphrase, id } = await submitted();
    await moveReport(fx.cases(), id, { to: 'in_review' });
    const bot = await checker();
    await bot.send('go:report_status');
    await bot.send(code);
    assert.ok(keys(await bot.send(passphrase)).includes('report.status.in_review'));
  });

  it('when the secret words are wrong, then the user is told kindly, may try again, and after the limit is told to wait and whom to call', async () => {
    const { code, passphrase } = await submitted();
    const bot = await checker();
    await bot.send('go:report_status');
    await bot.send(code);
    for (let i = 0; i < 2; i++) {
      const wrong = keys(await bot.send('pogrešne reči koje nisu tačne'));
      assert.deepEqual(wrong.slice(0, 2), ['reportStatus.invalid', 'reportStatus.ask.passphrase']);
    }
    const locked = await bot.send('opet pogrešne reči ovde');
    assert.equal(keys(locked)[0], 'reportStatus.locked');
    assert.ok(telLinks(locked).includes('tel:19833'));
    assert.match(text(locked), /\b1[45]\b/, 'how long to wait');
    assert.ok(keys(locked).includes('menu.again'), 'the check ends and the menu comes');
    // Locked means locked, even with the right words, until the time is up.
    await bot.send('go:report_status');
    await bot.send(code);
    assert.equal(keys(await bot.send(passphrase))[0], 'reportStatus.locked');
  });

  it('when what is typed is not a case code, then the user is told what one looks like and no attempt is counted', async () => {
    const bot = await checker();
    await bot.send('go:report_status');
    const k = keys(await bot.send('ne znam kod'));
    assert.deepEqual(k.slice(0, 2), ['reportStatus.malformed', 'reportStatus.ask.code']);
    assert.equal(keys(await bot.send('cancel'))[0], 'menu.again');
  });

  it('when a crisis is written at the code, the secret words or the reply, then the card comes first', async () => {
    const { code, passphrase } = await submitted();
    const bot = await checker();
    await bot.send('go:report_status');
    const atCode = keys(await bot.send(CRISIS_TEXT['sr-Latn'].emergency));
    assert.equal(atCode[0], 'crisis.emergency.now');
    assert.ok(atCode.includes('reportStatus.ask.code'), 'the code is asked again after the card');
    await bot.send(code);
    // After the card a sentence that is no passphrase gets no complaint and counts no attempt: the question comes again.
    const atWords = keys(await bot.send(CRISIS_TEXT['sr-Latn'].self_harm));
    assert.equal(atWords[0], 'crisis.selfHarm.warm');
    assert.ok(!atWords.includes('reportStatus.invalid') && atWords.includes('reportStatus.ask.passphrase'), atWords.join());
    assert.ok(keys(await bot.send(passphrase)).includes('reportStatus.found'), 'the check goes on after the card');
    const reply = keys(await bot.send(CRISIS_TEXT['sr-Latn'].emergency));
    assert.equal(reply[0], 'crisis.emergency.now');
    assert.ok(reply.includes('reportStatus.replySent'), 'a reply in the user\'s own words still reaches the contact centre');
  });
});
