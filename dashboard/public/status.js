/* global document */
import { replace } from './dom.js';

/** Announces a short message to screen readers (the polite live region). */
export function announce(text) {
  replace(document.getElementById('status'), text);
}
