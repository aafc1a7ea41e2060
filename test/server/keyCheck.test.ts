import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config';
import { ConfigError } from '../../core/config';
import { startServer, type Running } from '../../server/index';
import { createLogger } from '../../core/logger';
import { FieldCipher } from '../../services/crypto/fieldCipher';
import { parseKeyring } from '../../services/crypto/keyring';
import type { PreparedReport } from '../../services/reports/preparedReport';
import { KeyLedger } from '../../models/keyLedger';
import { ReportSpool } from '../../services/reports/reportSpool';
import { draft } from '../services/reports/fixtures';
import { openAsReviewer } from '../support/staffCase';
import { testDbUri } from '../support/db';
import { LogCapture } from '../support/server';

const key = (kid: string, fill: number): string => `${kid}:${Buffer.alloc(32, fill).toString('base64')}`;

/** Start-up refuses stored data encrypted under a key that is not configured, naming the key ids. */
describe('start-up key check (stored key ids against REPORT_ENCRYPTION_KEYS)', function () {
  this.timeout(120_000);
  let uri: string;
  let dir: string;
  let running: Running | undefined;
  let logs: LogCapture;

  const start = (keys: string): Promise<Running> => {
    logs = new LogCapture();
    const config = loadConfig({
      PORT: '0', MONGODB_URI: uri, LOG_LEVEL: 'info',
      DASHBOARD_ENABLED: 'false',
      DATA_DIR: dir, SPOOL_DIR: path.join(dir, 'spool'), REPORT_ENCRYPTION_KEYS: keys,
    });
    return startServer(config, createLogger('info', logs));
  };

  before(() => {
    uri = testDbUri('keycheck');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-keycheck-'));
  });
  after(async () => {
    await running?.stop();
    await running?.conn.dropDatabase().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when reports, contacts and messages were stored under k1 and only k2 is configured, then start-up is refused naming k1 and where it is used', async () => {
    running = await start(key('k1', 1));
    const submitted = await running.reports.submitter.submit(draft({ reporterRole: 'parent', contact: { consent: true, email: 'keycheck@example.org' } }) as never);
    const report = await running.conn.collection('reports').findOne({ caseCode: submitted.caseCode });
    await running.reports.followUp.postStaffMessage(String(report!._id), 'staff-1', 'poruka');
    await running.stop();
    running = undefined;

    await assert.rejects(start(key('k2', 2)), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.variable, 'REPORT_ENCRYPTION_KEYS');
      assert.match(e.message, /k1 \(reports, contacts, messages\)/);
      assert.ok(!e.message.includes(Buffer.alloc(32, 2).toString('base64')), 'no key material in the message');
      return true;
    });
    assert.ok(logs.events().includes('crypto.keys_missing'));

    // With the old key back beside the new one, it starts (and the new one encrypts).
    running = await start(`${key('k2', 2)},${key('k1', 1)}`);
    assert.equal(running.reports.cipher.currentKid, 'k2');
    await running.stop();
    running = undefined;
  });

  it('when nothing changed, then start-up reads the key record instead of the reports; after rotate-keys the old key can go', async () => {
    running = await start(`${key('k2', 2)},${key('k1', 1)}`);
    assert.ok(!logs.events().includes('crypto.keys_checked'), 'the record sufficed: no scan of the stored data');
    assert.deepEqual(await new KeyLedger(running.conn).read(), ['k1', 'k2']);
    const rotated = await running.reports.rotateKeys();
    assert.ok(rotated.reports >= 1 && rotated.contacts >= 1 && rotated.messages >= 1);
    assert.deepEqual(await new KeyLedger(running.conn).read(), ['k2']);
    await running.stop();
    running = undefined;

    running = await start(key('k2', 2));
    const view = await openAsReviewer(running.conn, running.reports.cipher, (await running.conn.collection('reports').findOne({}))!._id.toHexString());
    assert.ok(view.narrative, 'the rotated report opens with the new key alone (narrative, notes and messages decrypted)');
    await running.stop();
    running = undefined;
  });

  it('when the record names a key nothing uses any more, then the stored data decides and the record is corrected', async () => {
    running = await start(key('k2', 2));
    await new KeyLedger(running.conn).record(['gone']);
    await running.stop();
    running = await start(key('k2', 2));
    assert.ok(logs.events().includes('crypto.keys_checked'), 'the data was read');
    assert.deepEqual(await new KeyLedger(running.conn).read(), ['k2']);
    await running.stop();
    running = undefined;
  });

  it('when a spool entry waits under a key that is not configured, then start-up is refused naming the spool', async () => {
    const old = new FieldCipher(parseKeyring(key('k0', 3)));
    const spool = new ReportSpool(path.join(dir, 'spool'), old);
    await spool.write('waitingentry', { caseCode: 'TEST' } as unknown as PreparedReport);
    await assert.rejects(start(`${key('k2', 2)},${key('k1', 1)}`), (e: unknown) => e instanceof ConfigError && /k0 \(spool\)/.test(e.message));
  });
});
