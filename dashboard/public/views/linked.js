import { h, proper, when } from '../dom.js';
import { label, t } from '../i18n.js';

/**
 * Other reports naming an account this report names (a profile, a link, a
 * number in its evidence — matched by keyed hash, never shown): a link to
 * each the reader may open, and how many more there are that she may not.
 * Nothing when the account appears nowhere else.
 */
export function linkedBox(linked, lang) {
  if (!linked || !linked.count) return null;
  return h('section', { class: 'linked-box', id: 'linked-reports', 'aria-labelledby': 'h-linked' },
    h('h2', { id: 'h-linked' }, t('report.linked')),
    h('p', { id: 'linked-summary', 'data-count': String(linked.count) }, t('report.linkedSummary', { count: linked.count, accounts: linked.accounts })),
    linked.reports.length
      ? h('ul', { id: 'linked-list' }, linked.reports.map((r) => h('li', { 'data-report': r.id },
        h('a', { href: `#/reports/${r.id}`, class: 'case-link' }, proper(r.caseCode)),
        ` · ${label('urgency', r.urgency)} · ${label('status', r.status)} · `, h('span', { class: 'when' }, when(r.createdAt, lang)))))
      : null,
    linked.hidden ? h('p', { id: 'linked-hidden', 'data-count': String(linked.hidden) }, t('report.linkedHidden', { count: linked.hidden })) : null,
    h('p', { class: 'meta' }, t('report.linkedHint')));
}
