import assert from 'node:assert/strict';
import { CRISIS_SITUATIONS } from '../../services/nlu/types';
import { crisisView } from '../../dialogs/cards/crisisCard';
import { keptQuestionView } from '../../dialogs/report/reportOutcome';
import { AGE_PICKS, emptySealed, type ReportProgress } from '../../dialogs/report/reportProgress';
import { questionOf } from '../../dialogs/report/reportQuestions';
import { stepsOf, VICTIM_CHOICES } from '../../dialogs/report/reportSteps';
import { mainMenuView, MAX_SUGGESTED_ACTIONS, menuPageCount, menuPages } from '../../dialogs/shared/menus';
import { Thresholds } from '../../dialogs/understanding/thresholds';
import { TOPIC_INTENTS } from '../../services/nlu/types';
import { CATEGORIES, REPORTER_ROLES, type ReporterRole } from '../../core/domain/routing';
import { BotHarness, buttonTokens, keys } from '../support/botHarness';

const ROLES_AND_NONE: readonly (ReporterRole | undefined)[] = [undefined, ...REPORTER_ROLES];

/** A report at step `at` with every earlier answer given (so every step of the role and category exists). */
function progressAt(role: ReporterRole, category: (typeof CATEGORIES)[number], at: ReportProgress['at'], page?: number): ReportProgress {
  return {
    submissionId: 'x',
    role,
    at,
    history: [],
    answers: { category, victim: VICTIM_CHOICES[role][0]!, victimAge: '14-17', platforms: [], ongoing: 'yes', questions: {}, contactWanted: true },
    ...(page ? { page } : {}),
  };
}

describe(`no message offers more than ${MAX_SUGGESTED_ACTIONS} suggested actions, and nothing becomes unreachable by that`, () => {
  it('when the main menu is shown for any role (or none), then each page has at most six buttons, and the pages together hold every topic, reporting, a person, the role and the language', () => {
    for (const role of ROLES_AND_NONE) {
      const tokens: string[] = [];
      for (let page = 1; page <= menuPageCount(role); page++) {
        const buttons = mainMenuView(role, false, page).buttons ?? [];
        assert.ok(buttons.length <= MAX_SUGGESTED_ACTIONS, `${role} page ${page}: ${buttons.length}`);
        tokens.push(...buttons.map((b) => ('token' in b ? b.token : '')));
      }
      for (const topic of TOPIC_INTENTS) assert.equal(tokens.filter((t) => t === `topic:${topic}`).length, 1, `${role}: ${topic} once`);
      for (const t of ['go:report', 'go:report_status', 'go:human', 'changeRole', 'go:language']) assert.ok(tokens.includes(t), `${role}: ${t}`);
      const first = mainMenuView(role, false, 1).buttons!.map((b) => ('token' in b ? b.token : ''));
      assert.ok(first.includes('go:report') && first.includes('go:human'), `${role}: reporting and a person on the first page`);
      assert.equal(menuPages(role).flat().length, new Set(menuPages(role).flat()).size, `${role}: nothing twice`);
    }
  });

  it('when any report question is asked, for any role and category, on any page of its answers, then at most six buttons, "cancel" always among them, and every answer on some page', () => {
    for (const role of REPORTER_ROLES) {
      for (const category of CATEGORIES) {
        for (const at of stepsOf(role, progressAt(role, category, 'danger').answers)) {
          const q = questionOf(at, progressAt(role, category, at), emptySealed());
          const answers = new Set<string>();
          for (let page = 1; page <= (q.pages ?? 1); page++) {
            const buttons = questionOf(at, progressAt(role, category, at, page), emptySealed()).view.buttons ?? [];
            const tokens = buttons.map((b) => ('token' in b ? b.token : ''));
            assert.ok(buttons.length <= MAX_SUGGESTED_ACTIONS, `${role} ${category} ${at} page ${page}: ${tokens.join()}`);
            assert.ok(tokens.includes('cancel'), `${at} page ${page}: cancel`);
            if (page > 1) assert.ok(tokens.includes('back'), `${at} page ${page}: back to the page before`);
            if (page < (q.pages ?? 1)) assert.ok(tokens.includes('pick:more'), `${at} page ${page}: more`);
            for (const t of tokens) if (t.startsWith('pick:') && t !== 'pick:more') answers.add(t);
          }
          if (at === 'category') for (const c of CATEGORIES) assert.ok(answers.has(`pick:${c}`), `category ${c} reachable`);
          if (at === 'age') for (const a of Object.values(AGE_PICKS)) assert.ok(answers.has(`pick:${a}`), `age ${a} reachable`);
          if (at === 'victim') for (const v of VICTIM_CHOICES[role]) assert.ok(answers.has(`pick:${v}`), `victim ${v} reachable`);
          if (at === 'platform') assert.ok(answers.has('pick:none') && answers.has('pick:instagram'), 'platform: other / don\'t know reachable');
        }
      }
    }
  });

  it('when the other views are built (did you write it down, crisis cards, "did you mean"), then each keeps to the limit', () => {
    for (const audience of ['child', 'adult'] as const) assert.equal(keptQuestionView(audience).buttons?.length, 2);
    for (const crisis of CRISIS_SITUATIONS) {
      for (const canResume of [true, false]) for (const role of ['pupil', 'parent'] as const) assert.ok((crisisView(crisis, { role, canResume }).buttons ?? []).length <= MAX_SUGGESTED_ACTIONS);
    }
    assert.ok(Thresholds.offered + 1 <= MAX_SUGGESTED_ACTIONS, '"did you mean" offers its guesses and "none of these"');
  });

  it('when a pupil opens a topic, the role question, the language picker and the help lines, then no reply offers more than six buttons', async () => {
    const bot = new BotHarness();
    const turns = [await bot.join(), await bot.send('role:pupil'), await bot.send('topic:grooming'), await bot.send('jezik'), await bot.send('lang:sr-Latn'), await bot.send('go:human'), await bot.send('changeRole')];
    for (const replies of turns) assert.ok(buttonTokens(replies).length <= MAX_SUGGESTED_ACTIONS, buttonTokens(replies).join());
  });

  it('when "more choices…" is tapped or "još" typed at "what happened?", then the other categories come, "back" shows the first page again, and a choice on either page goes on', async () => {
    const bot = new BotHarness();
    await bot.join();
    await bot.send('role:pupil');
    await bot.send('go:report');
    const first = buttonTokens(await bot.send('pick:no'));
    assert.deepEqual(first, ['pick:grooming', 'pick:sextortion', 'pick:nudes', 'pick:cyberbullying', 'pick:more', 'cancel']);
    const second = buttonTokens(await bot.send('pick:more'));
    assert.deepEqual(second, ['pick:csam', 'pick:privacy', 'pick:other', 'back', 'cancel']);
    assert.deepEqual(buttonTokens(await bot.send('nazad')), first, 'back: the first page, not the question before');
    assert.deepEqual(buttonTokens(await bot.send('još')), second, 'typed "još": the next page');
    assert.ok(keys(await bot.send('pick:privacy')).includes('reportFlow.ask.victim'));
    // The next question starts on its first page; "back" from it returns to "what happened?".
    assert.ok(keys(await bot.send('back')).includes('reportFlow.ask.category'));
  });

  it('when "više tema" / "more" is typed at the main menu, then the next page comes, and after the last page the first', async () => {
    const bot = new BotHarness();
    await bot.join();
    const first = await bot.send('role:parent');
    const second = await bot.send('više tema');
    assert.equal(keys(second)[0], 'menu.more');
    assert.deepEqual(buttonTokens(second), mainMenuView('parent', false, 2).buttons!.map((b) => ('token' in b ? b.token : '')));
    assert.equal(keys(await bot.send('Још')).at(0), 'menu.more');
    assert.deepEqual(buttonTokens(await bot.send('more')), buttonTokens(first), 'after the last page, the first again');
  });
});
