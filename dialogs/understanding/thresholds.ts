/**
 * Confidence levels for acting on the recognizer. Calibrated on the
 * recognizer's evaluation set (services/nlu); change them together with it.
 */
export const Thresholds = {
  /** At or above: act on the top intent. Below: offer the best three. */
  confident: 0.6,
  /** Interpretations below this are not offered as buttons. */
  plausible: 0.15,
  /** How many interpretations a low-confidence answer offers. */
  offered: 3,
} as const;
