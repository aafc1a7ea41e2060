/**
 * `npm run bench:nlu`: how long the embedded recognizer takes to train, and
 * how long one utterance takes to classify (p50/p99 over the held-out set,
 * after a warm-up pass, crisis net and entities included). Numbers, not
 * pass/fail. `--json` prints one JSON object.
 */
import { performance } from 'node:perf_hooks';
import { loadCorpus, loadHeldOut } from '../services/nlu/corpus';
import { NlpjsRecognizer } from '../services/nlu/nlpjsRecognizer';

const ROUNDS = 5;

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

async function main(): Promise<void> {
  const corpus = loadCorpus();
  const heldOut = loadHeldOut();
  const recognizer = new NlpjsRecognizer({ corpus });
  const t0 = performance.now();
  await recognizer.init();
  const trainingMs = performance.now() - t0;

  // Warm-up on the training corpus, so the JIT and the classifier's caches
  // see text, but not the measured held-out utterances.
  for (const e of corpus) await recognizer.recognize(e.text);

  const firstSight: number[] = [];
  const repeated: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const e of heldOut) {
      const start = performance.now();
      await recognizer.recognize(e.text);
      (round === 0 ? firstSight : repeated).push(performance.now() - start);
    }
  }
  const all = [...firstSight, ...repeated].sort((a, b) => a - b);
  firstSight.sort((a, b) => a - b);
  const result = {
    corpusUtterances: corpus.length,
    heldOutUtterances: heldOut.length,
    trainingMs: Number(trainingMs.toFixed(0)),
    p50Ms: Number(percentile(all, 50).toFixed(3)),
    p99Ms: Number(percentile(all, 99).toFixed(3)),
    firstSightP50Ms: Number(percentile(firstSight, 50).toFixed(3)),
    firstSightP99Ms: Number(percentile(firstSight, 99).toFixed(3)),
    maxMs: Number((all[all.length - 1] ?? 0).toFixed(3)),
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`training: ${result.trainingMs} ms (${result.corpusUtterances} utterances)`);
  console.log(`classification over ${result.heldOutUtterances} held-out utterances x ${ROUNDS} rounds (warm):`);
  console.log(`  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  max ${result.maxMs} ms`);
  console.log(`  first time each text is seen: p50 ${result.firstSightP50Ms} ms  p99 ${result.firstSightP99Ms} ms`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
