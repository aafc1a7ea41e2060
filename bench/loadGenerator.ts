import http from 'node:http';

/** Results of one load run. */
export interface LoadResult {
  turns: number;
  errors: number;
  seconds: number;
  turnsPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Every turn answered, warm-up included (to relate counts taken over the whole run). */
  answered: number;
}

export interface LoadOptions {
  url: string;
  conversations: number;
  durationMs: number;
  warmupMs: number;
  /** Builds the activity for turn `n` of conversation `c`. */
  activity: (c: number, n: number) => unknown;
}

/**
 * A closed-loop load: `conversations` workers, each sending its next turn
 * as soon as the previous one was answered. Latency is the HTTP round trip
 * of POST /api/messages, which CloudAdapter answers after the turn (and its
 * reply posts) completed.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.conversations });
  const target = new URL(opts.url);
  const latencies: number[] = [];
  let errors = 0;
  let answered = 0;
  const start = Date.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;

  const post = (body: string): Promise<number> =>
    new Promise((resolve) => {
      const req = http.request(
        { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });

  const worker = async (c: number): Promise<void> => {
    for (let n = 0; Date.now() < end; n++) {
      const body = JSON.stringify(opts.activity(c, n));
      // A turn is measured when it starts after the warm-up: the first turns, sent at once to a
      // process that has just started, belong to the warm-up even when they end after it.
      const measured = Date.now() >= measureFrom;
      const t0 = process.hrtime.bigint();
      const status = await post(body);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (status >= 200 && status < 300) answered++;
      if (!measured) continue;
      if (status >= 200 && status < 300) latencies.push(ms);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.conversations }, (_, c) => worker(c)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN);
  const seconds = opts.durationMs / 1000;
  return {
    turns: latencies.length,
    errors,
    seconds,
    turnsPerSec: latencies.length / seconds,
    p50Ms: q(0.5),
    p95Ms: q(0.95),
    p99Ms: q(0.99),
    answered,
  };
}
