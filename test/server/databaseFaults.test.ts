import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportModel } from '../../models/report';
import { loadConfig } from '../../core/config';
import { startServer, Running } from '../../server/index';
import { createLogger } from '../../core/logger';
import { TEST_DASHBOARD_ENV } from '../dashboard/dashboardClient';
import { NARRATIVE_IDENTIFIERS, reportScript, type ScriptTurn } from '../dialogs/support/reportScript';
import { DirectLineUser, fromBot, keysOf, waitFor, type ClientActivity } from '../support/directLineUser';
import { LogCapture } from '../support/server';
import { openAsReviewer } from '../support/staffCase';

const CODE = /\*\*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z])\*\*/;
const WORDS = /\*\*([\p{Ll} ]{10,})\*\*/u;

/** A word the anonymiser keeps: it must reach the (encrypted) report and be readable nowhere else. */
const MARKER = 'plavokrilka';

/** A pupil's whole report, typed as a child types it, from the role to "send"; the story carries the marker. */
const SCRIPT: readonly ScriptTurn[] = [
  { step: 'role', send: 'ja sam učenik', expect: '' },
  ...reportScript({ locale: 'sr-Latn', role: 'pupil', category: 'sextortion', byText: true }).map((t) =>
    t.step === 'narrative' ? { ...t, send: `${t.send} Zove me ${MARKER}.` } : t),
];

/** One reporter: her conversation and what she was shown. */
interface Reporter {
  user: DirectLineUser;
  /** The round in which she sends her first turn. */
  startRound: number;
  watermark: string;
  code?: string;
  passphrase?: string;
  spooled?: boolean;
}

/** What one turn took: from sending it to having its replies (the POST returns when the bot's turn is done). */
interface Timed {
  ms: number;
  duringFault: boolean;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The database is paused (SIGSTOP) or killed (SIGKILL) at each step of a
 * report, "send" included. One reporter per step, started one round apart,
 * so that when the fault begins reporter k is about to send step k; the
 * fault lasts three rounds, so reporters also run whole steps — and "send" —
 * with the database away. Every turn must answer within 5 s with the reply
 * it expects, every reporter must get a case code and secret words, and
 * after recovery every report must be stored exactly once.
 *
 * The server runs on its own embedded database (as `npm start`), so the
 * database process is the one it supervises: killed, it is restarted by the
 * server.
 */
describe('database faults at every report step: the chat answers, the reporter gets a case code, nothing is lost', function () {
  this.timeout(600_000);
  let dir: string;
  let server: Running | undefined;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bezbedno-faults-'));
    const config = loadConfig({
      ...TEST_DASHBOARD_ENV,
      PORT: '0', MONGODB_URI: '', DATA_DIR: dir, LOG_LEVEL: 'info',
      SPOOL_FLUSH_SECONDS: '1',
      // Many reporters from one address and one conversation per step: limits out of the way.
      DIRECTLINE_TOKENS_PER_MINUTE: '1000', DIRECTLINE_POSTS_PER_MINUTE: '1000', DIRECTLINE_POST_BURST: '1000', DIRECTLINE_READS_PER_MINUTE: '100000',
    });
    server = await startServer(config, createLogger(config.server.logLevel, new LogCapture()));
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Sends one turn and checks its replies; returns how long it took. */
  async function play(r: Reporter, turn: ScriptTurn): Promise<number> {
    const started = performance.now();
    const said = await r.user.say(turn.send);
    const ms = performance.now() - started;
    assert.equal(said.status, 200, `${turn.step}: status ${said.status}`);
    const replies = await waitFor(`replies to ${turn.step}`, async () => {
      const got = await r.user.activities(r.watermark);
      const mine = got.activities.filter((a) => fromBot(a) && a.replyToId === said.id);
      if (turn.expect && !mine.some((a) => keysOf(a).includes(turn.expect))) return undefined;
      if (mine.length === 0) return undefined;
      return { mine, watermark: got.watermark };
    }, 10_000);
    r.watermark = replies.watermark;
    const keys = replies.mine.flatMap(keysOf);
    assert.ok(!keys.some((k) => k.startsWith('error.')), `${turn.step}: an error instead of the next question: ${keys.join(',')}`);
    if (turn.step === 'summary') record(r, replies.mine);
    return ms;
  }

  function record(r: Reporter, replies: ClientActivity[]): void {
    const shown = replies.find((a) => keysOf(a).includes('reportFlow.done.code'));
    r.code = CODE.exec(shown?.text ?? '')?.[1];
    r.passphrase = WORDS.exec(shown?.text ?? '')?.[1];
    r.spooled = replies.some((a) => keysOf(a).includes('reportFlow.done.delayed'));
  }

  for (const fault of ['pause', 'kill'] as const) {
    it(`when the database is ${fault === 'pause' ? 'paused (SIGSTOP)' : 'killed (SIGKILL) and restarted by the server'} at each step, then every turn answers within 5 s and every report is stored exactly once`, async () => {
      const s = server!;
      const steps = SCRIPT.length;
      const reporters: Reporter[] = [];
      for (let k = 0; k < steps; k++) {
        const user = await DirectLineUser.open(s.url);
        await waitFor('the welcome', async () => (await user.activities()).activities.find((a) => fromBot(a) && keysOf(a).includes('welcome')));
        // Reporter k meets the fault at step k.
        reporters.push({ user, startRound: steps - 1 - k, watermark: (await user.activities()).watermark });
      }
      const faultFrom = steps - 1;
      const faultRounds = 3;
      const timings: Timed[] = [];
      let pausedPid: number | undefined;
      for (let round = 0; round < 2 * steps - 1; round++) {
        const duringFault = round >= faultFrom && round < faultFrom + faultRounds;
        if (duringFault && fault === 'pause' && pausedPid === undefined) {
          pausedPid = s.embedded!.pid!;
          process.kill(pausedPid, 'SIGSTOP');
        }
        if (duringFault && fault === 'kill') {
          try {
            process.kill(s.embedded!.pid!, 'SIGKILL');
          } catch (err) {
            // Still dead from the last round's kill (not restarted yet): the fault is in place.
            if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
          }
        }
        if (!duringFault && pausedPid !== undefined) {
          process.kill(pausedPid, 'SIGCONT');
          pausedPid = undefined;
        }
        const due = reporters.map((r) => ({ r, turn: SCRIPT[round - r.startRound] })).filter((x) => x.turn !== undefined);
        const ms = await Promise.all(due.map(({ r, turn }) => play(r, turn!)));
        for (const m of ms) timings.push({ ms: m, duringFault });
      }
      if (pausedPid !== undefined) process.kill(pausedPid, 'SIGCONT');

      const inFault = timings.filter((t) => t.duringFault).map((t) => t.ms);
      const outside = timings.filter((t) => !t.duringFault).map((t) => t.ms);
      console.log(`      ${fault}: turns while the database was away: ${inFault.length}, p50 ${quantile(inFault, 0.5).toFixed(0)} ms, max ${Math.max(...inFault).toFixed(0)} ms; ` +
        `otherwise p50 ${quantile(outside, 0.5).toFixed(0)} ms, max ${Math.max(...outside).toFixed(0)} ms`);
      assert.ok(Math.max(...inFault) < 5000, `a turn took ${Math.max(...inFault).toFixed(0)} ms while the database was away`);

      // Every reporter got a case code and secret words; some while the database was away.
      for (const [k, r] of reporters.entries()) assert.ok(r.code && r.passphrase, `reporter ${k} (fault at ${SCRIPT[k]!.step}) got a case code and secret words`);
      const spooled = reporters.filter((r) => r.spooled).length;
      console.log(`      ${fault}: ${spooled} of ${reporters.length} reports went to the spool`);

      // After recovery: every report stored exactly once, nothing left behind.
      const reports = reportModel(s.conn);
      const codes = reporters.map((r) => r.code!);
      const stored = await waitFor('every report stored', async () => {
        const docs = await reports.find({ caseCode: { $in: codes } }, { caseCode: 1 }).lean().exec().catch(() => undefined);
        return docs && docs.length >= codes.length ? docs : undefined;
      }, 60_000, 250);
      const perCode = new Map<string, number>();
      for (const d of stored) perCode.set(d.caseCode, (perCode.get(d.caseCode) ?? 0) + 1);
      const lost = codes.filter((c) => !perCode.has(c)).length;
      console.log(`      ${fault}: reports lost ${lost}`);
      assert.equal(lost, 0);
      assert.deepEqual([...perCode.values()].filter((n) => n !== 1), [], 'each case code stored exactly once');
      await waitFor('the spool emptied', () => fs.readdirSync(path.join(dir, 'spool')).filter((f) => f.endsWith('.spool')).length === 0 || undefined, 30_000, 250);
      await waitFor('kept conversation state written', () => s.storage.pendingCount === 0 || undefined, 30_000, 100);

      // Nothing the reporter typed that identifies anyone is readable in conversation state or the chat's records.
      const raw = JSON.stringify([
        await s.conn.collection('botstate').find().toArray(),
        await s.conn.collection('dlactivities').find().toArray(),
        await s.conn.collection('dlconversations').find().toArray(),
      ]);
      for (const id of [...NARRATIVE_IDENTIFIERS, MARKER]) assert.ok(!raw.includes(id), `"${id}" is not stored readable`);
      const narrative = (await openAsReviewer(s.conn, s.reports.cipher, String(stored[0]!._id))).narrative ?? '';
      assert.ok(narrative.includes(MARKER), 'the marker did reach the report (so its absence above means something)');
    });
  }
});
