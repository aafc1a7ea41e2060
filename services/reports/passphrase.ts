import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import argon2 from 'argon2';
import { fromRoot } from '../../core/paths';
import { fold } from '../text/transliterate';

/**
 * The follow-up passphrase: words from content/reports/words.txt (2073
 * simple Serbian words, log2(2073) ≈ 11.02 bits each), chosen uniformly with
 * a cryptographic RNG. The default five words carry ≈ 55 bits, six ≈ 66
 * bits (PASSPHRASE_WORDS). Only an argon2id hash is stored; the attempt limit
 * (followUp.ts) makes online guessing hopeless, and argon2id's cost makes an
 * offline search of a stolen database take far longer than a report matters.
 */
export const WORDS_FILE = fromRoot('content', 'reports', 'words.txt');

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): about
 * 50 ms on one core, cheap enough for a burst of reports, slow for a guesser.
 */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let cached: readonly string[] | undefined;

/** Reads a word list: one word per line, `#` comments and blank lines skipped. */
export function loadWordList(file = WORDS_FILE): readonly string[] {
  if (file === WORDS_FILE && cached) return cached;
  const words = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (file === WORDS_FILE) cached = words;
  return words;
}

/** Bits of entropy of a passphrase of `count` words from `words`. */
export function passphraseBits(count: number, words: readonly string[] = loadWordList()): number {
  return count * Math.log2(words.length);
}

/** A fresh passphrase: `count` words separated by single spaces. */
export function generatePassphrase(count: number, words: readonly string[] = loadWordList()): string {
  return Array.from({ length: count }, () => words[randomInt(words.length)]).join(' ');
}

/**
 * The comparison form of a typed passphrase: either script, any case,
 * diacritics folded, any separators (spaces, hyphens, commas, new lines)
 * reduced to single spaces. The same function prepares the stored hash.
 */
export function normalisePassphrase(input: string): string {
  return fold(input)
    .split(/[^a-z]+/)
    .filter(Boolean)
    .join(' ');
}

let wordSet: ReadonlySet<string> | undefined;

/**
 * True when every word typed is a passphrase word (at least two of them):
 * what a reporter types to check a report, as opposed to a sentence. Says
 * nothing about whether it is the right passphrase.
 */
export function isPassphraseShaped(input: string): boolean {
  wordSet ??= new Set(loadWordList());
  const words = normalisePassphrase(input).split(' ').filter(Boolean);
  return words.length >= 2 && words.every((w) => wordSet!.has(w));
}

/** Hashes and verifies passphrases (argon2id); replaceable by a counting wrapper in tests. */
export interface PassphraseHasher {
  hash(passphrase: string): Promise<string>;
  verify(hash: string, passphrase: string): Promise<boolean>;
}

/** The production hasher: argon2id over the normalised passphrase. */
export const argon2Hasher: PassphraseHasher = {
  hash: (passphrase) => argon2.hash(normalisePassphrase(passphrase), ARGON2_OPTIONS),
  verify: async (hash, passphrase) => {
    try {
      return await argon2.verify(hash, normalisePassphrase(passphrase));
    } catch {
      return false;
    }
  },
};

let dummy: Promise<string> | undefined;

/**
 * A hash of a random passphrase, computed once. Verifying against it for an
 * unknown case code costs the same as a real check, so response time does
 * not tell whether a code exists.
 */
export function dummyHash(hasher: PassphraseHasher = argon2Hasher): Promise<string> {
  if (hasher !== argon2Hasher) return hasher.hash(generatePassphrase(5));
  dummy ??= hasher.hash(generatePassphrase(5));
  return dummy;
}
