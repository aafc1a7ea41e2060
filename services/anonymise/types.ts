/** Kinds of identifier removed from free text (SPEC.md section 5). */
export type RedactionType =
  | 'name' | 'phone' | 'email' | 'jmbg' | 'address' | 'school' | 'birthdate'
  | 'ip' | 'iban' | 'card' | 'handle' | 'url';

/** One removed span. Offsets refer to the input text. */
export interface Redaction {
  type: RedactionType;
  start: number;
  end: number;
}

/** Links and handles are not lost: they move here, to be stored encrypted. */
export interface Evidence {
  urls: string[];
  handles: string[];
}

/** The result of {@link anonymise}: the contract of `npm run anonymise`. */
export interface AnonymiseResult {
  text: string;
  redactions: Redaction[];
  evidence: Evidence;
}
