/* global window */
import { get, qs } from '../api.js';
import { field, h, replace, select, when } from '../dom.js';
import { label, locale, t } from '../i18n.js';
import { ANSWERS, answerLabel, CRISIS_FLAGS, FLAGS } from './report.js';

const STATUSES = ['new', 'in_review', 'forwarded', 'closed'];
const CATEGORIES = ['grooming', 'sextortion', 'nudes', 'cyberbullying', 'csam', 'privacy', 'other'];
const URGENCIES = ['immediate', 'high', 'normal'];

/** What needs attention in a row: a crisis recognised during the report; an authority that was not notified. */
function marks(r) {
  const crisis = CRISIS_FLAGS.filter((f) => (r.flags || []).includes(f)).map((f) => h('span', { class: 'badge crisis', 'data-flag': f }, `⚠ ${t(`crisis.${f}.short`)}`));
  const notice = r.noticeFailed
    ? h('span', { class: 'badge notice-failed', 'data-notice': 'failed' }, `✉ ${t('queue.noticeFailed', { to: (r.noticeFailedTo || []).join(', '), error: r.noticeError || '—' })}`)
    : null;
  return [...crisis, notice];
}

/** The queue: urgency first, then the longest waiting; filters; keyset pages. */
export async function renderQueue(target, user, params) {
  const filters = Object.fromEntries(['status', 'category', 'urgency', 'flag', 'answer', 'noticeFailed', 'authority', 'from', 'to', 'caseCode', 'cursor'].map((k) => [k, params.get(k) || '']));
  const data = await get(`/api/dashboard/reports${qs(filters)}`);
  const opts = (group, values) => [['', t('filter.any')], ...values.map((v) => [v, label(group, v)])];
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter.label') },
    field(t('filter.caseCode'), h('input', { name: 'caseCode', value: filters.caseCode, id: 'filter-case', autocomplete: 'off', size: 16 })),
    field(t('filter.status'), select('status', opts('status', STATUSES), filters.status)),
    field(t('filter.category'), select('category', opts('category', CATEGORIES), filters.category)),
    field(t('filter.urgency'), select('urgency', opts('urgency', URGENCIES), filters.urgency)),
    field(t('filter.flag'), select('flag', opts('flag', FLAGS), filters.flag, { id: 'filter-flag' })),
    field(t('filter.answer'), select('answer', [['', t('filter.any')], ...ANSWERS.flatMap(([f, values]) => values.map((v) => [`${f}:${v}`, answerLabel(`${f}:${v}`)]))], filters.answer, { id: 'filter-answer' })),
    user.role === 'authority' ? null : field(t('filter.noticeFailed'), select('noticeFailed', [['', t('filter.any')], ['true', t('filter.noticeFailedOnly')]], filters.noticeFailed, { id: 'filter-notice' })),
    user.role === 'authority' ? null : field(t('filter.authority'), h('input', { name: 'authority', value: filters.authority, size: 14 })),
    field(t('filter.from'), h('input', { type: 'date', name: 'from', value: filters.from })),
    field(t('filter.to'), h('input', { type: 'date', name: 'to', value: filters.to })),
    h('button', { type: 'submit' }, t('filter.apply')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries([...new window.FormData(form).entries()].filter(([, v]) => v !== ''));
    window.location.hash = `#/queue${qs(values)}`;
  });

  const rows = data.items.map((r) =>
    h('tr', { class: `urgency-${r.urgency}` },
      h('td', {}, h('span', { class: `badge ${r.urgency}` }, r.urgency === 'immediate' ? `⚠ ${label('urgency', r.urgency)}` : label('urgency', r.urgency))),
      h('td', {}, h('a', { href: `#/reports/${r.id}`, class: 'case-link' }, r.caseCode)),
      h('td', { class: 'marks' }, marks(r)),
      h('td', {}, label('category', r.category)),
      h('td', {}, label('status', r.status)),
      h('td', {}, when(r.createdAt, locale())),
      h('td', {}, (r.authorities || []).join(', '))));
  const table = rows.length
    ? h('table', { id: 'queue-table' },
      h('caption', { class: 'visually-hidden' }, t('queue.caption')),
      h('thead', {}, h('tr', {}, ['queue.urgency', 'queue.caseCode', 'queue.marks', 'queue.category', 'queue.status', 'queue.received', 'queue.authorities'].map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))
    : h('p', {}, t('queue.empty'));
  const next = data.nextCursor ? h('a', { href: `#/queue${qs({ ...filters, cursor: data.nextCursor })}`, id: 'queue-next' }, t('queue.next')) : null;
  const first = filters.cursor ? h('a', { href: `#/queue${qs({ ...filters, cursor: '' })}` }, t('queue.first')) : null;
  // On a phone the filters would push the queue below the fold: they fold away unless a filter is set (or the screen is wide).
  const active = Object.entries(filters).filter(([k, v]) => k !== 'cursor' && v !== '').length;
  const wide = window.matchMedia('(min-width: 48rem)').matches;
  const filterBox = h('details', { class: 'filter-box', id: 'filter-box', open: wide || active > 0 },
    h('summary', {}, active ? t('filter.summaryActive', { count: active }) : t('filter.summary')), form);
  replace(target, h('h1', {}, t('queue.title')), filterBox, table, h('p', {}, first, ' ', next));
}
