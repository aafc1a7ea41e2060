import fs from 'node:fs';
import path from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'content'))) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The project root, whether running from sources (tsx) or from `dist/`. */
export const PROJECT_ROOT = findRoot(__dirname);

/** Absolute path of a file under the project root. */
export function fromRoot(...parts: string[]): string {
  return path.join(PROJECT_ROOT, ...parts);
}
