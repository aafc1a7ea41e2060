import assert from 'node:assert/strict';
import { CRISIS_ALTERNATIVE_THRESHOLD, crisisIn, crisisOfMessage } from '../../bots/crisisCheck';
import type { CrisisSituation, Intent, Recognition, ScoredIntent } from '../../services/nlu/types';

const recognition = (
  intent: Intent, score: number, alternatives: ScoredIntent[] = [], crisisLexiconHit?: boolean, crisisSituations?: CrisisSituation[],
): Recognition => ({
  intent, score, locale: 'sr-Latn', entities: { platforms: [], municipalities: [] }, alternatives: [{ intent, score }, ...alternatives],
  crisisLexiconHit, crisisSituations,
});
const kindOf = (r: Recognition): string | undefined => crisisIn(r)?.kind;

describe('crisis check (bots/crisisCheck)', () => {
  it('when the top intent is a crisis intent, then it is a crisis at any score, with the general card of its kind', () => {
    assert.deepEqual(crisisIn(recognition('emergency', 0.05)), { kind: 'emergency', situation: 'personDanger', situations: ['personDanger'] });
    assert.deepEqual(crisisIn(recognition('self_harm', 0.05)), { kind: 'self_harm', situation: 'selfHarm', situations: ['selfHarm'] });
  });

  it('when a crisis intent is only an alternative at or above the threshold, then it is still a crisis (recall first)', () => {
    assert.equal(kindOf(recognition('none', 0.4, [{ intent: 'self_harm', score: CRISIS_ALTERNATIVE_THRESHOLD }])), 'self_harm');
    assert.equal(kindOf(recognition('grooming', 0.6, [{ intent: 'emergency', score: CRISIS_ALTERNATIVE_THRESHOLD + 0.05 }])), 'emergency');
  });

  it('when a crisis intent scores below the threshold as an alternative, then no crisis card', () => {
    assert.equal(crisisIn(recognition('privacy', 0.9, [{ intent: 'self_harm', score: CRISIS_ALTERNATIVE_THRESHOLD - 0.01 }])), undefined);
    assert.equal(crisisIn(recognition('greeting', 0.9)), undefined);
  });

  it('when the crisis lexicon fired without naming situations (LUIS adapters, test doubles), then the higher-rated crisis wins', () => {
    assert.equal(kindOf(recognition('none', 0.9, [], true)), 'emergency');
    assert.equal(kindOf(recognition('none', 0.9, [{ intent: 'self_harm', score: 0.1 }], true)), 'self_harm');
  });

  it('when the lexicon names situations, then they decide the card, in priority order, whatever the classifier said', () => {
    const r = recognition('grooming', 0.9, [{ intent: 'self_harm', score: 0.5 }], true, ['selfHarm', 'homeViolence']);
    assert.deepEqual(crisisIn(r), { kind: 'emergency', situation: 'homeViolence', situations: ['homeViolence', 'selfHarm'] });
    assert.deepEqual(crisisIn(recognition('none', 1, [], true, ['personDanger', 'missingChild'])), {
      kind: 'emergency', situation: 'missingChild', situations: ['missingChild', 'personDanger'],
    });
    assert.deepEqual(crisisIn(recognition('emergency', 0.4, [], true, ['selfHarm'])), { kind: 'self_harm', situation: 'selfHarm', situations: ['selfHarm'] });
  });

  it('when both crises score, then immediate danger wins (its card also gives 192)', () => {
    assert.equal(kindOf(recognition('none', 0.3, [{ intent: 'emergency', score: 0.35 }, { intent: 'self_harm', score: 0.35 }])), 'emergency');
    assert.equal(kindOf(recognition('none', 0.3, [{ intent: 'emergency', score: 0.2 }, { intent: 'self_harm', score: 0.5 }])), 'self_harm');
  });

  it('when the message is a button or a fixed word that cannot carry a crisis, then the turn pipeline decides none', () => {
    const crisis = recognition('self_harm', 0.27);
    assert.equal(crisisOfMessage('ne', crisis), undefined);
    assert.equal(crisisOfMessage('role:pupil', crisis), undefined);
    assert.equal(crisisOfMessage('neki tekst', undefined), undefined);
    assert.equal(crisisOfMessage('help', recognition('help', 0.6, [{ intent: 'emergency', score: 0.4 }]))?.kind, 'emergency', 'typed "help" may be a cry for help');
    assert.equal(crisisOfMessage('neki tekst', crisis)?.kind, 'self_harm');
  });
});
