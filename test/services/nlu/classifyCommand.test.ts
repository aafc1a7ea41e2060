import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { crisisOfMessage } from '../../../bots/crisisCheck';
import { NlpjsRecognizer } from '../../../services/nlu/nlpjsRecognizer';

const ROOT = path.resolve(__dirname, '../../..');

function runClassify(input: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/nluClassify.ts')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code }));
    child.stdin.end(input);
  });
}

describe('nlu:classify command (end to end)', () => {
  it('when lines are piped in, then one JSON object per line comes out, in the same order, and nothing else', async function () {
    this.timeout(60000);
    const lines = ['zdravo', 'Хоћу да пријавим нешто', '', 'hoću da se ubijem', 'someone hacked my instagram', 'ko je napisao Na Drini ćuprija'];
    const { stdout, code } = await runClassify(`${lines.join('\n')}\n`);
    assert.equal(code, 0);
    const out = stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, lines.length);
    assert.deepEqual(out.map((o) => o.text), lines);
    for (const o of out) {
      assert.deepEqual(Object.keys(o).sort(), ['crisis', 'intent', 'locale', 'score', 'text']);
      assert.equal(typeof o.score, 'number');
      assert.ok(o.crisis === null || o.crisis === 'emergency' || o.crisis === 'self_harm', String(o.crisis));
    }
    assert.deepEqual(out.map((o) => o.intent), ['greeting', 'report', 'none', 'self_harm', 'privacy', 'none']);
    assert.deepEqual(out.map((o) => o.crisis), [null, null, null, 'self_harm', null, null]);
    assert.deepEqual(out.map((o) => o.locale).slice(0, 2), ['sr-Latn', 'sr-Cyrl']);
    assert.equal(out[4]?.locale, 'en');
  });

  it('when crisis, worried-but-safe and fixed-word lines are piped in, then "crisis" is the decision the bot makes for each', async function () {
    this.timeout(60000);
    const lines = ['tata me tuče', 'нема ме више сутра', 'umrecu od smeha', "I'm dying of embarrassment", 'he is waiting for me outside my school', 'ne', 'meni'];
    const { stdout, code } = await runClassify(lines.join('\n'));
    assert.equal(code, 0);
    const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as { text: string; crisis: string | null });
    assert.deepEqual(out.map((o) => o.crisis), ['emergency', 'self_harm', null, null, 'emergency', null, null]);
    // The same function the bot runs before every dialog, with the same recognizer.
    const recognizer = new NlpjsRecognizer();
    await recognizer.init();
    for (const o of out) assert.equal(o.crisis, crisisOfMessage(o.text, await recognizer.recognize(o.text))?.kind ?? null, o.text);
  });

  it('when a thousand lines are piped in, then all are answered within a few seconds of training', async function () {
    this.timeout(60000);
    const many = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `treba da prijavim nekoga ${i}` : `hello number ${i}`));
    const started = Date.now();
    const { stdout, code } = await runClassify(many.join('\n'));
    assert.equal(code, 0);
    const out = stdout.trim().split('\n');
    assert.equal(out.length, 1000);
    assert.equal((JSON.parse(out[999] ?? '{}') as { text?: string }).text, many[999]);
    assert.ok(Date.now() - started < 30000);
  });
});
