import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { fromRoot, PROJECT_ROOT } from '../core/paths';

/**
 * The layers of docs/ARCHITECTURE.md, top first. Imports point down only:
 * a file may import its own layer and the layers below it, never one above.
 * scripts/, bench/ and test/ stand on top (they may use anything; nothing
 * may use them).
 */
const LAYERS = ['server', 'bots', 'dialogs', 'services', 'models', 'core'] as const;
type Layer = (typeof LAYERS)[number];
const TOOLS = ['scripts', 'bench', 'test'];

/** Packages a layer must not import, and why. */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, { pattern: RegExp; why: string }>> = {
  services: { pattern: /^(botbuilder|botframework-|restify)/, why: 'services hold domain logic with no Bot Framework or HTTP types' },
  core: { pattern: /^(botbuilder|botframework-|restify|mongoose|mongodb)/, why: 'the shared kernel depends on no framework and no database' },
};

/**
 * Upward imports that are allowed, each with the reason. Keep it short: a
 * lower layer that needs something from a higher one means the thing
 * belongs lower. An entry that no longer matches an import fails the test.
 */
const ALLOWED: ReadonlyArray<{ from: string; to: string; why: string }> = [];

interface Edge {
  from: string;
  to: string;
}

function layerOf(file: string): Layer | 'tools' | undefined {
  const top = file.split('/')[0]!;
  if ((LAYERS as readonly string[]).includes(top)) return top as Layer;
  return TOOLS.includes(top) ? 'tools' : undefined;
}

function rank(layer: Layer | 'tools'): number {
  return layer === 'tools' ? -1 : LAYERS.indexOf(layer);
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts|cts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every import, export-from, `import()` and `require()` of each layer's files (the TypeScript scanner, not a regex). */
function imports(): { local: Edge[]; packages: Edge[] } {
  const local: Edge[] = [];
  const packages: Edge[] = [];
  for (const layer of LAYERS) {
    for (const file of sourceFiles(fromRoot(layer))) {
      const from = path.relative(PROJECT_ROOT, file).split(path.sep).join('/');
      for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
        if (fileName.startsWith('.')) {
          local.push({ from, to: path.relative(PROJECT_ROOT, path.resolve(path.dirname(file), fileName)).split(path.sep).join('/') });
        } else {
          packages.push({ from, to: fileName });
        }
      }
    }
  }
  return { local, packages };
}

const allowed = (e: Edge): boolean => ALLOWED.some((a) => e.from === a.from && e.to === a.to);

describe('architecture: imports point down only (server → bots → dialogs → services → models → core)', () => {
  const { local, packages } = imports();

  it('when the layers are read, then there are files in each and imports between them (the check sees something)', () => {
    for (const layer of LAYERS) assert.ok(sourceFiles(fromRoot(layer)).length > 0, `${layer}/ has source files`);
    assert.ok(local.length > 500, `${local.length} local imports read`);
    assert.ok(local.some((e) => e.from.startsWith('services/') && e.to.startsWith('models/')), 'services import models (downward) is seen');
  });

  it('when a file imports another layer, then that layer is its own or lower', () => {
    const upward = local.filter((e) => {
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      if (!a || !b) return false;
      if (b === 'tools') return true;
      return a !== 'tools' && rank(b) < rank(a) && !allowed(e);
    });
    assert.deepEqual(upward.map((e) => `${e.from} -> ${e.to}`), []);
  });

  it('when services/ or core/ import a package, then it is not a framework or database they must not know', () => {
    const wrong = packages.filter((e) => FORBIDDEN_PACKAGES[layerOf(e.from) as Layer]?.pattern.test(e.to));
    assert.deepEqual(wrong.map((e) => `${e.from} -> ${e.to} (${FORBIDDEN_PACKAGES[layerOf(e.from) as Layer]!.why})`), []);
  });

  it('when a file outside models/ and the connection code (server/db/) imports a package, then it is not the database driver: data goes through repositories', () => {
    const driver = /^(mongoose|mongodb|bson)(\/|$)/;
    const wrong = packages.filter((e) => driver.test(e.to) && !e.from.startsWith('models/') && !e.from.startsWith('server/db/'));
    assert.deepEqual(wrong.map((e) => `${e.from} -> ${e.to}`), []);
    assert.ok(packages.some((e) => e.from.startsWith('models/') && driver.test(e.to)), 'models/ imports the driver (the check sees it)');
  });

  it('when a layer above models/ writes a report, then it leaves the queue entry to the repository (no syncReportQueueEntry outside models/)', () => {
    const syncing = LAYERS.filter((l) => l !== 'models' && l !== 'core')
      .flatMap((l) => sourceFiles(fromRoot(l)))
      .filter((f) => /\bsyncReportQueueEntry\b/.test(fs.readFileSync(f, 'utf8')))
      .map((f) => path.relative(PROJECT_ROOT, f));
    assert.deepEqual(syncing, [], 'models/reportRepository.ts keeps the entry in step');
  });

  it('when the allow-list is read, then each entry is still an import (no stale exceptions)', () => {
    for (const a of ALLOWED) assert.ok(local.some((e) => e.from === a.from && e.to === a.to), `${a.from} -> ${a.to} is still imported`);
  });
});
