/**
 * `npm run anonymise:eval`: measures the anonymiser on the labelled set in
 * content/anonymise/eval.yaml — leak rate (per type and per script),
 * over-redaction rate, deadlines kept whole ("do petka", "by Friday"),
 * evidence recall for links and handles. `--verbose` lists every leak and
 * every lost substring or deadline.
 */
import { evaluate, loadEvalSet, percent, Rate } from '../services/anonymise/evaluate';

const line = (label: string, r: Rate): string => `${label.padEnd(22)} ${percent(r).padStart(7)}  (${r.hits}/${r.total})`;

const report = evaluate(loadEvalSet());
const out: string[] = [];
out.push(`texts                  ${report.texts}`);
out.push(line('leak rate', report.leak));
for (const [type, r] of Object.entries(report.leakByType)) out.push(line(`  leak ${type}`, r));
for (const [script, r] of Object.entries(report.leakByScript)) out.push(line(`  leak script ${script}`, r));
out.push(line('over-redaction rate', report.overRedaction));
out.push(line('deadline kept', report.deadlineKept));
out.push(line('evidence recall', report.evidenceRecall));
out.push(line('type accuracy', report.typeAccuracy));
if (process.argv.includes('--verbose')) {
  for (const l of report.leaks) out.push(`LEAK ${l.type} "${l.value}" in: ${l.text}`);
  for (const l of report.lost) out.push(`LOST "${l.value}" in: ${l.text}`);
  for (const l of report.lostDeadlines) out.push(`DEADLINE LOST "${l.value}" in: ${l.text}`);
}
console.log(out.join('\n'));
