import fs from 'node:fs';
import YAML from 'yaml';
import { fromRoot } from '../../core/paths';
import type { NotifyPurpose, NotifyTarget } from '../../models/notification';
import type { Urgency } from '../../core/domain/routing';

/** The whole of what a notice says: no report content, by design. */
export interface Notice {
  /** `report.deadline_reminder`: a due case nobody at the contact centre has opened yet (to the on-duty channel). */
  type: 'report.new' | 'report.deadline_reminder';
  caseCode: string;
  urgency: Urgency;
  link: string;
  target: NotifyTarget;
  authorityId?: string;
}

interface NoticeTexts {
  urgency: Record<Urgency, string>;
  subject: string;
  text: string;
  ondutySubject: string;
  reminderSubject: string;
  reminderText: string;
}

let texts: Record<'sr-Latn' | 'en', NoticeTexts> | undefined;

function load(): Record<'sr-Latn' | 'en', NoticeTexts> {
  texts ??= YAML.parse(fs.readFileSync(fromRoot('content', 'reports', 'notice.yaml'), 'utf8')) as Record<'sr-Latn' | 'en', NoticeTexts>;
  return texts;
}

/** Builds the notice for one report and recipient. */
export function buildNotice(
  report: { caseCode: string; urgency: Urgency },
  dashboardUrl: string,
  target: NotifyTarget,
  authorityId?: string,
  purpose?: NotifyPurpose,
): Notice {
  const link = `${dashboardUrl}/#/reports/${encodeURIComponent(report.caseCode)}`;
  return { type: purpose === 'reminder' ? 'report.deadline_reminder' : 'report.new', caseCode: report.caseCode, urgency: report.urgency, link, target, ...(authorityId ? { authorityId } : {}) };
}

/** The e-mail form of a notice, from content/reports/notice.yaml. */
export function noticeEmail(notice: Notice, locale: 'sr-Latn' | 'en'): { subject: string; text: string } {
  const t = load()[locale];
  const vars: Record<string, string> = { caseCode: notice.caseCode, urgency: t.urgency[notice.urgency], link: notice.link };
  const fill = (s: string): string => s.replace(/\{(\w+)\}/g, (whole, k: string) => vars[k] ?? whole);
  if (notice.type === 'report.deadline_reminder') return { subject: fill(t.reminderSubject), text: fill(t.reminderText) };
  return { subject: fill(notice.target === 'onduty' ? t.ondutySubject : t.subject), text: fill(t.text) };
}
