import fs from 'node:fs';
import YAML from 'yaml';
import Joi from 'joi';
import { fromRoot } from '../../core/paths';
import { anonymise } from './anonymise';
import { Redaction, RedactionType } from './types';

/** Which kind of writing an evaluation text is in. */
export type EvalScript = 'latn' | 'ascii' | 'cyrl' | 'en';

/** One labelled text of content/anonymise/eval.yaml. */
export interface EvalItem {
  script: EvalScript;
  text: string;
  remove: Partial<Record<RedactionType, string[]>>;
  keep: string[];
  /** Deadlines and days ("do petka", "by Friday", "do 15. maja"): kept whole, or the reviewer loses the threat's clock. */
  deadline?: string[];
}

/** A share: how many of how many. */
export interface Rate {
  hits: number;
  total: number;
}

/** What `npm run anonymise:eval` reports. */
export interface EvalReport {
  texts: number;
  leak: Rate;
  leakByType: Partial<Record<RedactionType, Rate>>;
  leakByScript: Partial<Record<EvalScript, Rate>>;
  overRedaction: Rate;
  /** Deadline phrases of which no character was redacted. */
  deadlineKept: Rate;
  evidenceRecall: Rate;
  typeAccuracy: Rate;
  leaks: Array<{ text: string; type: RedactionType; value: string }>;
  lost: Array<{ text: string; value: string }>;
  lostDeadlines: Array<{ text: string; value: string }>;
}

const TYPES = ['name', 'phone', 'email', 'jmbg', 'address', 'school', 'birthdate', 'ip', 'iban', 'card', 'handle', 'url'];

const itemSchema = Joi.object({
  script: Joi.string().valid('latn', 'ascii', 'cyrl', 'en').required(),
  text: Joi.string().min(1).required(),
  remove: Joi.object(Object.fromEntries(TYPES.map((t) => [t, Joi.array().items(Joi.string().min(1))]))).required(),
  keep: Joi.array().items(Joi.string().min(1)).required(),
  deadline: Joi.array().items(Joi.string().min(1)),
});

/** Reads and validates the labelled set; every labelled substring must occur in its text. */
export function loadEvalSet(file = fromRoot('content', 'anonymise', 'eval.yaml')): EvalItem[] {
  const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const { error, value } = Joi.array().items(itemSchema).min(1).validate(doc);
  if (error) throw new Error(`${file}: ${error.message}`);
  const items = value as EvalItem[];
  for (const item of items) {
    for (const s of [...Object.values(item.remove).flat(), ...item.keep, ...(item.deadline ?? [])]) {
      if (!item.text.includes(s as string)) throw new Error(`${file}: "${String(s)}" does not occur in "${item.text}"`);
    }
  }
  return items;
}

function occurrences(text: string, value: string, wholeWord: boolean): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
    const before = text.charAt(i - 1);
    const after = text.charAt(i + value.length);
    if (wholeWord && (/[\p{L}\p{N}]/u.test(before) || /[\p{L}\p{N}]/u.test(after))) continue;
    out.push(i);
  }
  return out.length > 0 || !wholeWord ? out : occurrences(text, value, false);
}

function covered(redactions: readonly Redaction[], start: number, end: number, text: string): boolean {
  for (let i = start; i < end; i++) {
    if (/\s/.test(text.charAt(i))) continue;
    if (!redactions.some((r) => r.start <= i && i < r.end)) return false;
  }
  return true;
}

const bump = (r: Rate, hit: boolean): void => {
  r.total++;
  if (hit) r.hits++;
};

/**
 * Runs the anonymiser over the labelled set: an identifier leaks when any of
 * its characters survives; a must-keep substring is lost when any of its
 * characters is redacted; evidence recall counts links and handles found in
 * the evidence list; a deadline is lost when any of its characters is
 * redacted.
 */
export function evaluate(items: readonly EvalItem[]): EvalReport {
  const report: EvalReport = {
    texts: items.length,
    leak: { hits: 0, total: 0 },
    leakByType: {},
    leakByScript: {},
    overRedaction: { hits: 0, total: 0 },
    deadlineKept: { hits: 0, total: 0 },
    evidenceRecall: { hits: 0, total: 0 },
    typeAccuracy: { hits: 0, total: 0 },
    leaks: [],
    lost: [],
    lostDeadlines: [],
  };
  for (const item of items) {
    const result = anonymise(item.text);
    for (const [type, values] of Object.entries(item.remove) as Array<[RedactionType, string[]]>) {
      for (const value of values) {
        for (const at of occurrences(item.text, value, false)) {
          const leaked = !covered(result.redactions, at, at + value.length, item.text);
          bump(report.leak, leaked);
          bump((report.leakByType[type] ??= { hits: 0, total: 0 }), leaked);
          bump((report.leakByScript[item.script] ??= { hits: 0, total: 0 }), leaked);
          if (leaked) report.leaks.push({ text: item.text, type, value });
          else bump(report.typeAccuracy, result.redactions.some((r) => r.start <= at && at < r.end && r.type === type));
        }
        if (type === 'url') bump(report.evidenceRecall, result.evidence.urls.includes(value));
        if (type === 'handle') bump(report.evidenceRecall, result.evidence.handles.includes(value));
      }
    }
    for (const value of item.keep) {
      for (const at of occurrences(item.text, value, true)) {
        const lost = result.redactions.some((r) => r.start < at + value.length && at < r.end);
        bump(report.overRedaction, lost);
        if (lost) report.lost.push({ text: item.text, value });
      }
    }
    for (const value of item.deadline ?? []) {
      for (const at of occurrences(item.text, value, true)) {
        const lost = result.redactions.some((r) => r.start < at + value.length && at < r.end);
        bump(report.deadlineKept, !lost);
        if (lost) report.lostDeadlines.push({ text: item.text, value });
      }
    }
  }
  return report;
}

/** A rate as a percentage with one decimal. */
export function percent(r: Rate): string {
  return r.total === 0 ? 'n/a' : `${((100 * r.hits) / r.total).toFixed(1)}%`;
}
