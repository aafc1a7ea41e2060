import type { ReportAnswerSet, WhenAnswer } from '../../core/domain/reportAnswerSet';
import { addDays, centreDayOf, centreInstant, centreWallClock } from '../shared/centreTime';
import type { Due } from '../../core/domain/due';

/**
 * When a case is due, from what the reporter answered: a sextortion report
 * whose blackmailer gave a deadline ("do sutra"), or a grooming report with
 * a meeting planned. The mapping, on the contact centre's clock
 * (Europe/Belgrade), from the moment the report was made:
 *
 * | answer      | due                                                   |
 * |-------------|-------------------------------------------------------|
 * | `today`     | the end of that day (the following midnight)          |
 * | `tomorrow`  | the end of the next day                               |
 * | `fewDays`   | the same wall-clock time {@link FEW_DAYS} days later  |
 * | `unknown`   | no due time (the answer is kept and shown)            |
 *
 * "End of the day" because a child who says "today" rarely knows the hour,
 * and a deadline read too late is worse than one read early: the queue and
 * the reminder work from it. "In a few days" is taken as three, the middle
 * of what children mean by it (two to four).
 */

/** How many days "in a few days" means. */
export const FEW_DAYS = 3;

/** The end of the Belgrade day `days` after the day of `at` (0: the midnight that ends today). */
export function endOfCentreDay(at: Date, days: number): Date {
  return centreInstant(addDays(centreDayOf(at), days + 1));
}

/** The due time an answer gives, made at `at`; undefined for "don't know". */
export function dueTimeOf(when: WhenAnswer, at: Date): Date | undefined {
  switch (when) {
    case 'today':
      return endOfCentreDay(at, 0);
    case 'tomorrow':
      return endOfCentreDay(at, 1);
    case 'fewDays': {
      const w = centreWallClock(at);
      const later = centreInstant(addDays(centreDayOf(at), FEW_DAYS), w.hour, w.minute);
      return new Date(later.getTime() + w.second * 1000 + at.getUTCMilliseconds());
    }
    case 'unknown':
      return undefined;
  }
}

/** Which "when?" answer a number of days ahead is: 0 today, 1 tomorrow, more "in a few days". */
export function whenOfDaysAhead(days: number): WhenAnswer {
  return days <= 0 ? 'today' : days === 1 ? 'tomorrow' : 'fewDays';
}

/**
 * The report's due time from its answers, made at `at`: a deadline that is
 * running (`deadlineRunning: yes`) or a meeting that is planned
 * (`meetingPlanned: yes`), with its "when?" answer. The earlier wins if
 * both are given.
 */
export function dueOfAnswers(answers: ReportAnswerSet | undefined, at: Date): Due | undefined {
  const candidates: Due[] = [];
  if (answers?.deadlineRunning === 'yes' && answers.deadlineWhen) {
    const due = dueTimeOf(answers.deadlineWhen, at);
    if (due) candidates.push({ at: due, kind: 'deadline', source: 'answer' });
  }
  if (answers?.meetingPlanned === 'yes' && answers.meetingWhen) {
    const due = dueTimeOf(answers.meetingWhen, at);
    if (due) candidates.push({ at: due, kind: 'meeting', source: 'answer' });
  }
  return candidates.sort((a, b) => a.at.getTime() - b.at.getTime())[0];
}

/**
 * When the on-duty channel is reminded of a due case nobody has opened: after
 * `fraction` of the time from the report to its due time
 * (NOTIFY_DEADLINE_REMINDER_FRACTION; 0.5 = half the time gone). A due time
 * already past reminds at once.
 */
export function reminderTimeOf(createdAt: Date, dueAt: Date, fraction: number): Date {
  const span = Math.max(0, dueAt.getTime() - createdAt.getTime());
  return new Date(createdAt.getTime() + Math.round(span * fraction));
}
