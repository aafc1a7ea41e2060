/**
 * The scaling curve: 10, 50, 100, 250, 500 and 1,000 concurrent whole
 * conversations (bench/conversationLoad.ts), each user sending a message
 * every ~5 s on average (exponential think time), against one bot child
 * process on loopback, each level bounded in time. Prints a table and writes
 * the chart to docs/scaling.svg (drawn here, no charting library).
 *
 *   npm run --silent bench:scaling [-- --seconds 20] [-- --think 5000] [-- --levels 10,50,100] [-- --transport api|dl-rest|dl-ws] [-- --svg docs/scaling.svg]
 */
import fs from 'node:fs';
import os from 'node:os';
import { fromRoot } from '../core/paths';
import { BenchRig, PhaseRow, table } from './conversationRun';
import type { Transport } from './conversationLoad';
import { flag, numberArg, textArg } from './benchArgs';
import { loadAverage, runBench } from './benchDatabase';

const seconds = numberArg('--seconds', 20);
const thinkMs = numberArg('--think', 5000);
const levels = (textArg('--levels') ?? '10,50,100,250,500,1000').split(',').map(Number);
const transport = (textArg('--transport') ?? 'api') as Transport;
const svgPath = textArg('--svg') ?? fromRoot('docs', 'scaling.svg');

/** A two-panel line chart: turns/s (offered and achieved) and latency (p50, p95, p99; log scale). */
function chart(rows: PhaseRow[], caption: string): string {
  const W = 760, H = 580, L = 70, R = 20, panel = 200, top1 = 50, top2 = top1 + panel + 80;
  const xs = rows.map((r) => r.conversations);
  const lx = (v: number): number => L + ((Math.log10(v) - Math.log10(xs[0]!)) / (Math.log10(xs[xs.length - 1]!) - Math.log10(xs[0]!) || 1)) * (W - L - R);
  const maxT = Math.max(...rows.map((r) => Math.max(r.turnsPerSec, r.offeredPerSec || 0))) * 1.1 || 1;
  const ty = (v: number): number => top1 + panel - (v / maxT) * panel;
  const lat = rows.flatMap((r) => [r.p50Ms, r.p95Ms, r.p99Ms]).filter((v) => v > 0);
  const lo = Math.pow(10, Math.floor(Math.log10(Math.min(...lat, 10)))), hi = Math.pow(10, Math.ceil(Math.log10(Math.max(...lat, 1000))));
  const ly = (v: number): number => top2 + panel - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * panel;
  const line = (pts: Array<[number, number]>, color: string, dash = ''): string =>
    `<polyline fill="none" stroke="${color}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${pts.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}"/>` +
    pts.map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${color}"/>`).join('');
  const text = (x: number, y: number, s: string, extra = ''): string => `<text x="${x}" y="${y}" ${extra}>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="system-ui, sans-serif" font-size="12" fill="#111">`, `<rect width="${W}" height="${H}" fill="#fff"/>`];
  out.push(text(L, 20, 'Bezbedno: whole conversations, one message per ~5 s each (loopback, 2 cores)', 'font-size="15" font-weight="700"'));
  out.push(text(L, 38, caption, 'fill="#4a4a4a"'));
  for (const [top, label] of [[top1, 'turns/s'], [top2, 'turn latency, ms (log)']] as const) {
    out.push(`<line x1="${L}" y1="${top + panel}" x2="${W - R}" y2="${top + panel}" stroke="#888"/><line x1="${L}" y1="${top}" x2="${L}" y2="${top + panel}" stroke="#888"/>`);
    out.push(text(8, top - 8, label, 'font-weight="600"'));
    for (const x of xs) out.push(`<line x1="${lx(x)}" y1="${top}" x2="${lx(x)}" y2="${top + panel}" stroke="#eee"/>` + text(lx(x) - 10, top + panel + 16, String(x)));
    out.push(text((W - R) - 170, top + panel + 32, 'concurrent conversations (log)', 'fill="#4a4a4a"'));
  }
  for (let i = 0; i <= 4; i++) {
    const v = (maxT / 4) * i;
    out.push(`<line x1="${L}" y1="${ty(v)}" x2="${W - R}" y2="${ty(v)}" stroke="#f0f0f0"/>` + text(L - 44, ty(v) + 4, v.toFixed(0)));
  }
  for (let v = lo; v <= hi; v *= 10) out.push(`<line x1="${L}" y1="${ly(v)}" x2="${W - R}" y2="${ly(v)}" stroke="#f0f0f0"/>` + text(L - 50, ly(v) + 4, String(v)));
  out.push(`<line x1="${L}" y1="${ly(500)}" x2="${W - R}" y2="${ly(500)}" stroke="#b3261e" stroke-dasharray="6 4"/>` + text(W - R - 120, ly(500) - 6, 'target p99 500 ms', 'fill="#b3261e"'));
  out.push(line(rows.map((r) => [lx(r.conversations), ty(r.offeredPerSec)]), '#9aa5b1', '6 4'));
  out.push(line(rows.map((r) => [lx(r.conversations), ty(r.turnsPerSec)]), '#1a4f9c'));
  out.push(text(L + 10, top1 + 14, '— achieved', 'fill="#1a4f9c"') + text(L + 90, top1 + 14, '- - offered', 'fill="#6b7785"'));
  const series: Array<[keyof PhaseRow, string]> = [['p50Ms', '#2e7d32'], ['p95Ms', '#c77700'], ['p99Ms', '#b3261e']];
  series.forEach(([k, color], i) => {
    out.push(line(rows.map((r) => [lx(r.conversations), ly(Number(r[k]))]), color));
    out.push(text(L + 10 + i * 60, top2 + 14, String(k).replace('Ms', ''), `fill="${color}"`));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

runBench(async () => {
  const rig = new BenchRig();
  await rig.start();
  const rows: PhaseRow[] = [];
  const before = loadAverage();
  try {
    const bot = await rig.bot();
    for (const n of levels) {
      const row = await rig.phase(bot, `bot ${transport}`, transport, n, thinkMs, seconds);
      rows.push(row);
      console.error(`${n} conversations: ${row.turnsPerSec} turns/s, p99 ${row.p99Ms} ms, errors ${row.errors} (load average ${loadAverage().join(' ')})`);
    }
    await rig.stopChild(bot);
  } finally {
    await rig.stop();
  }
  const after = loadAverage();
  const caption = `${transport}, ${seconds} s per level after 2 s warm-up, think ${thinkMs} ms mean; load average ${before[0]} → ${after[0]}; ${new Date().toISOString().slice(0, 10)}`;
  console.log(`scaling: ${caption}; ${os.cpus().length} cores; storage: ${rig.storage}`);
  console.log(table(rows));
  fs.writeFileSync(svgPath, chart(rows, caption));
  console.log(`chart: ${svgPath}`);
  if (flag('--json')) console.log(JSON.stringify({ transport, seconds, thinkMs, loadAverage: [before, after], rows }));
});
