import { RedactionType } from './types';

/** A candidate redaction found by one detector. */
export interface Span {
  type: RedactionType;
  start: number;
  end: number;
}

/**
 * When spans overlap, the more specific kind names the merged span: an e-mail
 * beats the name inside it, a school ("OŠ Vuk Karadžić") and an address
 * ("Kneza Miloša 5") beat the personal names they contain.
 */
const PRIORITY: readonly RedactionType[] = [
  'email', 'url', 'handle', 'iban', 'card', 'jmbg', 'ip', 'phone', 'birthdate', 'school', 'address', 'name',
];

function rank(type: RedactionType): number {
  return PRIORITY.indexOf(type);
}

/** Sorts spans and merges every overlapping group into one span. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) {
      prev.end = Math.max(prev.end, s.end);
      if (rank(s.type) < rank(prev.type)) prev.type = s.type;
      continue;
    }
    out.push({ ...s });
  }
  return out;
}

/** True when [start, end) overlaps any of the spans. */
export function overlapsAny(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && s.start < end);
}
