import assert from 'node:assert/strict';
import { CRISIS_ALTERNATIVE_THRESHOLD, crisisIn } from '../../bots/crisisCheck';
import type { Intent, Recognition, ScoredIntent } from '../../services/nlu/types';

const recognition = (intent: Intent, score: number, alternatives: ScoredIntent[] = [], crisisLexiconHit?: boolean): Recognition => ({
  intent, score, locale: 'sr-Latn', entities: { platforms: [], municipalities: [] }, alternatives: [{ intent, score }, ...alternatives], crisisLexiconHit,
});

describe('crisis check (bots/crisisCheck)', () => {
  it('when the top intent is a crisis intent, then it is a crisis at any score', () => {
    assert.equal(crisisIn(recognition('emergency', 0.05)), 'emergency');
    assert.equal(crisisIn(recognition('self_harm', 0.05)), 'self_harm');
  });

  it('when a crisis intent is only an alternative at or above the threshold, then it is still a crisis (recall first)', () => {
    assert.equal(crisisIn(recognition('none', 0.4, [{ intent: 'self_harm', score: CRISIS_ALTERNATIVE_THRESHOLD }])), 'self_harm');
    assert.equal(crisisIn(recognition('grooming', 0.6, [{ intent: 'emergency', score: 0.3 }])), 'emergency');
  });

  it('when a crisis intent scores below the threshold as an alternative, then no crisis card', () => {
    assert.equal(crisisIn(recognition('privacy', 0.9, [{ intent: 'self_harm', score: CRISIS_ALTERNATIVE_THRESHOLD - 0.01 }])), undefined);
    assert.equal(crisisIn(recognition('greeting', 0.9)), undefined);
  });

  it('when the crisis lexicon fired, then it is a crisis whatever the classifier scored', () => {
    assert.equal(crisisIn(recognition('none', 0.9, [], true)), 'emergency');
    assert.equal(crisisIn(recognition('none', 0.9, [{ intent: 'self_harm', score: 0.1 }], true)), 'self_harm');
  });

  it('when both crises score, then immediate danger wins (its card also gives 192)', () => {
    assert.equal(crisisIn(recognition('none', 0.3, [{ intent: 'emergency', score: 0.3 }, { intent: 'self_harm', score: 0.3 }])), 'emergency');
    assert.equal(crisisIn(recognition('none', 0.3, [{ intent: 'emergency', score: 0.2 }, { intent: 'self_harm', score: 0.5 }])), 'self_harm');
  });
});
