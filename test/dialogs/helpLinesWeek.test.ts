import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { REPORTER_ROLES, type ReporterRole } from '../../core/domain/routing';
import { BotHarness, keys } from '../support/botHarness';

/**
 * The help-lines card on a moving clock: the lines open now first, a closed
 * line saying when it opens, the contact centre (hours unconfirmed) never
 * with hours. The clock is the bot's own (BotHarness `clock`), moved hour
 * by hour through a week that contains the change to summer time
 * (Sunday 29 March 2026, 02:00 → 03:00 in Belgrade); no sleeps.
 */

interface Card {
  /** The number dialled (`tel:` of the card's first button). */
  dial: string;
  title: string;
  subtitle: string;
  text: string;
}

const NADEL = '116111';
const SRCE = '0800300303';
const POLICE = '192';
const NKC = '19833';

function cardsOf(replies: Partial<Activity>[]): Card[] {
  return replies.flatMap((r) => r.attachments ?? []).map((a) => {
    const c = a.content as { title?: string; subtitle?: string; text?: string; buttons?: Array<{ value?: string }> };
    return { dial: String(c.buttons?.[0]?.value ?? '').replace(/^tel:/, ''), title: c.title ?? '', subtitle: c.subtitle ?? '', text: c.text ?? '' };
  });
}

/**
 * Belgrade hour of a UTC instant in late March 2026, worked out by hand
 * rather than by the code under test: UTC+1 until 29 March 01:00 UTC, UTC+2
 * after.
 */
function belgradeHour(utc: Date): { hour: number; day: number } {
  const offset = utc.getTime() < Date.UTC(2026, 2, 29, 1) ? 1 : 2;
  const local = new Date(utc.getTime() + offset * 3_600_000);
  return { hour: local.getUTCHours(), day: local.getUTCDate() };
}

/** A bot whose clock the test sets, with the role chosen. */
async function botFor(role: ReporterRole, clock: { now: Date }, locale = 'sr-Latn'): Promise<BotHarness> {
  const bot = new BotHarness({ clock: () => clock.now, locale });
  await bot.join();
  await bot.send(`role:${role}`);
  return bot;
}

describe('the help-lines card on the Belgrade clock: open lines first, when a closed line opens', function () {
  this.timeout(120_000);

  it('when the clock walks every hour of a week across the change to summer time, then Centar Srce is listed as open exactly from 14 to 23, first among the open ones after NADEL and the police, and when closed says when it opens; 19833 never shows hours', async () => {
    const clock = { now: new Date(0) };
    const bot = await botFor('pupil', clock);
    // Monday 23 March 2026 00:00 in Belgrade (UTC+1) for 7 × 24 + 2 hours: the Sunday has 23 hours.
    const start = Date.UTC(2026, 2, 22, 23);
    let srceOpenHours = 0;
    for (let h = 0; h < 7 * 24 + 2; h++) {
      clock.now = new Date(start + h * 3_600_000);
      const { hour } = belgradeHour(clock.now);
      const replies = await bot.send('go:human');
      assert.ok(keys(replies).includes('contacts.intro.pupil'), `${clock.now.toISOString()}: the card`);
      const cards = cardsOf(replies);
      const order = cards.map((c) => c.dial);
      const srceOpen = hour >= 14 && hour < 23;
      if (srceOpen) srceOpenHours++;
      const expected = srceOpen ? [NADEL, POLICE, SRCE, NKC] : [NADEL, POLICE, NKC, SRCE];
      assert.deepEqual(order, expected, `${clock.now.toISOString()} (Belgrade ${hour}:00): ${order.join(', ')}`);
      const srce = cards.find((c) => c.dial === SRCE)!;
      if (srceOpen) assert.doesNotMatch(srce.text, /Sada ne radi/, `${hour}:00: Centar Srce is open`);
      else {
        const when = hour < 14 ? 'danas' : 'sutra';
        assert.match(srce.text, new RegExp(`^Sada ne radi\\. Otvara se ${when} u 14:00\\.`), `${hour}:00: ${srce.text}`);
      }
      assert.match(srce.subtitle, /od 14 do 23 časa/, 'its hours are shown');
      const nkc = cards.find((c) => c.dial === NKC)!;
      assert.equal(nkc.subtitle, 'Pozovi i proveri kada rade.', `${hour}:00: no hours for 19833`);
      assert.doesNotMatch(`${nkc.subtitle} ${nkc.text}`, /\d{1,2}(:00)? ?[-–]|Otvara se|Sada ne radi/, '19833: neither hours nor "open"/"closed"');
    }
    // Seven days of 14–23 (the Sunday's 23 hours lose the night, not the afternoon).
    assert.equal(srceOpenHours, 7 * 9);
  });

  for (const role of REPORTER_ROLES) {
    it(`when a ${role} asks for a person at 03:00 on a Sunday, then NADEL (0–24) comes first and Centar Srce says it opens today at 14:00`, async () => {
      // Sunday 11 January 2026, 03:00 in Belgrade (UTC+1); and the summer-time Sunday 29 March 2026, 03:00 (UTC+2).
      for (const iso of ['2026-01-11T02:00:00Z', '2026-03-29T01:00:00Z']) {
        const clock = { now: new Date(iso) };
        const bot = await botFor(role, clock);
        const cards = cardsOf(await bot.send('go:human'));
        assert.equal(cards[0]?.dial, NADEL, `${iso}: ${cards.map((c) => c.dial).join(', ')}`);
        assert.match(cards[0]!.subtitle, /0–24/);
        const srce = cards.find((c) => c.dial === SRCE)!;
        assert.equal(cards.at(-1)?.dial, SRCE, 'the closed line last');
        assert.match(srce.text, /^Sada ne radi\. Otvara se danas u 14:00\./);
      }
    });
  }

  it('when the card is read in English and in Cyrillic at 23:30, then Centar Srce opens "tomorrow at 14:00" in the reader\'s words', async () => {
    const clock = { now: new Date('2026-01-14T22:30:00Z') }; // Wednesday 23:30 in Belgrade
    const en = cardsOf(await (await botFor('parent', clock, 'en-US')).send('go:human'));
    assert.match(en.find((c) => c.dial === SRCE)!.text, /^Closed now\. Opens tomorrow at 14:00\./);
    assert.equal(en.find((c) => c.dial === NKC)!.subtitle, 'Call to check the hours.');
    const cyrl = cardsOf(await (await botFor('pupil', clock, 'sr-Cyrl-RS')).send('go:human'));
    assert.match(cyrl.find((c) => c.dial === SRCE)!.text, /^Сада не ради\. Отвара се сутра у 14:00\./);
  });
});
