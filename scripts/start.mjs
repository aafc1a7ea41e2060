// `npm start`: compile what changed, start the server, and say what is happening.
//
// Plain JavaScript on purpose: it runs before anything is compiled. The
// server's own output stays the structured JSON log on stdout (unchanged);
// this launcher adds a few lines for people on stderr — before each long
// step, and at the end where to go next. Production images run
// `node dist/server/main.js` directly and never see these lines.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureWebChat } from './buildWebChat.mjs';
import { guideFor } from './startGuide.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`${line}\n`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Resolves once `cmd` exits; its output goes straight to this terminal. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

/**
 * `tsc -b` keeps a build-info file in dist/: when no source changed it
 * compares timestamps and returns in a fraction of a second instead of
 * compiling the whole project again.
 */
async function build() {
  const buildInfo = path.join(root, 'dist', 'tsconfig.build.tsbuildinfo');
  let tsc;
  try {
    tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    if (fs.existsSync(path.join(root, 'dist', 'server', 'main.js'))) return true; // an install without dev tools: run what is built
    say('Bezbedno: TypeScript is not installed and nothing is built yet — run `npm install` first.');
    return false;
  }
  say(fs.existsSync(buildInfo)
    ? 'Bezbedno: compiling what changed since the last start (under a second when nothing did)…'
    : 'Bezbedno: compiling the TypeScript sources — first run only, about a minute (later starts compile only what changed)…');
  const started = Date.now();
  const code = await run(process.execPath, [tsc, '-b', 'tsconfig.build.json']);
  if (code !== 0) {
    say('Bezbedno: the TypeScript build failed (see above); nothing was started.');
    return false;
  }
  say(`Bezbedno: build ready in ${seconds(Date.now() - started)}; starting the server…`);
  return true;
}

/** The widget's Web Chat bundle, when missing or out of date (a few seconds). */
async function buildWidget() {
  try {
    await ensureWebChat();
  } catch (err) {
    // Without esbuild (an install without dev tools) the server serves Web Chat's full bundle.
    say(`Bezbedno: the widget's Web Chat bundle was not built (${err && err.message ? err.message : err}); the chat uses Web Chat's full bundle.`);
  }
}

async function main() {
  const startedAt = Date.now();
  if (!(await build())) process.exit(1);
  await buildWidget();
  // Its own process group: a Ctrl+C reaches only this launcher, which passes
  // it on exactly once (a second SIGINT would cut the server's shutdown
  // short), as it passes on a SIGTERM from a service manager; then it waits
  // for the server to finish shutting down.
  // The server's V8 flags (package.json "config.nodeFlags"; the image runs it with the same).
  const nodeFlags = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).config.nodeFlags.split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeFlags, path.join(root, 'dist', 'server', 'main.js'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  let forwarded = false;
  const forward = (signal) => {
    if (forwarded) return;
    forwarded = true;
    server.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGHUP', () => forward('SIGTERM'));
  readline.createInterface({ input: server.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    const lines = guideFor(line, Date.now() - startedAt);
    if (lines) say(lines.join('\n'));
  });
  // 'close', not 'exit': every line the server wrote has been read by then.
  server.once('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

void main();
