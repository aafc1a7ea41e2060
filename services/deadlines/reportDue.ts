import type { ReportAnswerSet } from '../../core/domain/reportAnswerSet';
import { daysAheadIn } from './dayWords';
import { dueOfAnswers, endOfCentreDay } from './dueTime';
import { type Due, type DueKind } from '../../core/domain/due';

/**
 * A stored report's due time. The "when?" answer is the source of truth
 * (see dueTime.ts); only when the reporter said a deadline is running or a
 * meeting planned but answered "don't know" (or was not asked) is the
 * anonymised narrative read for a limit it names — "do sutra", "do petka",
 * "by Friday" (the anonymiser keeps such words) — and the case is due at
 * the end of that day.
 */
export function dueOfReport(answers: ReportAnswerSet | undefined, narrative: string, at: Date): Due | undefined {
  const answered = dueOfAnswers(answers, at);
  if (answered) return answered;
  const kind: DueKind | undefined = answers?.deadlineRunning === 'yes' && (answers.deadlineWhen ?? 'unknown') === 'unknown'
    ? 'deadline'
    : answers?.meetingPlanned === 'yes' && (answers.meetingWhen ?? 'unknown') === 'unknown' ? 'meeting' : undefined;
  if (!kind) return undefined;
  const days = daysAheadIn(narrative, at, { untilOnly: true });
  return days === undefined ? undefined : { at: endOfCentreDay(at, days), kind, source: 'narrative' };
}
