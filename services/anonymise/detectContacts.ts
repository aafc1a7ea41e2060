import net from 'node:net';
import { Span } from './span';

/** A span found in the text, with the value to keep as evidence (links and handles). */
export interface FoundSpan extends Span {
  value: string;
}

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const URL_WITH_SCHEME = /\b(?:https?:\/\/|www\.)[^\s<>"“”„«»]+/giu;
const BARE_DOMAIN =
  /(?<![\p{L}\p{N}@./-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|rs|срб|me|gg|io|tv|be|ly|co|info|ru|de|uk|ba|hr|eu|app|xyz|link|site|online|live|to|cc)\b(?:\/[^\s<>"“”„«»]*)?/giu;
const HANDLE = /(?<![\p{L}\p{N}._%+\-/@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]{0,28}[\p{L}\p{N}_])?/gu;
/** Usernames written without @ that cannot be ordinary words: "marko_2010", "xX_killer_Xx". */
const UNDERSCORE_NAME = /(?<![\p{L}\p{N}@._/-])[\p{L}\p{N}]+(?:_+[\p{L}\p{N}]*)+(?![\p{L}\p{N}@/-])/gu;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)/g;
const IPV6_CANDIDATE = /(?<![\p{L}\p{N}:])[0-9a-f]{0,4}(?::{1,2}[0-9a-f]{0,4}){2,7}(?![\p{L}\p{N}:])/giu;

/** Closing punctuation that ends a sentence, not a link. */
function trimUrl(value: string): string {
  let v = value.replace(/[.,;:!?'"’”»…]+$/u, '');
  // A closing bracket belongs to the link only when the link opened one.
  while (v.endsWith(')') && (v.match(/\(/g) ?? []).length < (v.match(/\)/g) ?? []).length) v = v.slice(0, -1);
  return v.replace(/[.,;:!?'"’”»…]+$/u, '');
}

function collect(text: string, re: RegExp, type: Span['type'], trim: (v: string) => string = (v) => v): FoundSpan[] {
  const out: FoundSpan[] = [];
  for (const m of text.matchAll(re)) {
    const value = trim(m[0]);
    const start = m.index ?? 0;
    if (value.length > 0) out.push({ type, start, end: start + value.length, value });
  }
  return out;
}

function notInside(found: readonly FoundSpan[]) {
  return (s: FoundSpan): boolean => !found.some((f) => s.start < f.end && f.start < s.end);
}

/**
 * E-mail addresses, links (with or without a scheme), handles (@name, or a
 * username with an underscore) and IP addresses, in that order of precedence.
 */
export function detectContacts(text: string): FoundSpan[] {
  const found: FoundSpan[] = [];
  found.push(...collect(text, EMAIL, 'email', (v) => v.replace(/\.$/, '')));
  found.push(...collect(text, URL_WITH_SCHEME, 'url', trimUrl).filter(notInside(found)));
  found.push(...collect(text, BARE_DOMAIN, 'url', trimUrl).filter(notInside(found)));
  found.push(...collect(text, HANDLE, 'handle', (v) => v.replace(/\.+$/, '')).filter(notInside(found)));
  found.push(...collect(text, UNDERSCORE_NAME, 'handle').filter(notInside(found)));
  found.push(...collect(text, IPV4, 'ip').filter(notInside(found)));
  found.push(
    ...collect(text, IPV6_CANDIDATE, 'ip')
      .filter((s) => net.isIPv6(s.value) && /[a-f]|::/i.test(s.value))
      .filter(notInside(found)),
  );
  return found;
}
