import assert from 'node:assert/strict';
import { LOCALES } from '../../services/i18n/locales';
import { CATEGORIES, REPORTER_ROLES } from '../../core/domain/routing';
import { endOfCentreDay } from '../../services/deadlines/dueTime';
import { BotHarness, buttonTokens, keys, visibleTexts } from '../support/botHarness';
import { cyrillicToLatin } from '../../services/text/transliterate';
import { tiFormsIn } from '../support/address';
import { isCyrillicText } from '../support/scripts';
import { CHANNEL_LOCALE } from './support/samples';
import { ReportingFixture } from './support/reportingHarness';
import {
  asksForContact, caseOf, CATEGORY_QUESTION_KEYS, KEPT_TYPED, NARRATIVE_IDENTIFIERS, NARRATIVE_LINK, reportScript, SCRIPT_VICTIM, SCRIPT_WHEN, type ReportScenario,
} from './support/reportScript';

/** Routing flags each category's "yes" answers set (content/routing/rules.yaml reads them). */
const FLAGS: Readonly<Record<string, string[]>> = {
  grooming: ['meetingPlanned'],
  sextortion: ['deadlineRunning'],
  cyberbullying: ['threatsOfViolence', 'victimIsPupil'],
  privacy: ['personalDataMisuse', 'identityTheft'],
};

describe('the report dialog: a whole report for every category, role and locale, into the real database', function () {
  this.timeout(300_000);
  const fx = new ReportingFixture('reportdlg');
  before(() => fx.start());
  after(() => fx.stop());

  for (const locale of LOCALES) {
    for (const role of REPORTER_ROLES) {
      for (const category of CATEGORIES) {
        const byText = (CATEGORIES.indexOf(category) + REPORTER_ROLES.indexOf(role)) % 2 === 0;
        const scenario: ReportScenario = { locale, role, category, byText };
        it(`when a ${role} reports ${category} in ${locale} (${byText ? 'typing' : 'tapping'}), then every question comes in turn and the report is stored anonymised, routed and encrypted`, async () => {
          const bot = new BotHarness({ locale: CHANNEL_LOCALE[locale], reporting: fx.reporting });
          await bot.join();
          await bot.send(`role:${role}`);
          let last: Awaited<ReturnType<BotHarness['send']>> = [];
          for (const turn of reportScript(scenario)) {
            last = await bot.send(turn.send);
            const k = keys(last);
            assert.ok(k.includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${k.join()}`);
            assert.ok(last.every((r) => r.locale === locale), `${turn.step}: answered in ${last.map((r) => r.locale).join()}`);
            for (const shown of visibleTexts(last)) assert.doesNotMatch(shown, /\b(reportFlow|reportStatus|button|report)\.[a-z]/, `${turn.step}: a key with no text`);
            // An adult is addressed with "Vi" throughout (the preview and the summary quote the adult's own words).
            if (role !== 'pupil' && locale !== 'en' && !k.includes('reportFlow.narrative.preview') && !k.includes('reportFlow.summary.title')) {
              for (const shown of visibleTexts(last)) assert.deepEqual(tiFormsIn(cyrillicToLatin(shown)), [], `${turn.step}: "ti" to a ${role}: ${shown}`);
            }
            if (locale === 'sr-Cyrl') {
              for (const r of last) {
                const prose = (r.text ?? '').replace(/\*\*[2-9A-Z-]{16}\*\*/g, '').replace(/Instagram|Tiktok|https?:\S+/g, '');
                if (/\p{L}/u.test(prose) && !k.includes('reportFlow.narrative.preview') && !k.includes('reportFlow.summary.title')) assert.ok(isCyrillicText(prose), `${turn.step}: not Cyrillic: ${prose}`);
              }
            }
          }
          const k = keys(last);
          const audience = role === 'pupil' ? 'child' : 'adult';
          for (const key of ['reportFlow.done.code', 'reportFlow.done.passphrase', 'reportFlow.done.writeDown', 'reportFlow.done.routeIntro', `reportFlow.advice.${category}.${audience}`, `reportFlow.kept.ask.${audience}`]) {
            assert.ok(k.includes(key), `the outcome lacks ${key}: ${k.join()}`);
          }
          if (category === 'sextortion') assert.ok(k.includes('reportFlow.advice.sextortionPaid'));
          // Nothing follows the case code but "did you write it down?": no menu pushes it out of view.
          assert.ok(!k.some((key) => key.startsWith('menu.')), `no menu after the outcome: ${k.join()}`);
          const codeAt = last.findIndex((r) => keys([r]).includes('reportFlow.done.code'));
          assert.ok(keys([last[codeAt]!]).includes('reportFlow.done.passphrase'), 'the code and the words in one message');
          assert.equal(codeAt, last.length - 2, 'the code is the last message before the question');
          assert.deepEqual(buttonTokens(last), ['pick:kept', 'pick:show-again']);

          const { code, passphrase } = caseOf(last);
          const confirmed = keys(await bot.send(byText ? KEPT_TYPED[locale][0]! : 'pick:kept'));
          assert.deepEqual(confirmed.slice(0, 2), [`reportFlow.kept.done.${audience}`, 'menu.again'], 'after "yes", the menu');
          const r = await fx.report(code);
          assert.equal(r.category, category);
          assert.equal(r.reporterRole, role);
          assert.equal(r.locale, locale);
          assert.equal(r.victimAge, SCRIPT_VICTIM[role].band);
          assert.deepEqual(r.platforms, ['instagram']);
          assert.equal(r.municipality, 'novi-sad');
          assert.equal(r.ongoing, true);
          for (const f of FLAGS[category] ?? []) assert.ok(r.flags.includes(f as never), `${f} in ${r.flags.join()}`);
          // Every answer reaches the reviewer, the ones that set no routing flag too (paidOrSent, shared, identifiable, fromSchool).
          const whens = Object.fromEntries(CATEGORY_QUESTION_KEYS[category].flatMap((q) => (SCRIPT_WHEN[q] ? [[SCRIPT_WHEN[q], 'tomorrow']] : [])));
          assert.deepEqual(r.answers, { victim: SCRIPT_VICTIM[role].victim, ongoing: 'yes', ...Object.fromEntries(CATEGORY_QUESTION_KEYS[category].map((q) => [q, 'yes'])), ...whens });
          // "Tomorrow" to a running deadline or a planned meeting: due at the end of tomorrow, Belgrade time.
          if (Object.keys(whens).length > 0) {
            assert.equal(r.due?.kind, category === 'sextortion' ? 'deadline' : 'meeting');
            assert.equal(r.due?.at.getTime(), endOfCentreDay(r.createdAt, 1).getTime());
          } else assert.equal(r.due, undefined);
          assert.ok(r.routing.some((a) => a.authorityId === 'nccos'));
          if (['grooming', 'sextortion', 'csam', 'nudes'].includes(category)) assert.ok(r.routing.some((a) => a.authorityId === 'police-vtk'), r.routing.map((a) => a.authorityId).join());
          if (['grooming', 'sextortion'].includes(category)) assert.equal(r.urgency, 'immediate', 'a planned meeting / a running deadline is immediate');
          assert.equal(r.hasContact, asksForContact(role));

          const narrative = fx.narrative(r);
          for (const id of NARRATIVE_IDENTIFIERS) assert.ok(!narrative.includes(id), `the stored narrative keeps ${id}: ${narrative}`);
          const evidence = fx.evidence(r);
          assert.ok(evidence.urls.includes(NARRATIVE_LINK), JSON.stringify(evidence));
          assert.ok(evidence.urls.some((u) => u.includes('drugi_nalog77')) && evidence.handles.includes('@jos_jedan_nalog'), JSON.stringify(evidence));
          assert.ok(passphrase.split(' ').length >= 5);
        });
      }
    }
  }
});
