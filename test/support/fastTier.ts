import childProcess from 'node:child_process';
import net from 'node:net';
import mongoose from 'mongoose';
import { chromium } from 'playwright-core';
import { refuseIntegration } from './tier';

/**
 * The fast tier's guard (`npm run test:fast`, .mocharc.fast.cjs): loaded
 * instead of rootHooks.ts, it starts no database and makes every way out of
 * the process fail — a database connection (mongoose or the driver), a
 * child process (the embedded database, a command), a listening socket (a
 * server), an outgoing socket (network) and a browser. A test that does any of these
 * belongs to the integration tier: list it in INTEGRATION in
 * .mocharc.fast.cjs. Each use throws where it happens and is also recorded,
 * so a caller that swallows the error still fails the run (root afterAll).
 */
const violations: string[] = [];

/** Refuses `what`, naming the test file on the stack (hooks included). */
export function refuse(what: string): never {
  const file = /[^\s(]*\/test\/[^\s:)]*\.test\.ts/.exec(new Error().stack ?? '')?.[0] ?? 'a fast-tier test';
  const message = `fast tier: ${file} ${what}; it belongs to the integration tier (INTEGRATION in .mocharc.fast.cjs)`;
  violations.push(message);
  throw new Error(message);
}

mongoose.Connection.prototype.openUri = function openUri(): never {
  return refuse('opened a database connection (mongoose)');
};
mongoose.connect = (() => refuse('opened a database connection (mongoose.connect)')) as typeof mongoose.connect;
mongoose.mongo.MongoClient.prototype.connect = function connect(): never {
  return refuse('opened a database connection (mongodb driver)');
};
net.Server.prototype.listen = function listen(): never {
  return refuse('started a server (listen)');
};
net.Socket.prototype.connect = function connect(): never {
  return refuse('opened a network connection');
};
// A child process: the embedded database (FerretDB, mongod, the Go build) or one of the project's commands.
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  (childProcess as Record<string, unknown>)[name] = (cmd: unknown) => refuse(`started a child process (${String(cmd).split('/').pop()})`);
}
const browserType = Object.getPrototypeOf(chromium) as Record<string, unknown>;
for (const name of ['launch', 'launchPersistentContext', 'launchServer', 'connect', 'connectOverCDP']) {
  browserType[name] = () => refuse(`started a browser (${name})`);
}

refuseIntegration(refuse);

export const mochaHooks = {
  afterAll(): void {
    if (violations.length) throw new Error(`the fast tier must not use a database, a child process, a server, the network or a browser:\n${[...new Set(violations)].join('\n')}`);
  },
};
