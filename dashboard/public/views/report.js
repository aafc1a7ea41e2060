import { ApiError, get, post } from '../api.js';
import { field, h, replace, select, when } from '../dom.js';
import { label, locale, t } from '../i18n.js';

const NEXT = { new: ['in_review', 'closed'], in_review: ['forwarded', 'closed'], forwarded: ['closed', 'in_review'], closed: ['in_review'] };

function section(titleKey, ...children) {
  return h('section', { 'aria-labelledby': `h-${titleKey}` }, h('h2', { id: `h-${titleKey}` }, t(titleKey)), ...children);
}

/** Crisis flags first: what the chat recognised during the report (self-harm risk, someone in danger). */
export const CRISIS_FLAGS = ['selfHarmRisk', 'dangerDisclosed'];

/** Every situation flag a report may carry (services: SITUATION_FLAGS). */
export const FLAGS = ['selfHarmRisk', 'dangerDisclosed', 'immediateDanger', 'meetingPlanned', 'deadlineRunning', 'threatsOfViolence', 'victimIsPupil', 'personalDataMisuse', 'identityTheft'];

/** What the reporter may answer, in asking order, and the values of each (services: reportAnswerSet.ts). */
export const ANSWERS = [
  ['victim', ['self', 'friend', 'pupil', 'child', 'stranger']],
  ...['ongoing', 'meetingPlanned', 'deadlineRunning', 'paidOrSent', 'shared', 'identifiable', 'threatsOfViolence', 'fromSchool', 'identityTheft', 'personalDataMisuse'].map((q) => [q, ['yes', 'no', 'unknown']]),
];

/** An answer in words: "Is something already paid or sent: yes". */
export function answerLabel(mark) {
  const [field, value] = String(mark).split(':');
  return `${t(`question.${field}`)}: ${label(field === 'victim' ? 'victim' : 'answer', value)}`;
}

/** Everything the reporter answered from fixed choices, in asking order; "I don't know" is an answer too. */
function answersSection(answers) {
  // "Still going on" is among the facts above (with "doesn't know" when that was the answer).
  const given = ANSWERS.filter(([field]) => field !== 'ongoing' && answers[field] !== undefined);
  return section('report.answers', given.length
    ? h('dl', { class: 'facts', id: 'answers' }, given.flatMap(([field]) => [
      h('dt', {}, t(`question.${field}`)),
      h('dd', { 'data-answer': `${field}:${answers[field]}` }, label(field === 'victim' ? 'victim' : 'answer', answers[field])),
    ]))
    : h('p', {}, t('report.noAnswers')));
}

/** The crisis recognised during the report, at the top of the report, before anything else. */
function crisisAlert(flags) {
  const crisis = CRISIS_FLAGS.filter((f) => flags.includes(f));
  if (!crisis.length) return null;
  return h('div', { class: 'crisis-alert', id: 'crisis-alert', role: 'alert' },
    crisis.map((f) => h('p', { 'data-flag': f }, h('strong', {}, t(`crisis.${f}.title`)), ' ', t(`crisis.${f}.text`))));
}

/** Notices that finally failed and nobody has acted on yet: phone them, then record the forward. */
function noticeAlert(failures, lang) {
  const open = (failures || []).filter((f) => f.open);
  if (!open.length) return null;
  return h('div', { class: 'notice-alert', id: 'notice-alert', role: 'alert' },
    h('p', {}, h('strong', {}, t('report.noticeFailedTitle'))),
    h('ul', {}, open.map((f) => h('li', { 'data-authority': f.authorityId }, t('report.noticeFailedItem', {
      authority: f.authorityId === 'onduty' ? t('report.onduty') : f.authorityName || f.authorityId,
      channel: label('channel', f.channel),
      error: f.error,
      at: when(f.at, lang),
    })))),
    h('p', {}, t('report.noticeFailedHint')));
}

/** One report: facts, narrative, evidence on request, routing, workflow, notes, thread. */
export async function renderReport(target, id, user) {
  const r = await get(`/api/dashboard/reports/${id}`);
  const lang = locale();
  const rerender = () => renderReport(target, id, user);
  const errorBox = h('p', { class: 'error', role: 'alert' });
  const act = (fn) => async (ev) => {
    ev.preventDefault();
    replace(errorBox);
    try {
      await fn();
      await rerender();
    } catch (err) {
      replace(errorBox, err instanceof ApiError ? (t(`error.${err.code}`) === `error.${err.code}` ? err.message : t(`error.${err.code}`)) : t('error.generic'));
    }
  };

  const facts = h('dl', { class: 'facts' },
    h('dt', {}, t('report.urgency')), h('dd', {}, h('span', { class: `badge ${r.urgency}` }, label('urgency', r.urgency))),
    h('dt', {}, t('report.status')), h('dd', { id: 'report-status' }, label('status', r.status)),
    h('dt', {}, t('report.category')), h('dd', {}, label('category', r.category)),
    h('dt', {}, t('report.victimAge')), h('dd', {}, label('age', r.victimAge)),
    h('dt', {}, t('report.reporterRole')), h('dd', {}, label('reporter', r.reporterRole)),
    h('dt', {}, t('report.platforms')), h('dd', {}, (r.platforms || []).join(', ') || '—'),
    h('dt', {}, t('report.municipality')), h('dd', {}, r.municipality || '—'),
    h('dt', {}, t('report.ongoing')), h('dd', { id: 'report-ongoing' }, r.answers?.ongoing ? label('answer', r.answers.ongoing) : r.ongoing ? t('yes') : t('no')),
    h('dt', {}, t('report.received')), h('dd', {}, when(r.createdAt, lang)));

  const evidenceBox = h('div', { id: 'evidence' });
  const showEvidence = async () => {
    replace(errorBox);
    try {
      const ev = await get(`/api/dashboard/reports/${id}/evidence`);
      const items = [...ev.urls, ...ev.handles];
      replace(evidenceBox, items.length ? h('ul', {}, items.map((x) => h('li', {}, h('code', {}, x)))) : h('p', {}, t('report.noEvidence')));
    } catch (err) {
      replace(errorBox, err instanceof ApiError ? err.message : t('error.generic'));
    }
  };
  const evidence = r.allowed.evidence
    ? section('report.evidence', h('p', { class: 'meta' }, t('report.evidenceHint')), evidenceBox, h('button', { type: 'button', class: 'secondary', id: 'show-evidence', onclick: showEvidence }, t('report.showEvidence')))
    : null;

  const routing = section('report.routing', h('ul', {}, r.routing.map((a) => h('li', {}, h('strong', {}, a.name || a.id), ` — ${a.reason}`))));

  let workflow = null;
  if (r.allowed.status) {
    const to = select('to', NEXT[r.status].map((s) => [s, label('status', s)]), NEXT[r.status][0], { id: 'status-to' });
    const reason = h('textarea', { name: 'reason', id: 'status-reason', required: true, maxlength: 1000 });
    const fwdAuthority = select('authorityId', r.routing.map((a) => [a.id, a.name || a.id]), r.routing[0]?.id, { id: 'forward-authority' });
    const fwdChannel = select('channel', ['phone', 'email', 'webhook', 'post', 'dashboard'].map((c) => [c, label('channel', c)]), 'email', { id: 'forward-channel' });
    const resolution = select('resolution', ['acted', 'advice_given', 'unverified', 'duplicate', 'no_action'].map((v) => [v, label('resolution', v)]), 'acted', { id: 'status-resolution' });
    const closing = h('div', {}, field(t('report.resolution'), resolution));
    const fwd = h('fieldset', { id: 'forward-fields' }, h('legend', {}, t('report.forwardTo')), field(t('report.authority'), fwdAuthority), field(t('report.channel'), fwdChannel));
    const sync = () => {
      fwd.hidden = to.value !== 'forwarded';
      closing.hidden = to.value !== 'closed';
    };
    to.addEventListener('change', sync);
    sync();
    const form = h('form', { class: 'stack', id: 'status-form' }, field(t('report.newStatus'), to), fwd, closing, field(t('report.reason'), reason), h('button', { type: 'submit', id: 'status-submit' }, t('report.changeStatus')));
    form.addEventListener('submit', act(() => post(`/api/dashboard/reports/${id}/status`, {
      to: to.value,
      reason: reason.value,
      ...(to.value === 'forwarded' ? { forward: { authorityId: fwdAuthority.value, channel: fwdChannel.value } } : {}),
      ...(to.value === 'closed' ? { resolution: resolution.value } : {}),
      expectedStatus: r.status,
    })));
    workflow = section('report.workflow', form);
  }

  const history = section('report.history', h('ol', {}, r.statusHistory.map((s) => h('li', {}, `${when(s.at, lang)}: ${label('status', s.from || 'none')} → ${label('status', s.to)}`, s.by ? ` (${s.by})` : '', s.reason ? ` — ${s.reason}` : ''))));
  const forwards = section('report.forwards', r.forwards.length
    ? h('ul', { id: 'forward-list' }, r.forwards.map((f) => h('li', {}, t('report.forwardRecord', { authority: f.authorityName || f.authorityId, channel: label('channel', f.channel), at: when(f.at, lang), by: f.byName || f.by }))))
    : h('p', {}, t('report.noForwards')));
  const notifications = section('report.notifications', r.notifications.length
    ? h('ul', {}, r.notifications.map((n) => h('li', {}, `${n.authorityId} · ${label('channel', n.channel)} · ${label('delivery', n.state)}${n.attempts ? ` (${n.attempts})` : ''}${n.state === 'failed' && n.lastError ? ` · ${n.lastError}` : ''}`)))
    : h('p', {}, t('report.noNotifications')));

  let notes = null;
  if (r.allowed.notes) {
    const text = h('textarea', { name: 'text', id: 'note-text', required: true, maxlength: 4000 });
    const form = h('form', { class: 'stack' }, field(t('report.addNote'), text), h('button', { type: 'submit' }, t('report.saveNote')));
    form.addEventListener('submit', act(() => post(`/api/dashboard/reports/${id}/notes`, { text: text.value })));
    notes = section('report.notes', h('ul', {}, r.notes.map((n) => h('li', {}, h('span', { class: 'meta' }, `${when(n.at, lang)} · ${n.authorName || n.authorId}: `), n.text))), form);
  }

  let thread = null;
  if (r.allowed.messages) {
    const text = h('textarea', { name: 'text', id: 'message-text', required: true, maxlength: 2000 });
    const form = h('form', { class: 'stack', id: 'message-form' }, field(t('report.messageToReporter'), text), h('button', { type: 'submit', id: 'message-submit' }, t('report.send')));
    form.addEventListener('submit', act(() => post(`/api/dashboard/reports/${id}/messages`, { text: text.value })));
    thread = section('report.thread', h('p', { class: 'meta' }, t('report.threadHint')),
      h('ul', { class: 'thread', id: 'thread' }, r.messages.map((m) => h('li', { class: `from-${m.from}` }, h('span', { class: 'meta' }, `${t(`from.${m.from}`)} · ${when(m.at, lang)}`), h('br'), m.text, m.from === 'staff' ? h('span', { class: 'meta' }, ` · ${m.readByReporter ? t('report.read') : t('report.unread')}`) : null))),
      form);
  }

  let acknowledge = null;
  if (r.allowed.acknowledge) {
    const state = select('state', [['received', label('ack', 'received')], ['acted', label('ack', 'acted')]], 'received', { id: 'ack-state' });
    const form = h('form', { class: 'stack' }, field(t('report.ackState'), state), h('button', { type: 'submit' }, t('report.acknowledge')));
    form.addEventListener('submit', act(() => post(`/api/dashboard/reports/${id}/acknowledge`, { state: state.value })));
    acknowledge = section('report.acknowledgements', h('ul', {}, (r.acknowledgements || []).map((a) => h('li', {}, `${a.authorityId}: ${label('ack', a.state)} · ${when(a.at, lang)}`))), form);
  }

  replace(target,
    h('p', {}, h('a', { href: '#/queue' }, t('report.back'))),
    h('h1', {}, t('report.title', { caseCode: r.caseCode })),
    crisisAlert(r.flags || []),
    noticeAlert(r.noticeFailures, lang),
    errorBox, facts,
    answersSection(r.answers || {}),
    section('report.narrative', h('div', { class: 'narrative', id: 'narrative' }, r.narrative ?? t('report.erased'))),
    evidence, routing, workflow, forwards, notifications, history, notes, thread, acknowledge);
}
