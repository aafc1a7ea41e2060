/**
 * Loaded into the bot's process by the conversation benches
 * (`node --import tsx --import ./bench/probe.ts server/main.ts`): every
 * second it appends one JSON line to BENCH_PROBE_FILE with the event loop's
 * delay (p50/p99/max ms), its utilisation and the time spent in GC since the
 * previous line. It reads nothing of the bot's and changes nothing.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  }).observe({ entryTypes: ['gc'] });
  let elu = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization(elu);
    elu = performance.eventLoopUtilization();
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    const line = { t: Date.now(), lagP50Ms: ms(delay.percentile(50)), lagP99Ms: ms(delay.percentile(99)), lagMaxMs: ms(delay.max), elu: Math.round(now.utilization * 1000) / 1000, gcMs: Math.round(gcMs * 10) / 10 };
    delay.reset();
    gcMs = 0;
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000);
  timer.unref();
}
