import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from '../../core/paths';

/**
 * `npm start` as a newcomer runs it (no MONGODB_URI: the embedded
 * database): the guide lines come on stderr, the JSON log on stdout stays
 * JSON, and the addresses printed at the end answer. The TypeScript build
 * is `tsc -b`: a fresh clone compiles once here, later runs find it up to date.
 */
describe('npm start (scripts/start.mjs), end to end', function () {
  this.timeout(600_000);
  let dir: string;
  let child: ChildProcess | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-npm-start-'));
  });
  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((r) => child!.once('close', r));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when started, then it says what it is doing, ends with working addresses and the admin command, and stops cleanly on SIGINT', async () => {
    const env = { ...process.env, PORT: '0', DATA_DIR: dir, MONGODB_URI: '', LOG_LEVEL: 'info' };
    child = spawn(process.execPath, [fromRoot('scripts', 'start.mjs')], { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    const ready = await new Promise<string>((resolve, reject) => {
      child!.stderr!.on('data', (c: Buffer) => {
        stderr += c.toString('utf8');
        // The banner is written in one piece, ending with a blank line.
        if (/Bezbedno is ready[\s\S]*Emulator endpoint[^\n]*\n[\s\S]*\n\n/.test(stderr)) resolve(stderr);
      });
      child!.once('close', (code) => reject(new Error(`npm start exited (${code}) before it was ready:\n${stderr}`)));
    });

    // Before anything long: the build line comes first.
    assert.match(ready.split('\n')[0]!, /^Bezbedno: compiling/);
    const address = (label: string): string => new RegExp(`${label} +(http://\\S+)`).exec(ready)?.[1] ?? '';
    for (const page of [address('demo school page'), address('dashboard')]) {
      const res = await fetch(page);
      assert.equal(res.status, 200, page);
    }
    assert.match(address('Emulator endpoint'), /\/api\/messages$/);
    assert.match(ready, /npm run admin -- create-user --email you@example\.org --role admin/);
    // stdout is still the structured log: every line parses.
    for (const line of stdout.split('\n').filter(Boolean)) assert.doesNotThrow(() => JSON.parse(line), line);

    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child!.once('close', r));
    assert.equal(code, 0);
    assert.match(stdout, /"event":"server.stopped"/);
  });
});
