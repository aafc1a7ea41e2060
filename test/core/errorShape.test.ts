import assert from 'node:assert/strict';
import { AppError } from '../../core/errors';
import { ReportingUnavailableError } from '../../dialogs/report/reportingServices';
import { DatabaseTimeoutError, DatabaseUnavailableError, isDatabaseUnavailable } from '../../models/dbAvailability';
import { ETagConflictError } from '../../models/mongoStorage';
import { DatabaseUnreachableError } from '../../server/db/connect';
import { DataDirInUseError } from '../../server/db/dataDirLock';
import { ConversationGoneError, StoreFullError } from '../../server/directline/conversationStore';
import { DirectLineError } from '../../server/directline/directLineError';
import { ServiceUrlRefusedError } from '../../server/serviceUrlPolicy';
import { deliveryErrorCode } from '../../services/notify/deliveryError';

describe('one error shape: every error class is an AppError (code, message, details)', () => {
  const cases: Array<[Error, string, string]> = [
    [new DatabaseTimeoutError(1500), 'DatabaseTimeoutError', 'DatabaseTimeout'],
    [new DatabaseUnavailableError(), 'DatabaseUnavailableError', 'DatabaseUnavailable'],
    [new ETagConflictError(), 'ETagConflictError', 'ETagConflict'],
    [new ReportingUnavailableError(), 'ReportingUnavailableError', 'ReportingUnavailable'],
    [new StoreFullError(), 'StoreFullError', 'StoreFull'],
    [new ConversationGoneError(), 'ConversationGoneError', 'ConversationGone'],
    [new ServiceUrlRefusedError(), 'ServiceUrlRefusedError', 'ServiceUrlRefused'],
    [new DataDirInUseError(4242, '/data/embedded-db.json'), 'DataDirInUseError', 'DataDirInUse'],
    [new DatabaseUnreachableError(5, 'db.example.org:27017'), 'DatabaseUnreachableError', 'DatabaseUnreachable'],
    [new DirectLineError(429, 'TooManyRequests', 'Too many messages; slow down.', 3), 'DirectLineError', 'TooManyRequests'],
  ];

  for (const [err, name, code] of cases) {
    it(`when ${name} is made, then it is an AppError with code ${code} and keeps its name for the logs`, () => {
      assert.ok(err instanceof AppError);
      assert.equal(err.name, name);
      assert.equal((err as AppError).code, code);
      assert.ok(err.message.length > 0);
    });
  }

  it('when details are given, then they name what was wrong (the numbers the old properties held)', () => {
    assert.deepEqual(new DatabaseTimeoutError(1500).details, { ms: 1500 });
    assert.deepEqual(new DirectLineError(429, 'TooManyRequests', 'slow down', 3).details, { retryAfter: 3 });
    assert.deepEqual(new DirectLineError(404, 'NotFound', 'Conversation not found.').details, {});
    assert.equal(new DataDirInUseError(4242, '/data/embedded-db.json').pid, 4242);
  });

  it('when the database errors carry a code, then they still read as "database away" and a delivery still logs them as "error"', () => {
    assert.equal(isDatabaseUnavailable(new DatabaseTimeoutError(10)), true);
    assert.equal(isDatabaseUnavailable(new DatabaseUnavailableError()), true);
    assert.equal(isDatabaseUnavailable(new ETagConflictError()), false);
    // deliveryErrorCode passes on upper-case driver codes (ECONNRESET → econnreset); these codes are not such.
    assert.equal(deliveryErrorCode(new DatabaseTimeoutError(10)), 'error');
  });
});
