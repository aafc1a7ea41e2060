import assert from 'node:assert/strict';
import type { Connection } from 'mongoose';
import { CareCounterRepository } from '../../../models/careCounter';
import { ReviewerCare, weekStartOf } from '../../../services/dashboard/reviewerCare';
import { dropTestDb, openTestDb } from '../../support/db';

const REPORT = (n: number): string => n.toString(16).padStart(24, '0');

describe('care for reviewers: distressing reports opened per person, per Belgrade day and week', function () {
  this.timeout(60_000);
  let conn: Connection;
  let counters: CareCounterRepository;
  let clock: Date;
  let care: ReviewerCare;

  before(async () => {
    conn = await openTestDb('reviewercare');
    counters = new CareCounterRepository(conn);
    await counters.init();
  });
  after(() => dropTestDb(conn));
  beforeEach(async () => {
    await conn.collection('carecounters').deleteMany({});
    clock = new Date('2026-03-18T10:00:00Z'); // a Wednesday
    care = new ReviewerCare(counters, { categories: ['csam', 'sextortion'], pauseAfter: 3 }, () => clock);
  });

  it('when a distressing report is opened, then it counts once that day however often it is opened again; other categories never count', async () => {
    assert.equal(await care.opened('ana', REPORT(1), 'csam'), true);
    assert.equal(await care.opened('ana', REPORT(1), 'csam'), false, 'the same report again the same day');
    assert.equal(await care.opened('ana', REPORT(2), 'sextortion'), true);
    assert.equal(await care.opened('ana', REPORT(3), 'cyberbullying'), false);
    assert.equal(await care.opened('ana', REPORT(4), 'grooming'), false, 'not in this configuration');
    const s = await care.status('ana');
    assert.deepEqual({ today: s.today, week: s.week, suggestPause: s.suggestPause }, { today: 2, week: 2, suggestPause: false });
    assert.equal((await care.status('boris')).today, 0, 'another person has a count of their own');
  });

  it('when two openings of the same report race (two instances), then it is counted once', async () => {
    const results = await Promise.all([care.opened('ana', REPORT(9), 'csam'), care.opened('ana', REPORT(9), 'csam'), care.opened('ana', REPORT(9), 'csam')]);
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal((await care.status('ana')).today, 1);
  });

  it('when the count reaches the configured number today, then a pause is suggested; a new Belgrade day starts from zero, the week keeps counting', async () => {
    for (let i = 0; i < 3; i++) await care.opened('ana', REPORT(10 + i), 'csam');
    assert.equal((await care.status('ana')).suggestPause, true);

    // 23:59 Belgrade (22:59 UTC in winter) is still Wednesday; one minute later it is Thursday.
    clock = new Date('2026-03-18T22:59:00Z');
    assert.equal((await care.status('ana')).today, 3);
    clock = new Date('2026-03-18T23:00:00Z');
    const thursday = await care.status('ana');
    assert.deepEqual({ day: thursday.day, today: thursday.today, week: thursday.week, suggestPause: thursday.suggestPause }, { day: '2026-03-19', today: 0, week: 3, suggestPause: false });
    // The same report opened on a new day counts again: another day, another exposure.
    assert.equal(await care.opened('ana', REPORT(10), 'csam'), true);
    assert.deepEqual([(await care.status('ana')).today, (await care.status('ana')).week], [1, 4]);
  });

  it('when the week turns on Monday at Belgrade midnight (summer time too), then the week count starts again', async () => {
    clock = new Date('2026-03-29T21:30:00Z'); // Sunday 23:30 Belgrade, the night clocks went forward
    await care.opened('ana', REPORT(20), 'csam');
    assert.deepEqual([(await care.status('ana')).weekStart, (await care.status('ana')).week], ['2026-03-23', 1]);
    clock = new Date('2026-03-29T22:00:00Z'); // Monday 00:00 Belgrade (UTC+2)
    const monday = await care.status('ana');
    assert.deepEqual({ day: monday.day, weekStart: monday.weekStart, today: monday.today, week: monday.week }, { day: '2026-03-30', weekStart: '2026-03-30', today: 0, week: 0 });
    assert.deepEqual(weekStartOf({ year: 2026, month: 3, day: 1 }), { year: 2026, month: 2, day: 23 }, 'a Sunday belongs to the week before');
  });

  it('when an administrator asks, then the team sums are given with nobody named; a reviewer gets no team figures', async () => {
    await care.opened('ana', REPORT(30), 'csam');
    await care.opened('ana', REPORT(31), 'csam');
    await care.opened('boris', REPORT(30), 'csam');
    clock = new Date('2026-03-16T08:00:00Z'); // Monday of the same week
    await care.opened('boris', REPORT(32), 'sextortion');
    clock = new Date('2026-03-18T12:00:00Z');
    const admin = await care.status('admin', { team: true });
    assert.deepEqual(admin.team, { today: 3, week: 4 });
    assert.equal(admin.today, 0, 'the administrator\'s own count is their own');
    assert.equal((await care.status('ana')).team, undefined);
  });

  it('when a new day starts, then earlier days keep only their count (no digests) and counters older than two weeks are deleted; nothing in them is content', async () => {
    clock = new Date('2026-03-01T10:00:00Z');
    await care.opened('ana', REPORT(40), 'csam');
    clock = new Date('2026-03-17T10:00:00Z');
    await care.opened('ana', REPORT(41), 'csam');
    clock = new Date('2026-03-18T10:00:00Z');
    await care.opened('ana', REPORT(42), 'csam');
    const docs = await conn.collection('carecounters').find({}).sort({ day: 1 }).toArray();
    assert.deepEqual(docs.map((d) => [d.day, d.count, Array.isArray(d.seen) ? d.seen.length : null]), [['2026-03-17', 1, null], ['2026-03-18', 1, 1]]);
    for (const d of docs) {
      assert.deepEqual(Object.keys(d).sort(), (d.seen ? ['_id', 'count', 'day', 'seen', 'staffId'] : ['_id', 'count', 'day', 'staffId']));
      assert.ok(!JSON.stringify(d).includes(REPORT(42)), 'no report id');
    }
  });
});
