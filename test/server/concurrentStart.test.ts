import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../core/config';
import { startServer, type Running } from '../../server/index';
import { seedRouting } from '../../services/routing/seed';
import { RoutingRegistry } from '../../models/routingRegistry';
import { fillOnce } from '../../models/fillOnce';
import { LogCapture } from '../support/server';
import { createLogger } from '../../core/logger';
import { testDbUri } from '../support/db';

describe('start-up work that two instances do at once on an empty database', function () {
  this.timeout(180_000);

  it('when two seeders race on the same empty database, then both succeed and every entry is written once', async () => {
    for (let run = 0; run < 3; run++) {
      const uri = testDbUri(`seedrace${run}`);
      const [a, b] = await Promise.all([mongoose.createConnection(uri, { autoIndex: false }).asPromise(), mongoose.createConnection(uri, { autoIndex: false }).asPromise()]);
      try {
        const [ra, rb] = await Promise.all([seedRouting(new RoutingRegistry(a)), seedRouting(new RoutingRegistry(b))]);
        const total = ra.authorities.inserted + rb.authorities.inserted;
        const authorities = await a.collection('authorities').countDocuments();
        assert.equal(total, authorities, 'each authority inserted by exactly one of them');
        assert.equal(ra.rules.inserted + rb.rules.inserted, await a.collection('routingrules').countDocuments());
        assert.ok(authorities > 170);
      } finally {
        await a.dropDatabase().catch(() => undefined);
        await Promise.all([a.close(), b.close()]);
      }
    }
  });

  it('when two instances record the same one-off fill at once, then both go on', async () => {
    const uri = testDbUri('fillrace');
    const [a, b] = await Promise.all([mongoose.createConnection(uri).asPromise(), mongoose.createConnection(uri).asPromise()]);
    try {
      let fills = 0;
      const fill = async (): Promise<number> => ++fills;
      const results = await Promise.all([fillOnce(a, { collection: 'race_meta', version: 1 }, fill, 0), fillOnce(b, { collection: 'race_meta', version: 1 }, fill, 0)]);
      assert.equal(results.length, 2);
      assert.equal(await a.collection('race_meta').countDocuments(), 1);
    } finally {
      await a.dropDatabase().catch(() => undefined);
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('when two servers start at the same moment on one empty database, then both start and serve', async () => {
    const uri = testDbUri('twostart');
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-twostart-')));
    const started: Running[] = [];
    try {
      const results = await Promise.allSettled(dirs.map((dir) => {
        const config = loadConfig({ PORT: '0', MONGODB_URI: uri, DATA_DIR: dir, LOG_LEVEL: 'warn', DB_CONNECT_ATTEMPTS: '3', REPORT_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 3).toString('base64')}` });
        return startServer(config, createLogger('warn', new LogCapture()));
      }));
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String((r.reason as Error)?.message ?? r.reason));
      assert.deepEqual(failures, []);
      for (const s of started) assert.equal((await fetch(`${s.url}/readyz`)).status, 200);
    } finally {
      await started[0]?.conn.dropDatabase().catch(() => undefined);
      for (const s of started) await s.stop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
