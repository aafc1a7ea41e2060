import assert from 'node:assert/strict';
import { centreClock, OnDutyRota, parseOnDutyHours, type DutyStatus } from '../../../services/notify/onDuty';

/** The answer at a fixed instant (UTC; the service reads it on the Belgrade clock). */
function statusAt(iso: string, hours: string | undefined, channel = true): DutyStatus {
  return new OnDutyRota(hours === undefined ? undefined : parseOnDutyHours(hours), channel, () => new Date(iso)).status();
}

const WEEKDAYS_8_TO_20 = 'mon-fri 08:00-20:00';

describe('on-duty hours: is someone at the contact centre now, and if not, when?', () => {
  it('when the clock is read, then it is Belgrade time, winter and summer', () => {
    assert.deepEqual(centreClock(new Date('2026-01-05T07:30:00Z')), { day: 'mon', minutes: 8 * 60 + 30 }); // CET, UTC+1
    assert.deepEqual(centreClock(new Date('2026-07-06T06:30:00Z')), { day: 'mon', minutes: 8 * 60 + 30 }); // CEST, UTC+2
    assert.deepEqual(centreClock(new Date('2026-03-29T01:30:00Z')), { day: 'sun', minutes: 3 * 60 + 30 }); // the night summer time begins
  });

  it('when no hours are configured, then nothing can be promised', () => {
    assert.equal(statusAt('2026-01-05T09:00:00Z', undefined).kind, 'unknown');
  });

  it('when it is within the hours and a channel is configured, then a person is alerted now', () => {
    const s = statusAt('2026-01-05T09:00:00Z', WEEKDAYS_8_TO_20); // Mon 10:00
    assert.equal(s.kind, 'onDuty');
    assert.equal(s.kind === 'onDuty' && s.alerted, true);
  });

  it('when it is within the hours but no channel is configured, then the centre is working but no one is alerted', () => {
    const s = statusAt('2026-01-05T09:00:00Z', WEEKDAYS_8_TO_20, false);
    assert.deepEqual(s.kind === 'onDuty' && s.alerted, false);
  });

  it('when it is before the hours, then the centre sees it later today', () => {
    const s = statusAt('2026-01-05T05:00:00Z', WEEKDAYS_8_TO_20); // Mon 06:00
    assert.deepEqual(s.kind === 'offDuty' && s.next, { day: 'mon', daysAhead: 0, time: '8:00' });
  });

  it('when it is after the hours, then the centre sees it tomorrow', () => {
    const s = statusAt('2026-01-06T20:30:00Z', WEEKDAYS_8_TO_20); // Tue 21:30
    assert.deepEqual(s.kind === 'offDuty' && s.next, { day: 'wed', daysAhead: 1, time: '8:00' });
  });

  it('when it is Friday night, then the centre sees it on Monday', () => {
    const s = statusAt('2026-01-09T21:00:00Z', WEEKDAYS_8_TO_20); // Fri 22:00
    assert.deepEqual(s.kind === 'offDuty' && s.next, { day: 'mon', daysAhead: 3, time: '8:00' });
  });

  it('when the end of a window is exactly now, then it is over', () => {
    assert.equal(statusAt('2026-01-05T19:00:00Z', WEEKDAYS_8_TO_20).kind, 'offDuty'); // Mon 20:00
    assert.equal(statusAt('2026-01-05T07:00:00Z', WEEKDAYS_8_TO_20).kind, 'onDuty'); // Mon 08:00
  });

  it('when a window runs past midnight, then its early hours belong to it, on the next day', () => {
    const hours = 'fri,sat 22:00-06:00';
    assert.equal(statusAt('2026-01-09T22:30:00Z', hours).kind, 'onDuty'); // Fri 23:30
    assert.equal(statusAt('2026-01-10T03:00:00Z', hours).kind, 'onDuty'); // Sat 04:00
    assert.equal(statusAt('2026-01-11T03:00:00Z', hours).kind, 'onDuty'); // Sun 04:00, after Saturday's night
    const s = statusAt('2026-01-12T03:00:00Z', hours); // Mon 04:00: Sunday has no night
    assert.deepEqual(s.kind === 'offDuty' && s.next, { day: 'fri', daysAhead: 4, time: '22:00' });
  });

  it('when the hours are all week, all day, then someone is always on duty', () => {
    for (const iso of ['2026-01-05T00:00:00Z', '2026-01-10T12:34:00Z', '2026-01-11T22:59:00Z']) {
      assert.equal(statusAt(iso, 'mon-sun 00:00-24:00').kind, 'onDuty', iso);
    }
  });

  it('when hours are written wrong, then the error says how', () => {
    assert.throws(() => parseOnDutyHours(''), /no hours/);
    assert.throws(() => parseOnDutyHours('mon-fri'), /<days> <from>-<to>/);
    assert.throws(() => parseOnDutyHours('someday 08:00-10:00'), /not a day/);
    assert.throws(() => parseOnDutyHours('mon 08:00-24:30'), /00:00 to 24:00/);
    assert.deepEqual(parseOnDutyHours('fri-mon 10:00-12:00')[0]?.days, ['fri', 'sat', 'sun', 'mon']);
  });
});
