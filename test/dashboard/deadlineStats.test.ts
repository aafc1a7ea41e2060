import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { reportModel } from '../../models/report';
import { ReportStats } from '../../services/dashboard/reportStats';
import { ReportStatsRepository } from '../../models/reportStatsRepository';
import { statsCsv, suppressStats } from '../../services/dashboard/statsCsv';
import { dropTestDb, openTestDb } from '../support/db';
import { insertReport, testCipher } from './reportFixtures';

const HOUR = 3_600_000;

describe('statistics: time from report to first review beside the deadline', function () {
  this.timeout(60_000);
  let conn: Connection;
  const now = new Date('2026-03-20T12:00:00Z');

  before(async () => {
    conn = await openTestDb('deadlinestats');
    await reportModel(conn).createIndexes();
  });
  after(() => dropTestDb(conn));

  /** A report made `ageHours` before now, due `allowHours` after it was made, first reviewed after `reviewHours` (or never). */
  async function report(ageHours: number, allowHours: number, reviewHours?: number): Promise<void> {
    const createdAt = new Date(now.getTime() - ageHours * HOUR);
    const { id } = await insertReport(conn, testCipher(), { urgency: 'immediate', category: 'sextortion', createdAt, reviewedAfterHours: reviewHours });
    await reportModel(conn).updateOne({ _id: id }, { $set: { due: { at: new Date(createdAt.getTime() + allowHours * HOUR), kind: 'deadline', source: 'answer' } } });
  }

  it('when reports with a due time were reviewed before it, after it or not yet, then each is counted, with the medians; small counts are <5 and medians need 5 reports', async () => {
    // Six reviewed before the deadline (1 h of 10), one after (12 h of 10), one unreviewed past its deadline, one still running; one with no deadline.
    for (let i = 0; i < 6; i++) await report(48, 10, 1);
    await report(48, 10, 12);
    await report(30, 10);
    await report(2, 24);
    await insertReport(conn, testCipher(), { createdAt: new Date(now.getTime() - HOUR) });

    const s = await new ReportStats(new ReportStatsRepository(conn), () => now).compute();
    assert.deepEqual(s.deadlines, { count: 9, reviewedBeforeDue: 6, reviewedAfterDue: 1, unreviewedOverdue: 1, unreviewedPending: 1, medianHoursToReview: 1, medianHoursAllowed: 10 });
    const shown = suppressStats(s).deadlines as Record<string, unknown>;
    assert.deepEqual(shown, { count: 9, reviewedBeforeDue: 6, reviewedAfterDue: '<5', unreviewedOverdue: '<5', unreviewedPending: '<5', medianHoursToReview: 1, medianHoursAllowed: 10 });
    const csv = statsCsv(s, {});
    assert.match(csv, /\r\ndeadlines,count,9\r\n/);
    assert.match(csv, /\r\ndeadlines,reviewedAfterDue,<5\r\n/);
    assert.match(csv, /\r\ndeadlines,medianHoursToReview,1\r\n/);
  });
});
