import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fromRoot } from '../../../core/paths';

/** Runs `npm run --silent anonymise` with the given stdin and returns stdout. */
function runCommand(input: string): Promise<{ stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    // npm must be the one beside the node running the tests (Node 22).
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
    const child = spawn(npm, ['run', '--silent', 'anonymise'], { cwd: fromRoot(), env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, code }));
    child.stdin.end(input, 'utf8');
  });
}

describe('npm run anonymise (SPEC.md section 6)', function () {
  this.timeout(60000);

  it('when lines are piped in, then one JSON object per line comes out in the same order and nothing else', async () => {
    const lines = [
      'Zovem se Milena, imam 13 godina, broj 064 123 4567.',
      'Зовем се Милена, пиши ми на milena@example.com',
      'My friend Tom sent me https://example.com/x and @some_handle',
      '',
      'Ništa lično ovde, samo Instagram i Beograd.',
    ];
    const { stdout, code } = await runCommand(lines.join('\n') + '\n');
    assert.equal(code, 0);
    const out = stdout.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
    assert.equal(out.length, lines.length, stdout);
    const parsed = out.map((l) => JSON.parse(l) as { text: string; redactions: Array<{ type: string }>; evidence: { urls: string[]; handles: string[] } });
    assert.equal(parsed[0]?.text, 'Zovem se [ime], imam 13 godina, broj [telefon].');
    assert.deepEqual(parsed[0]?.redactions.map((r) => r.type), ['name', 'phone']);
    assert.equal(parsed[1]?.text, 'Зовем се [име], пиши ми на [имејл]');
    assert.deepEqual(parsed[2]?.evidence, { urls: ['https://example.com/x'], handles: ['@some_handle'] });
    assert.equal(parsed[2]?.text, 'My friend [name] sent me [link] and [profile]');
    assert.deepEqual(parsed[3], { text: '', redactions: [], evidence: { urls: [], handles: [] } });
    assert.equal(parsed[4]?.text, lines[4]);
  });
});
