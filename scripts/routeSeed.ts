/**
 * `npm run routing:seed`: writes the routing seed (content/routing and
 * content/geo) into the database at MONGODB_URI. Idempotent: entries edited
 * by an administrator or imported from the directory are kept. Prints the
 * counts per collection as JSON. Exit 2 when the seed files are invalid or
 * MONGODB_URI is not set.
 */
import mongoose from 'mongoose';
import { loadSection } from '../core/config';
import { loadRoutingSeed } from '../services/routing/routingSeed';
import { seedRouting } from '../services/routing/seed';
import { RoutingRegistry } from '../models/routingRegistry';

async function main(): Promise<number> {
  let seed;
  try {
    seed = loadRoutingSeed();
  } catch (err) {
    console.error(`routing:seed: invalid seed: ${(err as Error).message}`);
    return 2;
  }
  const uri = loadSection('server').mongodbUri;
  if (!uri) {
    console.error('routing:seed: MONGODB_URI is not set');
    return 2;
  }
  const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 10_000, autoIndex: false }).asPromise();
  try {
    console.log(JSON.stringify(await seedRouting(new RoutingRegistry(conn), seed)));
  } finally {
    await conn.close();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`routing:seed: failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
