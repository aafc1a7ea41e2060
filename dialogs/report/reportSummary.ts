import { countEvidenceItems } from '../../services/anonymise/evidenceCount';
import type { Part } from '../shared/reply';
import { WHEN_QUESTIONS, type WhenQuestion } from '../../core/domain/reportAnswerSet';
import { markdownText } from './markdownText';
import { municipalityName } from './municipalityName';
import { AGE_PICKS, QUESTIONS, type ReportProgress, type SealedDraft } from './reportProgress';

/** A platform id as people write it ("tiktok" → "Tiktok"). */
function platformLabel(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' ');
}

/**
 * What the reporter is about to send, line by line, before they confirm.
 * Each answer is its own key (`reportFlow.summary.category.grooming`), so
 * the summary is fully translated and survives a language switch; only the
 * data (platforms, municipality, the anonymised narrative) are variables.
 */
export function summaryParts(p: ReportProgress, sealed: SealedDraft): Part[] {
  const a = p.answers;
  const parts: Part[] = [{ key: 'reportFlow.summary.title', heading: true }];
  parts.push(`reportFlow.summary.danger.${a.immediateDanger ? 'yes' : 'no'}`);
  parts.push(`reportFlow.summary.category.${a.category ?? 'other'}`);
  if (a.victim) parts.push(`reportFlow.summary.victim.${a.victim}`);
  parts.push(`reportFlow.summary.age.${AGE_PICKS[a.victimAge ?? 'unknown']}`);
  const platforms = a.platforms ?? [];
  parts.push(platforms.length > 0 ? { key: 'reportFlow.summary.platforms', vars: { list: platforms.map(platformLabel).join(', ') } } : 'reportFlow.summary.noPlatform');
  parts.push(`reportFlow.summary.ongoing.${a.ongoing ?? 'unknown'}`);
  for (const q of QUESTIONS) {
    if (a.questions[q] !== 'yes') continue;
    parts.push(`reportFlow.summary.q.${q}`);
    const when = WHEN_QUESTIONS[q as keyof typeof WHEN_QUESTIONS] as WhenQuestion | undefined;
    const given = when ? a.when?.[when] : undefined;
    if (when && given) parts.push(`reportFlow.summary.when.${when}.${given}`);
  }
  parts.push(a.municipality ? { key: 'reportFlow.summary.municipality', vars: { name: municipalityName(a.municipality) }, serbianVars: true } : 'reportFlow.summary.noMunicipality');
  parts.push({ key: 'reportFlow.summary.narrative', vars: { text: markdownText(sealed.narrative ?? '') } });
  // A profile given as a name and as its link is one item; the same link in the story and at the evidence question too.
  const evidence = countEvidenceItems(sealed.narrativeEvidence, sealed.evidence);
  parts.push(evidence > 0 ? { key: 'reportFlow.summary.evidence', vars: { count: evidence } } : 'reportFlow.summary.noEvidence');
  if (a.contactWanted && sealed.contact) parts.push('reportFlow.summary.contact');
  return parts;
}
