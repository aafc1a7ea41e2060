// The widget's own Web Chat bundle (dist/widget/webchat.js), built with
// esbuild from botframework-webchat's packages and carrying only what the
// chat frame uses:
//
// - the component, API and core packages and a plain Direct Line client
//   (REST + WebSocket);
// - markdown by widget/webchat/markdown.js (markdown-it with raw HTML off,
//   so no sanitiser and HTML parser are needed);
// - hero cards drawn by widget/webchat/heroCard.js instead of the Adaptive
//   Cards library (the bot sends no other card);
// - Web Chat's own strings for English and Serbian only (widget/frame.js
//   overrides them from content/locales anyway; English is its fallback);
// - no speech (Cognitive Services, Direct Line Speech), no Direct Line
//   streaming (App Service extension), no Promise polyfill.
//
//   node scripts/buildWebChat.mjs           build when missing or out of date
//   node scripts/buildWebChat.mjs --force   build anyway
//
// Plain JavaScript: it runs from `npm start` before anything is compiled.
// What it writes is generated (dist/ is git-ignored); a stamp next to the
// bundle records its inputs so a second start does not rebuild.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
export const WEBCHAT_BUNDLE = path.join(root, 'dist', 'widget', 'webchat.js');
const STAMP = `${WEBCHAT_BUNDLE}.stamp`;
const ENTRY_DIR = path.join(root, 'widget', 'webchat');

/** Web Chat's languages the widget uses (WEBCHAT_LOCALE in server/widget/widgetStrings.ts). */
const LANGUAGES = ['en-US', 'sr-Latn', 'sr-Cyrl'];

/** A package's folder (some packages' exports hide package.json, some have no built entry). */
function packageDir(name) {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (fs.existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  throw new Error(`${name} is not installed`);
}

function version(name) {
  return JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')).version;
}

/** What the bundle is made from: the entry's files, this script and Web Chat's version. */
function inputsHash() {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(ENTRY_DIR).sort()) hash.update(file).update(fs.readFileSync(path.join(ENTRY_DIR, file)));
  hash.update(fs.readFileSync(fileURLToPath(import.meta.url)));
  hash.update(version('botframework-webchat'));
  return hash.digest('hex').slice(0, 16);
}

/** True when dist/widget/webchat.js exists and was built from the current inputs. */
export function webChatIsFresh() {
  try {
    return fs.existsSync(WEBCHAT_BUNDLE) && fs.readFileSync(STAMP, 'utf8').trim() === inputsHash();
  } catch {
    return false;
  }
}

/**
 * Web Chat's precompiled number, date, plural, relative-time and unit
 * formatters (Globalize) for the widget's languages only. The generated
 * file holds ~735 formatters for ~50 languages, all created when the script
 * runs (~160 KB, a fifth of its start-up time). Each formatter is one
 * statement, `Globalize.<key> = …;`, keyed by a hash of its locale and
 * options, and some use others while being created. So the file is run here
 * statement by statement against the Globalize runtime, noting which
 * formatters each statement reads; then the calls Web Chat makes (its
 * hooks: useLocalizer's plural, useDateFormatter, useRelativeTimeFormatter,
 * useByteFormatter) are made for each language, and only the formatters
 * they reach are kept, in their order. Throws when the file's shape is not
 * the expected one (the build fails rather than ship a chat that cannot
 * format a time).
 */
function trimPrecompiledGlobalize(source, apiDir) {
  const lines = source.split('\n');
  const first = lines.findIndex((line) => line.startsWith('Globalize.'));
  const last = lines.findIndex((line) => line.startsWith('export default Globalize;'));
  if (first < 0 || last < first) throw new Error('PrecompiledGlobalize.js: unexpected shape');
  const header = lines.slice(0, first);
  const vars = header.filter((line) => /^var \w+ = Globalize\._\w+;$/.test(line)).join('\n');
  const statements = [];
  for (let i = first; i < last; i++) {
    if (lines[i].startsWith('Globalize.')) statements.push([]);
    statements[statements.length - 1].push(lines[i]);
  }
  const apiRequire = createRequire(path.join(apiDir, 'package.json'));
  const runtime = (part) => apiRequire(`globalize/dist/globalize-runtime${part}`);
  // A fresh runtime: clear the copies an earlier build left in require's cache.
  for (const key of Object.keys(apiRequire.cache)) if (key.includes(`${path.sep}globalize${path.sep}`)) delete apiRequire.cache[key];
  const Globalize = runtime('');
  for (const part of ['/number', '/plural', '/date', '/relative-time', '/unit']) runtime(part);

  let reads = new Set();
  const readsOf = new Map();
  statements.forEach((statement, i) => {
    const key = /^Globalize\.(\w+) = /.exec(statement[0])?.[1];
    if (!key) throw new Error(`PrecompiledGlobalize.js: unexpected statement ${statement[0]}`);
    reads = new Set();
    new Function('Globalize', `${vars}\n${statement.join('\n')}`)(Globalize);
    const value = Globalize[key];
    Object.defineProperty(Globalize, key, { configurable: true, get: () => (reads.add(key), value) });
    readsOf.set(key, { index: i, reads });
  });

  reads = new Set();
  const strings = JSON.parse(fs.readFileSync(path.join(apiDir, 'src', 'localization', 'overrides.json'), 'utf8'));
  const languages = new Set(['en', ...LANGUAGES.map((l) => strings[l]?.GLOBALIZE_LANGUAGE).filter(Boolean)]);
  const when = new Date(Date.UTC(2024, 0, 2, 3, 4));
  for (const language of languages) {
    const g = Globalize(language);
    g.plural(1);
    g.plural(2);
    g.dateFormatter({ skeleton: 'MMMMdhm' })(when);
    g.relativeTimeFormatter('minute')(-5);
    g.relativeTimeFormatter('hour')(-2);
    g.unitFormatter('byte', { form: 'long' })(100);
    for (const unit of ['kilobyte', 'megabyte', 'gigabyte']) g.unitFormatter(unit, { form: 'short' })(5);
  }
  const kept = new Set();
  const visit = (key) => {
    if (kept.has(key)) return;
    kept.add(key);
    for (const dep of readsOf.get(key)?.reads ?? []) visit(dep);
  };
  for (const key of reads) visit(key);
  const body = statements.filter((statement) => kept.has(/^Globalize\.(\w+) = /.exec(statement[0])[1])).map((statement) => statement.join('\n'));
  return { contents: [...header, ...body, ...lines.slice(last)].join('\n'), kept: kept.size, of: statements.length };
}

/**
 * esbuild resolves Web Chat's API and component packages to their
 * TypeScript sources (their prebuilt ESM files are single modules that
 * cannot be trimmed) and swaps out what the widget never uses.
 */
function trimPlugin() {
  const api = packageDir('botframework-webchat-api');
  const component = packageDir('botframework-webchat-component');
  const sources = {
    'botframework-webchat-api': path.join(api, 'src', 'index.ts'),
    'botframework-webchat-api/internal': path.join(api, 'src', 'internal.ts'),
    'botframework-webchat-api/decorator': path.join(api, 'src', 'decorator', 'index.ts'),
    'botframework-webchat-component': path.join(component, 'src', 'index.ts'),
    'botframework-webchat-component/internal': path.join(component, 'src', 'internal.ts'),
  };
  return {
    name: 'bezbedno-webchat-trim',
    setup(build) {
      build.onResolve({ filter: /^botframework-webchat-(api|component)(\/(internal|decorator))?$/ }, (args) => (sources[args.path] ? { path: sources[args.path] } : undefined));
      // Direct Line streaming (the App Service extension) and old-browser polyfills.
      build.onResolve({ filter: /^\.\/directLineStreaming$/ }, () => ({ path: 'streaming', namespace: 'bezbedno-empty' }));
      build.onResolve({ filter: /^(core-js\/features\/promise|url-search-params-polyfill)$/ }, () => ({ path: 'polyfill', namespace: 'bezbedno-empty' }));
      build.onLoad({ filter: /.*/, namespace: 'bezbedno-empty' }, (args) => ({
        contents: args.path === 'streaming' ? 'export const DirectLineStreaming = undefined;' : '',
        loader: 'js',
      }));
      // Globalize's formatters for the widget's languages only.
      build.onLoad({ filter: /[\\/]external[\\/]PrecompiledGlobalize\.js$/ }, (args) => {
        const { contents } = trimPrecompiledGlobalize(fs.readFileSync(args.path, 'utf8'), api);
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
      // Web Chat's strings for the widget's languages only.
      build.onLoad({ filter: /[\\/]localization[\\/]getAllLocalizedStrings\.ts$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        const kept = source.split('\n').filter((line) => {
          const imported = /^import (\w+) from '\.\/([\w-]+)\.json';$/.exec(line);
          if (imported) return imported[2] === 'overrides' || LANGUAGES.some((l) => imported[2].startsWith(l));
          const entry = /^\s+'?([\w-]+)'?(: \w+)?,?$/.exec(line);
          return !entry || LANGUAGES.includes(entry[1]);
        });
        return { contents: kept.join('\n'), loader: 'ts', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

export async function buildWebChat({ quiet = false } = {}) {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const webchatVersion = version('botframework-webchat');
  // Three Web Chat helpers ship unbuilt (their install scripts are not run, see package.json allowScripts).
  const es5 = ['p-defer-es5', 'abort-controller-es5', 'markdown-it-attrs-es5'];
  fs.mkdirSync(path.dirname(WEBCHAT_BUNDLE), { recursive: true });
  const tmp = `${WEBCHAT_BUNDLE}.tmp`;
  await esbuild.build({
    entryPoints: [path.join(ENTRY_DIR, 'entry.js')],
    outfile: tmp,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    legalComments: 'eof',
    logLevel: 'error',
    loader: { '.js': 'jsx' },
    alias: Object.fromEntries(es5.map((name) => [name, path.join(packageDir(name), 'src', 'index.mjs')])),
    define: {
      'process.env.NODE_ENV': '"production"',
      'process.env.node_env': '"production"',
      'process.env.LANG': 'undefined',
      'process.env.npm_package_version': JSON.stringify(webchatVersion),
      'process.env.build_tool': '"esbuild"',
      'process.env.module_format': '"iife"',
    },
    plugins: [trimPlugin()],
  });
  fs.renameSync(tmp, WEBCHAT_BUNDLE);
  fs.writeFileSync(STAMP, `${inputsHash()}\n`);
  if (!quiet) {
    const size = fs.statSync(WEBCHAT_BUNDLE).size;
    process.stderr.write(`Bezbedno: Web Chat bundle built (${(size / 1024).toFixed(0)} KB) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

/** Builds unless a fresh bundle is there. */
export async function ensureWebChat(options) {
  if (webChatIsFresh()) return false;
  await buildWebChat(options);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const run = process.argv.includes('--force') ? buildWebChat() : ensureWebChat();
  run.catch((err) => {
    process.stderr.write(`Bezbedno: building the Web Chat bundle failed: ${err && err.message ? err.message : err}\n`);
    process.exit(1);
  });
}
