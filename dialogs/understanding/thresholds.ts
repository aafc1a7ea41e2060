/**
 * Confidence levels for acting on the recognizer, measured on the held-out
 * set (content/nlu/heldout.yaml, 544 non-crisis lines) with the embedded
 * recognizer: at 0.7, 85 % are answered directly and right, 5.5 % directly
 * and wrong, and 9 % get "did you mean…?" (the right answer among the
 * buttons in 41 of those 50). At 0.6 more are answered wrongly (35 vs 30);
 * at 0.8 half again as many users must tap through a question.
 * Re-measure when the recognizer or its corpus changes.
 */
export const Thresholds = {
  /** At or above: act on the top intent. Below: offer the best three. */
  confident: 0.7,
  /** Interpretations below this are not offered as buttons. */
  plausible: 0.15,
  /** How many interpretations a low-confidence answer offers. */
  offered: 3,
} as const;
