/**
 * `npm run --silent bench:start -- [--runs N]`: seconds from `npm start` to
 * the server listening, when nothing changed since the last start — the way
 * it was (a full `tsc -p` build every time, then the server) beside the way
 * it is (`scripts/start.mjs`: `tsc -b` finds the build up to date). Both on
 * the same data folder, alternately, in the same run. Prints JSON.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fromRoot } from '../core/paths';
import { loadAverage, runBench } from './benchDatabase';

/** Spawns `args`, resolves with the seconds until the server logs `server.listening`, then stops it. */
function secondsToListening(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: fromRoot(), env, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
    let seen: number | undefined;
    let buf = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      if (seen === undefined && buf.includes('"event":"server.listening"')) {
        seen = Number(process.hrtime.bigint() - t0) / 1e9;
        process.kill(-child.pid!, 'SIGINT');
      }
    });
    child.once('error', reject);
    child.once('close', () => (seen === undefined ? reject(new Error(`${args.join(' ')} never listened`)) : resolve(Math.round(seen * 10) / 10)));
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

runBench(async () => {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const runs = Number(values.runs);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-start-bench-'));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0', MONGODB_URI: '' };
  const tsc = require.resolve('typescript/bin/tsc');
  // The way it was: `npm run build && node dist/server/main.js`, with build = `tsc -p` (no build info).
  const before = ['-e', `
    const { spawnSync } = require('node:child_process');
    const r = spawnSync(process.execPath, [${JSON.stringify(tsc)}, '-p', 'tsconfig.build.json', '--incremental', 'false'], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(1);
    require('./dist/server/main.js');`];
  const after = [fromRoot('scripts', 'start.mjs')];
  try {
    await secondsToListening(after, env); // the first start: the build (if any) and the database's one-off work
    const was: number[] = [];
    const now: number[] = [];
    for (let i = 0; i < runs; i++) {
      was.push(await secondsToListening(before, env));
      now.push(await secondsToListening(after, env));
    }
    console.log(JSON.stringify({ runs, secondsToListening: { fullBuildEachStart: median(was), incrementalBuild: median(now) }, samples: { fullBuildEachStart: was, incrementalBuild: now }, loadAverage: loadAverage() }));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
