import { anonymise } from '../../services/anonymise/anonymise';
import { countEvidenceItems } from '../../services/anonymise/evidenceCount';
import type { Evidence } from '../../services/anonymise/types';
import type { Locale } from '../../services/i18n/locales';
import { extractMunicipalities } from '../../services/nlu/municipalities';
import { extractPlatforms } from '../../services/nlu/platforms';
import { CATEGORIES, type AgeBand, type Category } from '../../core/domain/routing';
import { daysAheadIn } from '../../services/deadlines/dayWords';
import { whenOfDaysAhead } from '../../services/deadlines/dueTime';
import { WHEN_ANSWERS, WHEN_QUESTIONS, type WhenAnswer, type WhenQuestion } from '../../core/domain/reportAnswerSet';
import { crisisView } from '../cards/crisisCard';
import type { MessageView, Part } from '../shared/reply';
import { ageIn } from '../understanding/answers';
import type { Understanding } from '../understanding/understanding';
import { municipalityName } from './municipalityName';
import { AGE_PICKS, VICTIMS, type ReportProgress, type SealedDraft, type StepId, type Tri, type Victim } from './reportProgress';
import { NARRATIVE_CAP, PLATFORM_BUTTONS } from './reportQuestions';

/** What an answer does to the report. */
export type Outcome =
  /** Answered: say `say` (if any), then ask the next question. */
  | { kind: 'next'; say?: MessageView }
  /**
   * Not (yet) an answer: say why, ask the same question again. `complaint`:
   * `say` finds fault with what was written ("no link in this message") —
   * never said right after a crisis card about the same words.
   */
  | { kind: 'stay'; say?: MessageView; complaint?: true }
  /** Go to another step without recording this one (e.g. "write it again"). */
  | { kind: 'goto'; step: StepId }
  /** The reporter confirmed the summary. */
  | { kind: 'submit' };

/** An answer as the report's steps read it. */
export interface Answer {
  understanding: Understanding;
  /** The user's words (empty for a button). */
  text: string;
  locale: Locale;
  /** When it was said: a day named in words ("do petka") is counted from it. */
  now: Date;
}

/** The question again, after saying what was wrong with the answer. */
function complaint(key: Part): Outcome {
  return { kind: 'stay', say: { say: [key] }, complaint: true };
}

const NOT_UNDERSTOOD: Outcome = complaint('reportFlow.notUnderstood');

/** The value of a `pick:` button, or of a typed yes/no. */
function picked(u: Understanding): string | undefined {
  if (u.kind === 'choice') return u.value;
  if (u.kind === 'command' && (u.command === 'yes' || u.command === 'no')) return u.command;
  return undefined;
}

/**
 * A yes / no / don't know answer. Typed answers ("jesam", "ne znam", "yes I
 * did") arrive as the button they mean: the bot matches them against the
 * question's answers (content/nlu/answers.yaml) before this runs.
 */
function triOf(a: Answer): Tri | undefined {
  const v = picked(a.understanding);
  return v === 'yes' || v === 'no' || v === 'unknown' ? v : undefined;
}

/**
 * A "when?" answer: a button or its typed phrase ("sutra", "za par dana",
 * "ne znam"), or a day named in the message ("do petka", "u subotu", "by
 * Friday"), counted on the Belgrade calendar from when it was said.
 */
function whenOf(a: Answer): WhenAnswer | undefined {
  const v = picked(a.understanding);
  // A token carries lower case only: "few-days" is `fewDays`.
  const value = v === 'few-days' ? 'fewDays' : v;
  if ((WHEN_ANSWERS as readonly string[]).includes(value ?? '')) return value as WhenAnswer;
  const days = a.text && !v ? daysAheadIn(a.text, a.now) : undefined;
  return days === undefined ? undefined : whenOfDaysAhead(days);
}

/** The age band of an age in years. */
export function ageBandOf(age: number): AgeBand {
  if (age < 14) return 'under14';
  return age < 18 ? '14-17' : '18+';
}

function bandOf(a: Answer): AgeBand | undefined {
  const v = picked(a.understanding);
  const band = (Object.entries(AGE_PICKS) as Array<[AgeBand, string]>).find(([, value]) => value === v)?.[0];
  if (band || !a.text || v) return band;
  const age = ageIn(a.text);
  return age !== undefined && age > 0 ? ageBandOf(age) : undefined;
}

function categoryOf(u: Understanding): Category | undefined {
  const v = u.kind === 'choice' ? u.value : u.kind === 'intent' ? u.intent : undefined;
  return (CATEGORIES as readonly string[]).includes(v ?? '') ? (v as Category) : undefined;
}

/** Whom a pupil role word ("učenik", "dete") names, by who is reporting. */
const PUPIL_WORD_VICTIM: Readonly<Record<ReportProgress['role'], Victim>> = { pupil: 'self', teacher: 'pupil', parent: 'child', other: 'pupil' };

function victimOf(a: Answer, p: ReportProgress): Victim | undefined {
  const u = a.understanding;
  let v: string | undefined;
  // Typed names ("meni", "mom drugu", "my son") arrive as the button they mean (content/nlu/answers.yaml).
  if (u.kind === 'choice') v = u.value;
  // "učenik", "dete" are role words elsewhere; here they name the person the report is about.
  else if (u.kind === 'role' && u.role === 'pupil') v = PUPIL_WORD_VICTIM[p.role];
  return (VICTIMS as readonly string[]).includes(v ?? '') ? (v as Victim) : undefined;
}

/** Profile names given on their own ("marko_77", "@ana.k"): a handle-shaped word with a digit, dot or underscore. */
function bareHandles(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((w) => w.replace(/^[("'«]+|[)"'».!?:]+$/g, ''))
    .filter((w) => /^@?[\p{L}\p{N}._-]{3,60}$/u.test(w) && /[@\d._]/.test(w) && !/^\d+$/.test(w) && !w.includes('..'));
}

function addTo(target: Evidence, found: Evidence): number {
  const before = countEvidenceItems(target);
  target.urls.push(...found.urls.filter((u) => !target.urls.includes(u)));
  target.handles.push(...found.handles.filter((h) => !target.handles.includes(h)));
  return countEvidenceItems(target) - before;
}

/** Reads a narrative: cap, anonymise, keep the candidate for the reporter to check. */
function takeNarrative(a: Answer, sealed: SealedDraft): Outcome | undefined {
  const text = a.text.trim();
  if (!text) return undefined;
  // Not a complaint to hold back after a crisis card: without it the words would be dropped unexplained.
  if (text.length > NARRATIVE_CAP) return { kind: 'stay', say: { say: [{ key: 'reportFlow.narrative.tooLong', vars: { max: NARRATIVE_CAP } }] } };
  const anon = anonymise(text, { locale: a.locale });
  sealed.candidate = anon.text;
  sealed.narrativeEvidence = anon.evidence;
  return { kind: 'next' };
}

/** The contact details in a message: the first e-mail address and phone number the anonymiser finds. */
function contactIn(text: string): { email?: string; phone?: string } | undefined {
  const anon = anonymise(text);
  const contact: { email?: string; phone?: string } = {};
  for (const r of anon.redactions) {
    const value = text.slice(r.start, r.end).trim();
    if (r.type === 'email' && !contact.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) contact.email = value;
    if (r.type === 'phone' && !contact.phone && /^\+?[0-9 ()/-]{6,20}$/.test(value)) contact.phone = value;
  }
  return contact.email || contact.phone ? contact : undefined;
}

/**
 * Applies an answer to the step `p.at`: records it in `p.answers` (or, for
 * the reporter's words, in `sealed`) and says what happens next. Pure apart
 * from those two objects; no Bot Framework types.
 */
export function applyAnswer(p: ReportProgress, sealed: SealedDraft, a: Answer): Outcome {
  const ans = p.answers;
  const u = a.understanding;
  const at = p.at;
  if (at.startsWith('q:')) {
    const tri = triOf(a);
    if (!tri) return NOT_UNDERSTOOD;
    const q = at.slice(2) as keyof typeof ans.questions;
    ans.questions[q] = tri;
    const when = WHEN_QUESTIONS[q as keyof typeof WHEN_QUESTIONS] as WhenQuestion | undefined;
    if (when) {
      // Answered again: its "when?" is asked again, unless this message names the day ("da, do sutra").
      if (ans.when) delete ans.when[when];
      const days = tri === 'yes' && a.text ? daysAheadIn(a.text, a.now) : undefined;
      if (days !== undefined) ans.when = { ...ans.when, [when]: whenOfDaysAhead(days) };
    }
    return { kind: 'next' };
  }
  if (at.startsWith('when:')) {
    const when = whenOf(a);
    if (!when) return complaint('reportFlow.when.notUnderstood');
    ans.when = { ...ans.when, [at.slice(5) as WhenQuestion]: when };
    return { kind: 'next' };
  }
  switch (at) {
    case 'danger': {
      const tri = triOf(a);
      if (!tri) return NOT_UNDERSTOOD;
      // "I don't know" is treated as yes: the emergency card costs a moment, a missed danger far more.
      ans.immediateDanger = tri !== 'no';
      if (!ans.immediateDanger) return { kind: 'next' };
      // The crisis card first (192 and what to do meanwhile), then the report goes on.
      const card = crisisView('personDanger', { role: p.role, canResume: false });
      return { kind: 'next', say: { say: [...(card.say ?? []), 'reportFlow.danger.continue'], cards: card.cards } };
    }
    case 'category': {
      const category = categoryOf(u);
      if (!category) return complaint('reportFlow.category.notUnderstood');
      if (category !== ans.category) ans.questions = {};
      ans.category = category;
      return { kind: 'next' };
    }
    case 'victim': {
      const victim = victimOf(a, p);
      if (!victim) return NOT_UNDERSTOOD;
      ans.victim = victim;
      return { kind: 'next' };
    }
    case 'age': {
      const band = bandOf(a);
      if (!band) return complaint('reportFlow.age.notUnderstood');
      ans.victimAge = band;
      return { kind: 'next' };
    }
    case 'platform': {
      const v = picked(u);
      if (v === 'none') ans.platforms = [];
      else if (v && (PLATFORM_BUTTONS as readonly string[]).includes(v)) ans.platforms = [v];
      else if (a.text && !v) {
        ans.platforms = extractPlatforms(a.text);
        if (ans.platforms.length === 0) return { kind: 'next', say: { say: ['reportFlow.platform.notRecognised'] } };
      } else return NOT_UNDERSTOOD;
      return { kind: 'next' };
    }
    case 'ongoing': {
      const tri = triOf(a);
      if (!tri) return NOT_UNDERSTOOD;
      ans.ongoing = tri;
      return { kind: 'next' };
    }
    case 'narrative':
      return picked(u) ? NOT_UNDERSTOOD : (takeNarrative(a, sealed) ?? NOT_UNDERSTOOD);
    case 'narrativeCheck': {
      const v = picked(u);
      if (v === 'ok' || v === 'yes') {
        // Coming back here with "back" shows the accepted story again; accepting it again keeps it.
        sealed.narrative = sealed.candidate ?? sealed.narrative;
        delete sealed.candidate;
        return sealed.narrative ? { kind: 'next' } : { kind: 'goto', step: 'narrative' };
      }
      if (v === 'again' || v === 'no') {
        delete sealed.candidate;
        return { kind: 'goto', step: 'narrative' };
      }
      // Anything else written here is the story told again.
      const again = takeNarrative(a, sealed);
      return again?.kind === 'next' ? { kind: 'stay' } : (again ?? NOT_UNDERSTOOD);
    }
    case 'evidence': {
      const v = picked(u);
      if (v === 'done' || v === 'no' || v === 'skip') return { kind: 'next' };
      if (!a.text || v) return NOT_UNDERSTOOD;
      const anon = anonymise(a.text, { locale: a.locale });
      const found: Evidence = { urls: anon.evidence.urls, handles: [...new Set([...anon.evidence.handles, ...bareHandles(a.text)])] };
      const added = addTo(sealed.evidence, found);
      if (found.urls.length + found.handles.length === 0) return complaint('reportFlow.evidence.none');
      return { kind: 'stay', say: { say: [{ key: 'reportFlow.evidence.added', vars: { count: added } }] } };
    }
    case 'municipality': {
      const v = picked(u);
      if (v === 'skip' || v === 'no') {
        ans.municipality = null;
        return { kind: 'next' };
      }
      const slug = a.text && !v ? extractMunicipalities(a.text)[0] : undefined;
      if (!slug) return complaint('reportFlow.municipality.unknown');
      ans.municipality = slug;
      return { kind: 'next', say: { say: [{ key: 'reportFlow.municipality.noted', vars: { name: municipalityName(slug) }, serbianVars: true }] } };
    }
    case 'contactAsk': {
      const v = picked(u);
      if (v !== 'yes' && v !== 'no') return NOT_UNDERSTOOD;
      ans.contactWanted = v === 'yes';
      if (!ans.contactWanted) delete sealed.contact;
      return { kind: 'next' };
    }
    case 'contactDetails': {
      const v = picked(u);
      if (v === 'skip' || v === 'no') {
        ans.contactWanted = false;
        delete sealed.contact;
        return { kind: 'next' };
      }
      const contact = a.text && !v ? contactIn(a.text) : undefined;
      if (!contact) return complaint('reportFlow.contact.notFound');
      sealed.contact = contact;
      // Giving details is the wish to be contacted, also after a "skip" taken back with "back".
      ans.contactWanted = true;
      return { kind: 'next', say: { say: ['reportFlow.contact.saved'] } };
    }
    case 'summary': {
      const v = picked(u);
      if (v === 'send' || v === 'yes') return { kind: 'submit' };
      if (v === 'no') return { kind: 'stay', say: { say: ['reportFlow.summary.change'] } };
      return NOT_UNDERSTOOD;
    }
  }
  return NOT_UNDERSTOOD;
}
