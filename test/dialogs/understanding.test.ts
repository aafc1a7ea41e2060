import assert from 'node:assert/strict';
import { interpret } from '../../dialogs/understanding/interpret';
import { parseToken, Token } from '../../dialogs/understanding/tokens';
import type { Intent, Recognition, ScoredIntent } from '../../services/nlu/types';

const rec = (intent: Intent, score: number, alternatives: ScoredIntent[] = []): Recognition => ({
  intent, score, locale: 'sr-Latn', entities: { platforms: [], municipalities: [] }, alternatives: [{ intent, score }, ...alternatives],
});

describe('understanding a message (dialogs/understanding)', () => {
  it('when a button token comes in, then it means the same in every locale, without the recognizer', () => {
    assert.deepEqual(parseToken(Token.topic('grooming')), { kind: 'intent', intent: 'grooming', source: 'button' });
    assert.deepEqual(parseToken(Token.intent('human')), { kind: 'intent', intent: 'human', source: 'button' });
    assert.deepEqual(parseToken(Token.role('teacher')), { kind: 'role', role: 'teacher' });
    assert.deepEqual(parseToken(Token.language('sr-Cyrl')), { kind: 'language', target: 'sr-Cyrl' });
    assert.deepEqual(parseToken(Token.command('menu')), { kind: 'command', command: 'menu' });
    assert.deepEqual(interpret('topic:csam', undefined), { kind: 'intent', intent: 'csam', source: 'button' });
  });

  it('when a token names a crisis, an unknown intent or role, then it is not a token', () => {
    assert.equal(parseToken('go:emergency'), undefined);
    assert.equal(parseToken('go:self_harm'), undefined);
    assert.equal(parseToken('topic:human'), undefined);
    assert.equal(parseToken('role:admin'), undefined);
    assert.equal(parseToken('lang:de'), undefined);
  });

  it('when the whole message is a command word in any script, then it is that command', () => {
    assert.deepEqual(interpret('Meni!', undefined), { kind: 'command', command: 'menu' });
    assert.deepEqual(interpret('мени', undefined), { kind: 'command', command: 'menu' });
    assert.deepEqual(interpret('Otkaži', undefined), { kind: 'command', command: 'cancel' });
    assert.deepEqual(interpret('ispočetka', undefined), { kind: 'command', command: 'restart' });
    assert.deepEqual(interpret('promeni ulogu', undefined), { kind: 'command', command: 'changeRole' });
    assert.deepEqual(interpret('не', undefined), { kind: 'command', command: 'no' });
    assert.deepEqual(interpret('može', undefined), { kind: 'command', command: 'yes' });
  });

  it('when a command word is inside a longer message, then the recognizer decides', () => {
    assert.deepEqual(interpret('he will not stop writing to me', rec('grooming', 0.8)), { kind: 'intent', intent: 'grooming', source: 'text' });
  });

  it('when the user says who they are, then it is a role, in any script', () => {
    assert.deepEqual(interpret("I'm a teacher", undefined), { kind: 'role', role: 'teacher' });
    assert.deepEqual(interpret('ja sam mama', undefined), { kind: 'role', role: 'parent' });
    assert.deepEqual(interpret('Ја сам ученица', undefined), { kind: 'role', role: 'pupil' });
    assert.deepEqual(interpret('roditelj', undefined), { kind: 'role', role: 'parent' });
  });

  it('when a role word is part of a question, then it is not a role statement', () => {
    assert.deepEqual(interpret('roditeljska kontrola', rec('parental_controls', 0.9)), { kind: 'intent', intent: 'parental_controls', source: 'text' });
    assert.deepEqual(interpret('moje dete', rec('none', 0.7)), { kind: 'intent', intent: 'none', source: 'text' });
    assert.deepEqual(
      interpret('ja sam roditelj i moje dete dobija čudne poruke', rec('grooming', 0.8)),
      { kind: 'intent', intent: 'grooming', source: 'text' },
    );
  });

  it('when the user asks for a language or script, then it is a language switch', () => {
    assert.deepEqual(interpret('na ćirilici', rec('none', 0.5)), { kind: 'language', target: 'sr-Cyrl' });
    assert.deepEqual(interpret('in English', rec('none', 0.5)), { kind: 'language', target: 'en' });
    assert.deepEqual(interpret('latinica', rec('none', 0.5)), { kind: 'language', target: 'sr-Latn' });
    assert.deepEqual(interpret('можеш ли да пишеш латиницом молим те', rec('language', 0.8)), { kind: 'language', target: 'sr-Latn' });
    assert.deepEqual(interpret('jezik', rec('none', 0.5)), { kind: 'language' });
  });

  it('when a language is only mentioned in a longer message, then it is not a switch', () => {
    assert.deepEqual(interpret('he writes to me in English every night', rec('grooming', 0.7)), { kind: 'intent', intent: 'grooming', source: 'text' });
    assert.deepEqual(interpret('Kiril me vređa', rec('cyberbullying', 0.8)), { kind: 'intent', intent: 'cyberbullying', source: 'text' });
  });

  it('when the recognizer is unsure, then the best three plausible interpretations are offered, never small talk or crisis', () => {
    const u = interpret('hmm nešto sa nalogom', rec('privacy', 0.4, [
      { intent: 'greeting', score: 0.38 }, { intent: 'cyberbullying', score: 0.3 }, { intent: 'self_harm', score: 0.1 },
      { intent: 'human', score: 0.2 }, { intent: 'report', score: 0.16 }, { intent: 'csam', score: 0.05 },
    ]));
    assert.deepEqual(u, { kind: 'unsure', alternatives: ['privacy', 'cyberbullying', 'human'] });
  });

  it('when the recognizer is unsure and nothing is plausible, then it is out of scope', () => {
    assert.deepEqual(interpret('asdf qwer', rec('greeting', 0.3, [{ intent: 'csam', score: 0.05 }])), { kind: 'intent', intent: 'none', source: 'text' });
  });

  it('when there is no text, then nothing was said', () => {
    assert.deepEqual(interpret('  ', undefined), { kind: 'nothing' });
  });
});
