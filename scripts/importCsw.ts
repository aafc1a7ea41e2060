/**
 * `npm run csw:import -- directory.csv [--dry-run]`: imports the centres for
 * social work directory (header `municipality,name,email,phone,webhook`) into
 * the authority registry as `csw-<slug>` entries, in the database at
 * MONGODB_URI. Rejected rows are listed on stderr with their line and reason.
 * Exit 0: every row imported; 1: some rows rejected (the others imported);
 * 2: bad usage, unreadable file or wrong header.
 */
import fs from 'node:fs';
import mongoose from 'mongoose';
import { loadSection } from '../core/config';
import { importCswDirectory, parseCswDirectory } from '../services/routing/cswDirectory';
import { RoutingRegistry } from '../models/routingRegistry';
import { loadMunicipalities } from '../services/routing/municipalities';
import { loadRoutingSeed } from '../services/routing/routingSeed';

function usage(message: string): never {
  console.error(`csw:import: ${message}`);
  console.error('usage: npm run csw:import -- directory.csv [--dry-run]   (MONGODB_URI must be set)');
  process.exit(2);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) usage('no CSV file given');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    usage(`cannot read ${file}`);
  }
  const seed = loadRoutingSeed();
  let parsed;
  try {
    parsed = parseCswDirectory(text, loadMunicipalities());
  } catch (err) {
    usage(`${file}: ${(err as Error).message}`);
  }
  for (const r of parsed.rejected) console.error(`${file}:${r.line}: rejected: ${r.reason}`);

  let written = { inserted: 0, updated: 0 };
  if (!dryRun && parsed.entries.length > 0) {
    const uri = loadSection('server').mongodbUri;
    if (!uri) usage('MONGODB_URI is not set');
    const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
    try {
      const generic = new Map(seed.authorities.map((a) => [a.id, a]));
      written = await importCswDirectory(new RoutingRegistry(conn), parsed.entries, (slug) => generic.get(`csw-${slug}`));
    } finally {
      await conn.close();
    }
  }
  const summary = { valid: parsed.entries.length, rejected: parsed.rejected.length, ...written, dryRun };
  console.log(JSON.stringify(summary));
  return parsed.rejected.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`csw:import: failed: ${(err as Error).message}`);
    process.exit(2);
  },
);
