import assert from 'node:assert/strict';
import { daysAheadIn } from '../../../services/deadlines/dayWords';
import { dueOfAnswers, dueTimeOf, reminderTimeOf, whenOfDaysAhead } from '../../../services/deadlines/dueTime';
import { dueOfReport } from '../../../services/deadlines/reportDue';
import { centreInstant, centreWallClock } from '../../../services/shared/centreTime';

/** A Belgrade wall-clock time as an instant. */
const belgrade = (y: number, mo: number, d: number, h = 0, mi = 0): Date => centreInstant({ year: y, month: mo, day: d }, h, mi);

describe('due times from the "when?" answer, on the Belgrade clock', () => {
  it('when Belgrade wall-clock times are turned into instants, then winter is UTC+1 and summer UTC+2, and midnights around the changes exist once', () => {
    assert.equal(belgrade(2026, 1, 15, 12).toISOString(), '2026-01-15T11:00:00.000Z');
    assert.equal(belgrade(2026, 7, 15, 12).toISOString(), '2026-07-15T10:00:00.000Z');
    // Summer time starts on 29 March 2026 at 02:00 and ends on 25 October 2026 at 03:00.
    assert.equal(belgrade(2026, 3, 29).toISOString(), '2026-03-28T23:00:00.000Z');
    assert.equal(belgrade(2026, 3, 30).toISOString(), '2026-03-29T22:00:00.000Z');
    assert.equal(belgrade(2026, 10, 25).toISOString(), '2026-10-24T22:00:00.000Z');
    assert.equal(belgrade(2026, 10, 26).toISOString(), '2026-10-25T23:00:00.000Z');
    assert.deepEqual(centreWallClock(new Date('2026-03-29T01:30:00Z')), { year: 2026, month: 3, day: 29, hour: 3, minute: 30, second: 0 });
  });

  it('when the answer is "today", then the case is due at the midnight that ends the Belgrade day — also late at night in UTC terms', () => {
    assert.equal(dueTimeOf('today', belgrade(2026, 2, 10, 9, 15))?.toISOString(), belgrade(2026, 2, 11).toISOString());
    // 23:30 in Belgrade is 22:30 UTC: still the same Belgrade day.
    assert.equal(dueTimeOf('today', new Date('2026-02-10T22:30:00Z'))?.toISOString(), '2026-02-10T23:00:00.000Z');
    // 00:30 in Belgrade (23:30 UTC the day before) is a new Belgrade day.
    assert.equal(dueTimeOf('today', new Date('2026-02-10T23:30:00Z'))?.toISOString(), '2026-02-11T23:00:00.000Z');
  });

  it('when the answer is "tomorrow", then it is due at the end of the next Belgrade day, across a change to summer time', () => {
    assert.equal(dueTimeOf('tomorrow', belgrade(2026, 2, 10, 9))?.toISOString(), belgrade(2026, 2, 12).toISOString());
    // Saturday 28 March 2026, 20:00 → the end of Sunday 29 March, which is a summer-time midnight.
    const due = dueTimeOf('tomorrow', belgrade(2026, 3, 28, 20))!;
    assert.equal(due.toISOString(), '2026-03-29T22:00:00.000Z');
    assert.deepEqual(centreWallClock(due), { year: 2026, month: 3, day: 30, hour: 0, minute: 0, second: 0 });
  });

  it('when the answer is "in a few days", then it is due three days later at the same Belgrade wall-clock time, summer time or not', () => {
    const at = belgrade(2026, 3, 27, 16, 40);
    const due = dueTimeOf('fewDays', at)!;
    assert.deepEqual(centreWallClock(due), { year: 2026, month: 3, day: 30, hour: 16, minute: 40, second: 0 });
    // One hour less than 72: the clocks went forward on the way.
    assert.equal(due.getTime() - at.getTime(), 71 * 3_600_000);
  });

  it('when the answer is "don\'t know", then there is no due time', () => {
    assert.equal(dueTimeOf('unknown', belgrade(2026, 2, 10, 9)), undefined);
    assert.equal(dueOfAnswers({ deadlineRunning: 'yes', deadlineWhen: 'unknown' }, belgrade(2026, 2, 10, 9)), undefined);
  });

  it('when a deadline is running or a meeting planned, then the due time is the answer\'s, with its kind; without the "yes" there is none', () => {
    const at = belgrade(2026, 2, 10, 9);
    assert.deepEqual(dueOfAnswers({ deadlineRunning: 'yes', deadlineWhen: 'tomorrow' }, at), { at: belgrade(2026, 2, 12), kind: 'deadline', source: 'answer' });
    assert.deepEqual(dueOfAnswers({ meetingPlanned: 'yes', meetingWhen: 'today' }, at), { at: belgrade(2026, 2, 11), kind: 'meeting', source: 'answer' });
    assert.equal(dueOfAnswers({ deadlineRunning: 'no', deadlineWhen: 'today' }, at), undefined);
    assert.equal(dueOfAnswers({}, at), undefined);
  });

  it('when the reminder point is a fraction of the time left, then half of a day\'s wait is twelve hours; a past due time reminds at once', () => {
    const at = belgrade(2026, 2, 10, 12);
    assert.equal(reminderTimeOf(at, belgrade(2026, 2, 11, 12), 0.5).toISOString(), belgrade(2026, 2, 11, 0).toISOString());
    assert.equal(reminderTimeOf(at, belgrade(2026, 2, 11, 12), 0.25).toISOString(), belgrade(2026, 2, 10, 18).toISOString());
    assert.equal(reminderTimeOf(at, belgrade(2026, 2, 9), 0.5).toISOString(), at.toISOString());
  });
});

describe('days named in words ("do sutra", "do petka")', () => {
  // Wednesday 11 February 2026, 10:00 in Belgrade.
  const wednesday = belgrade(2026, 2, 11, 10);

  it('when a day is named in Serbian (Latin, Cyrillic, without diacritics) or English, then it counts from today on the Belgrade calendar', () => {
    const cases: Array<[string, number]> = [
      ['danas', 0], ['večeras', 0], ['sutra', 1], ['do sutra', 1], ['prekosutra', 2],
      ['do petka', 2], ['u petak', 2], ['до петка', 2], ['do cetvrtka', 1], ['do četvrtka', 1], ['u sredu', 0], ['do ponedeljka', 5],
      ['by Friday', 2], ['tomorrow', 1], ['on Tuesday', 6],
    ];
    for (const [text, days] of cases) assert.equal(daysAheadIn(text, wednesday), days, text);
    assert.equal(daysAheadIn('za nedelju dana', wednesday), undefined, 'a week is a length, not Sunday');
    assert.equal(daysAheadIn('ne znam', wednesday), undefined);
  });

  it('when a narrative is read, then only a day after a word of limit counts: "do sutra" yes, "u petak smo se upoznali" no', () => {
    assert.equal(daysAheadIn('Rekao je da imam vremena do sutra da platim.', wednesday, { untilOnly: true }), 1);
    assert.equal(daysAheadIn('Traži novac najkasnije do petka.', wednesday, { untilOnly: true }), 2);
    assert.equal(daysAheadIn('U petak smo se upoznali na Instagramu.', wednesday, { untilOnly: true }), undefined);
    assert.equal(daysAheadIn('He said I have until Friday.', wednesday, { untilOnly: true }), 2);
  });

  it('when days ahead become an answer, then 0 is today, 1 tomorrow, more a few days', () => {
    assert.deepEqual([0, 1, 2, 5].map(whenOfDaysAhead), ['today', 'tomorrow', 'fewDays', 'fewDays']);
  });

  it('when the "when?" answer is "don\'t know" but the story says "do sutra", then the case is due at the end of tomorrow, from the story; an answer always wins', () => {
    const story = 'Ucenjivač traži novac i kaže da ima vremena do sutra.';
    assert.deepEqual(dueOfReport({ deadlineRunning: 'yes', deadlineWhen: 'unknown' }, story, wednesday), { at: belgrade(2026, 2, 13), kind: 'deadline', source: 'narrative' });
    assert.deepEqual(dueOfReport({ deadlineRunning: 'yes', deadlineWhen: 'fewDays' }, story, wednesday)?.source, 'answer');
    assert.equal(dueOfReport({ deadlineRunning: 'no' }, story, wednesday), undefined, 'no running deadline, no due time');
  });
});
