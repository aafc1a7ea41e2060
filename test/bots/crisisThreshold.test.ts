import assert from 'node:assert/strict';
import { crisisIn } from '../../bots/crisisCheck';
import { interpret, interpretFixed, isCrisisFree } from '../../dialogs/understanding/interpret';
import { loadHeldOut } from '../../services/nlu/corpus';
import { NlpjsRecognizer } from '../../services/nlu/nlpjsRecognizer';

/**
 * The crisis threshold and the confidence threshold, measured with the real
 * embedded recognizer on its held-out set (text it was not trained on).
 * Numbers, not a single example: if the recognizer changes, this says
 * whether the bot's thresholds still hold.
 */
describe('thresholds measured with the embedded recognizer on held-out text', function () {
  this.timeout(120_000);
  const recognizer = new NlpjsRecognizer();
  const heldOut = loadHeldOut();

  before(() => recognizer.init());

  it('when a held-out line is a crisis, then at least 95 % raise the crisis card; other lines raise it at most 5 % of the time', async () => {
    let crises = 0;
    let caught = 0;
    let others = 0;
    let alarms = 0;
    for (const ex of heldOut) {
      const fixed = interpretFixed(ex.text);
      const raised = !isCrisisFree(fixed) && crisisIn(await recognizer.recognize(ex.text, ex.locale)) !== undefined;
      if (ex.intent === 'emergency' || ex.intent === 'self_harm') {
        crises++;
        if (raised) caught++;
      } else {
        others++;
        if (raised) alarms++;
      }
    }
    process.stderr.write(`      crisis recall ${caught}/${crises}, false alarms ${alarms}/${others}\n`);
    assert.ok(crises > 0 && others > 0);
    assert.ok(caught / crises >= 0.95, `recall ${caught}/${crises}`);
    assert.ok(alarms / others <= 0.05, `false alarms ${alarms}/${others}`);
  });

  it('when a held-out line is not a crisis, then most are answered directly and right, and few directly and wrong', async () => {
    let right = 0;
    let wrong = 0;
    let asked = 0;
    const others = heldOut.filter((ex) => ex.intent !== 'emergency' && ex.intent !== 'self_harm');
    for (const ex of others) {
      const u = interpret(ex.text, await recognizer.recognize(ex.text, ex.locale));
      if (u.kind === 'intent') {
        if (u.intent === ex.intent) right++;
        else wrong++;
      } else if (u.kind === 'unsure') asked++;
    }
    process.stderr.write(`      direct and right ${right}, direct and wrong ${wrong}, asked "did you mean" ${asked}, of ${others.length}\n`);
    assert.ok(right / others.length >= 0.75, `right ${right}/${others.length}`);
    assert.ok(wrong / others.length <= 0.1, `wrong ${wrong}/${others.length}`);
  });
});
