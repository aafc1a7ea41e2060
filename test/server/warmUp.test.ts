import assert from 'node:assert/strict';
import { warmUp } from '../../server/warmUp';
import { KeywordRecognizer } from '../support/keywordRecognizer';

describe('warm-up before the server listens', () => {
  it('runs every scripted turn through a throwaway bot, and the bot answers each', async () => {
    const warmed = await warmUp(new KeywordRecognizer());
    assert.equal(warmed.turns, 13);
    // A turn that failed would throw (TestAdapter has no error handler) or stay silent.
    assert.ok(warmed.replies >= warmed.turns, `${warmed.replies} replies to ${warmed.turns} turns`);
  });
});
