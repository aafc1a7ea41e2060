import type { CareCounterRepository, DayCount } from '../../models/careCounter';
import { CARE_KEEP_DAYS } from '../../models/careCounter';
import { addDays, centreDayOf, isoDay, type CentreDay } from '../shared/centreTime';
import type { Category } from '../../core/domain/routing';

/** What care for reviewers is configured with (DASHBOARD_CARE_*). */
export interface CareSettings {
  /** Categories whose narrative and reporter messages stay collapsed until the reader asks, and whose openings are counted. */
  categories: readonly Category[];
  /** Openings of such reports in one day after which the dashboard suggests a pause. */
  pauseAfter: number;
}

/** What one staff member sees about their own day: counts only, never which reports. */
export interface CareStatus {
  /** Today on the Belgrade clock, `YYYY-MM-DD`. */
  day: string;
  /** The Monday the current week began, `YYYY-MM-DD`. */
  weekStart: string;
  today: number;
  week: number;
  pauseAfter: number;
  /** Today's openings reached `pauseAfter`: the dashboard kindly suggests a pause. */
  suggestPause: boolean;
  /** The categories counted (and collapsed). */
  categories: Category[];
  /** For administrators: the whole team's sums, with nobody named. */
  team?: { today: number; week: number };
}

/** The Monday of the Belgrade week `day` falls in. */
export function weekStartOf(day: CentreDay): CentreDay {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

const sum = (counts: DayCount[], from: string): number => counts.filter((c) => c.day >= from).reduce((n, c) => n + c.count, 0);

/**
 * Care for reviewers: which reports are distressing enough to collapse, and
 * how many of them each person opened today and this week (Europe/Belgrade
 * days, weeks from Monday). Counted in the database, so every instance and
 * every restart sees the same number.
 */
export class ReviewerCare {
  constructor(
    private readonly counters: CareCounterRepository,
    readonly settings: CareSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The report's category is one whose text waits until the reader asks for it. */
  isDistressing(category: string): boolean {
    return (this.settings.categories as readonly string[]).includes(category);
  }

  /** Counts that `staffId` opened a report of `category` (nothing for other categories; once per report per day). */
  async opened(staffId: string, reportId: string, category: string): Promise<boolean> {
    if (!this.isDistressing(category)) return false;
    const today = centreDayOf(this.now());
    return this.counters.record(staffId, isoDay(today), reportId, isoDay(addDays(today, -CARE_KEEP_DAYS)));
  }

  /** The person's own counts; with `team`, the team's sums too (administrators). */
  async status(staffId: string, opts: { team?: boolean } = {}): Promise<CareStatus> {
    const today = centreDayOf(this.now());
    const day = isoDay(today);
    const weekStart = isoDay(weekStartOf(today));
    const [own, team] = await Promise.all([
      this.counters.ofStaff(staffId, weekStart),
      opts.team ? this.counters.ofTeam(weekStart) : Promise.resolve(undefined),
    ]);
    const todayCount = sum(own, day);
    return {
      day,
      weekStart,
      today: todayCount,
      week: sum(own, weekStart),
      pauseAfter: this.settings.pauseAfter,
      suggestPause: todayCount >= this.settings.pauseAfter,
      categories: [...this.settings.categories],
      ...(team ? { team: { today: sum(team, day), week: sum(team, weekStart) } } : {}),
    };
  }
}
