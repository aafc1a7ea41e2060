import assert from 'node:assert/strict';
import { evaluate, loadEvalSet } from '../../../services/anonymise/evaluate';

/**
 * Regression thresholds on the labelled set (content/anonymise/eval.yaml),
 * a little above what the anonymiser achieves today, and never above the
 * product's limits: overall leaks ≤ 2 %, over-redaction ≤ 5 %. Today no
 * identifier of the set leaks and no deadline is lost, and both stay so.
 */
describe('anonymise: evaluation set', () => {
  const report = evaluate(loadEvalSet());
  const rate = (r: { hits: number; total: number }): number => (r.total === 0 ? 0 : r.hits / r.total);

  it('when the set is loaded, then it has at least 120 texts in all four kinds of writing', () => {
    assert.ok(report.texts >= 120, `only ${report.texts} texts`);
    for (const script of ['latn', 'ascii', 'cyrl', 'en'] as const) {
      assert.ok((report.leakByScript[script]?.total ?? 0) >= 20, `too few identifiers in ${script}`);
    }
  });

  it('when the set is anonymised, then no identifier leaks', () => {
    assert.equal(report.leak.hits, 0, JSON.stringify(report.leaks));
  });

  it('when the set has deadlines in every kind of writing, then none is lost', () => {
    assert.ok(report.deadlineKept.total >= 20, `only ${report.deadlineKept.total} deadlines`);
    assert.deepEqual(report.lostDeadlines, []);
  });

  it('when the set is anonymised, then no kind of writing leaks more than 3%', () => {
    for (const [script, r] of Object.entries(report.leakByScript)) {
      assert.ok(rate(r) <= 0.03, `${script}: ${r.hits}/${r.total}`);
    }
  });

  it('when the set is anonymised, then names leak at most 3% and every other type at most 10%', () => {
    for (const [type, r] of Object.entries(report.leakByType)) {
      assert.ok(rate(r) <= (type === 'name' ? 0.03 : 0.1), `${type}: ${r.hits}/${r.total}`);
    }
  });

  it('when the set is anonymised, then at most 2% of must-keep words are lost', () => {
    assert.ok(rate(report.overRedaction) <= 0.02, JSON.stringify(report.lost));
  });

  it('when links and handles are removed, then at least 95% of them are in the evidence', () => {
    assert.ok(rate(report.evidenceRecall) >= 0.95, `${report.evidenceRecall.hits}/${report.evidenceRecall.total}`);
  });
});
