/* global window */
import { get, getWithEtag, poll, post } from '../api.js';
import { field, h, proper, replace, select, userText, when } from '../dom.js';
import { errorMessage, label, locale, t, tn } from '../i18n.js';
import { startPolling } from '../poller.js';
import { announce } from '../status.js';
import { dueBox } from './deadline.js';

const NEXT = { new: ['in_review', 'closed'], in_review: ['forwarded', 'closed'], forwarded: ['closed', 'in_review'], closed: ['in_review'] };

function section(titleKey, ...children) {
  return h('section', { 'aria-labelledby': `h-${titleKey}` }, h('h2', { id: `h-${titleKey}` }, t(titleKey)), ...children);
}

/** Replaces a <select>'s options, keeping the chosen value when it is still offered. */
function setOptions(sel, options) {
  const keep = sel.value;
  replace(sel, options.map(([v, l]) => h('option', { value: v }, l)));
  if (options.some(([v]) => v === keep)) sel.value = keep;
}

/** One routed authority: its name, and why, in the reader's language (an old English text marked as such). */
function routedItem(a) {
  const reason = a.original
    ? h('span', { lang: 'en', 'data-original': 'en' }, a.reason, ' ', h('span', { class: 'meta', lang: locale() }, `(${t('report.original')})`))
    : a.reason;
  return h('li', {}, h('strong', {}, a.name), ' — ', reason);
}

/** Crisis flags first: what the chat recognised during the report (self-harm risk, someone in danger). */
export const CRISIS_FLAGS = ['selfHarmRisk', 'dangerDisclosed'];

/** Every situation flag a report may carry (services: SITUATION_FLAGS). */
export const FLAGS = ['selfHarmRisk', 'dangerDisclosed', 'immediateDanger', 'meetingPlanned', 'deadlineRunning', 'threatsOfViolence', 'victimIsPupil', 'personalDataMisuse', 'identityTheft'];

/** The "when?" asked after a "yes" (services: WHEN_QUESTIONS), and its answers. */
const WHEN_AFTER = { meetingPlanned: 'meetingWhen', deadlineRunning: 'deadlineWhen' };
const WHEN = ['today', 'tomorrow', 'fewDays', 'unknown'];

/** What the reporter may answer, in asking order, and the values of each (services: reportAnswerSet.ts). */
export const ANSWERS = [
  ['victim', ['self', 'friend', 'pupil', 'child', 'stranger']],
  ...['ongoing', 'meetingPlanned', 'deadlineRunning', 'paidOrSent', 'shared', 'identifiable', 'threatsOfViolence', 'fromSchool', 'identityTheft', 'personalDataMisuse']
    .flatMap((q) => [[q, ['yes', 'no', 'unknown']], ...(WHEN_AFTER[q] ? [[WHEN_AFTER[q], WHEN]] : [])]),
];

/** An answer in words: "Is something already paid or sent: yes". */
export function answerLabel(mark) {
  const [field, value] = String(mark).split(':');
  return `${t(`question.${field}`)}: ${label(field === 'victim' ? 'victim' : 'answer', value)}`;
}

/** Everything the reporter answered from fixed choices, in asking order; "I don't know" is an answer too. */
function answersOf(answers) {
  // "Still going on" is among the facts above (with "doesn't know" when that was the answer).
  const given = ANSWERS.filter(([field]) => field !== 'ongoing' && answers[field] !== undefined);
  return given.length
    ? h('dl', { class: 'facts', id: 'answers' }, given.flatMap(([field]) => [
      h('dt', {}, t(`question.${field}`)),
      h('dd', { 'data-answer': `${field}:${answers[field]}` }, label(field === 'victim' ? 'victim' : 'answer', answers[field])),
    ]))
    : h('p', {}, t('report.noAnswers'));
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

/**
 * One report: facts, narrative, evidence on request, routing, workflow,
 * notes, thread. The forms are built once; everything the server may change
 * meanwhile (status, thread, notices, history) is filled by `show`, which
 * runs on load, after each action and whenever the poller brings a newer
 * copy — so a half-written message or note survives a refresh.
 */
export async function renderReport(target, id) {
  const url = `/api/dashboard/reports/${id}`;
  // What the view reads: a distressing report's text (care for reviewers) only once the reviewer asks for it.
  let viewUrl = url;
  const first = await getWithEtag(viewUrl);
  let r = first.data;
  let etag = first.etag;
  const lang = locale();
  const errorBox = h('p', { class: 'error', role: 'alert' });
  const showError = (err) => replace(errorBox, errorMessage(err));

  const reload = async () => {
    const next = await getWithEtag(viewUrl);
    etag = next.etag;
    show(next.data);
  };
  const act = (fn, clear) => async (ev) => {
    ev.preventDefault();
    replace(errorBox);
    try {
      await fn();
      clear?.();
      await reload();
    } catch (err) {
      showError(err);
    }
  };

  const title = h('h1', {});
  // Alerts that can appear or go while the report is open (a crisis flagged by a reply, a notice that failed).
  const alerts = h('div', { id: 'report-alerts' });
  const answersBox = h('div', {});
  const facts = h('dl', { class: 'facts', id: 'report-facts' });
  const narrative = userText('', 'div', { class: 'narrative', id: 'narrative' });
  // A distressing report's narrative is tucked away until the reviewer chooses to read it; nothing of it is fetched before.
  const setText = (shown) => async () => {
    replace(errorBox);
    try {
      viewUrl = shown ? `${url}?show=text` : url;
      await reload();
      (shown ? narrative : careBox.querySelector('button'))?.focus();
    } catch (err) {
      showError(err);
    }
  };
  const careBox = h('div', { id: 'care-box' });
  const routingList = h('ul', { id: 'routing-list' });
  const forwardsBox = h('div', {});
  const notificationsBox = h('div', {});
  const historyList = h('ol', { id: 'status-history' });
  const notesList = h('ul', { id: 'notes' });
  const threadList = h('ul', { class: 'thread', id: 'thread' });
  const acksList = h('ul', {});

  const evidenceBox = h('div', { id: 'evidence' });
  const showEvidence = async () => {
    replace(errorBox);
    try {
      const ev = await get(`${url}/evidence`);
      const items = [...ev.urls, ...ev.handles];
      replace(evidenceBox, items.length ? h('ul', {}, items.map((x) => h('li', {}, userText(x, 'code')))) : h('p', {}, t('report.noEvidence')));
    } catch (err) {
      showError(err);
    }
  };
  const evidence = r.allowed.evidence
    ? section('report.evidence', h('p', { class: 'meta' }, t('report.evidenceHint')), evidenceBox, h('button', { type: 'button', class: 'secondary', id: 'show-evidence', onclick: showEvidence }, t('report.showEvidence')))
    : null;

  let workflow = null;
  let syncWorkflow = () => undefined;
  if (r.allowed.status) {
    const to = select('to', [], '', { id: 'status-to' });
    const reason = h('textarea', { name: 'reason', id: 'status-reason', required: true, maxlength: 1000 });
    const fwdAuthority = select('authorityId', [], '', { id: 'forward-authority' });
    const fwdChannel = select('channel', ['phone', 'email', 'webhook', 'post', 'dashboard'].map((c) => [c, label('channel', c)]), 'email', { id: 'forward-channel' });
    const resolution = select('resolution', ['acted', 'advice_given', 'unverified', 'duplicate', 'no_action'].map((v) => [v, label('resolution', v)]), 'acted', { id: 'status-resolution' });
    const closing = h('div', {}, field(t('report.resolution'), resolution));
    const fwd = h('fieldset', { id: 'forward-fields' }, h('legend', {}, t('report.forwardTo')), field(t('report.authority'), fwdAuthority), field(t('report.channel'), fwdChannel));
    const sync = () => {
      fwd.hidden = to.value !== 'forwarded';
      closing.hidden = to.value !== 'closed';
    };
    to.addEventListener('change', sync);
    syncWorkflow = () => {
      setOptions(to, NEXT[r.status].map((s) => [s, label('status', s)]));
      setOptions(fwdAuthority, r.routing.map((a) => [a.id, a.name]));
      sync();
    };
    const form = h('form', { class: 'stack', id: 'status-form' }, field(t('report.newStatus'), to), fwd, closing, field(t('report.reason'), reason), h('button', { type: 'submit', id: 'status-submit' }, t('report.changeStatus')));
    form.addEventListener('submit', act(() => post(`${url}/status`, {
      to: to.value,
      reason: reason.value,
      ...(to.value === 'forwarded' ? { forward: { authorityId: fwdAuthority.value, channel: fwdChannel.value } } : {}),
      ...(to.value === 'closed' ? { resolution: resolution.value } : {}),
      expectedStatus: r.status,
    }), () => {
      reason.value = '';
    }));
    workflow = section('report.workflow', form);
  }

  let notes = null;
  if (r.allowed.notes) {
    const text = h('textarea', { name: 'text', id: 'note-text', required: true, maxlength: 4000 });
    const form = h('form', { class: 'stack' }, field(t('report.addNote'), text), h('button', { type: 'submit' }, t('report.saveNote')));
    form.addEventListener('submit', act(() => post(`${url}/notes`, { text: text.value }), () => {
      text.value = '';
    }));
    notes = section('report.notes', notesList, form);
  }

  let thread = null;
  if (r.allowed.messages) {
    const text = h('textarea', { name: 'text', id: 'message-text', required: true, maxlength: 2000 });
    const form = h('form', { class: 'stack', id: 'message-form' }, field(t('report.messageToReporter'), text), h('button', { type: 'submit', id: 'message-submit' }, t('report.send')));
    form.addEventListener('submit', act(() => post(`${url}/messages`, { text: text.value }), () => {
      text.value = '';
    }));
    thread = section('report.thread', h('p', { class: 'meta' }, t('report.threadHint')), threadList, form);
  }

  let acknowledge = null;
  if (r.allowed.acknowledge) {
    const state = select('state', [['received', label('ack', 'received')], ['acted', label('ack', 'acted')]], 'received', { id: 'ack-state' });
    const form = h('form', { class: 'stack' }, field(t('report.ackState'), state), h('button', { type: 'submit' }, t('report.acknowledge')));
    form.addEventListener('submit', act(() => post(`${url}/acknowledge`, { state: state.value })));
    acknowledge = section('report.acknowledgements', acksList, form);
  }

  const seenMessages = new Set(r.messages.map((m) => m.id));

  /** Fills everything that can change with the copy `next`. */
  function show(next) {
    r = next;
    replace(title, ...tn('report.title', { caseCode: proper(r.caseCode, 'span', { class: 'case-code' }) }));
    replace(facts,
      h('dt', {}, t('report.urgency')), h('dd', {}, h('span', { class: `badge ${r.urgency}` }, label('urgency', r.urgency))),
      h('dt', {}, t('report.status')), h('dd', { id: 'report-status' }, label('status', r.status)),
      h('dt', {}, t('report.category')), h('dd', { id: 'report-category' }, label('category', r.category)),
      h('dt', {}, t('report.victimAge')), h('dd', {}, label('age', r.victimAge)),
      h('dt', {}, t('report.reporterRole')), h('dd', {}, label('reporter', r.reporterRole)),
      h('dt', {}, t('report.platforms')), h('dd', { id: 'report-platforms' }, r.platformNames.length ? r.platformNames.flatMap((n, i) => [i ? ', ' : '', proper(n)]) : '—'),
      h('dt', {}, t('report.municipality')), h('dd', { id: 'report-municipality' }, r.municipalityName || '—'),
      h('dt', {}, t('report.ongoing')), h('dd', { id: 'report-ongoing' }, r.answers?.ongoing ? label('answer', r.answers.ongoing) : r.ongoing ? t('yes') : t('no')),
      h('dt', {}, t('report.received')), h('dd', {}, when(r.createdAt, lang)));
    replace(alerts, crisisAlert(r.flags || []), dueBox(r.due, lang), noticeAlert(r.noticeFailures, lang));
    replace(answersBox, answersOf(r.answers || {}));
    narrative.hidden = r.textHidden;
    narrative.tabIndex = -1;
    replace(narrative, r.textHidden ? '' : r.narrative ?? t('report.erased'));
    replace(careBox, r.textHidden
      ? h('div', { class: 'care-collapsed', id: 'care-collapsed' },
        h('p', {}, h('strong', {}, t('care.hiddenTitle'))),
        h('p', {}, t('care.hidden', { category: label('category', r.category) })),
        h('button', { type: 'button', id: 'show-text', onclick: setText(true) }, t('care.show')))
      : r.distressing ? h('button', { type: 'button', class: 'secondary', id: 'hide-text', onclick: setText(false) }, t('care.hide')) : null);
    replace(routingList, r.routing.map(routedItem));
    replace(forwardsBox, r.forwards.length
      ? h('ul', { id: 'forward-list' }, r.forwards.map((f) => h('li', {}, ...tn('report.forwardRecord', { authority: f.authorityName || f.authorityId, channel: label('channel', f.channel), at: when(f.at, lang), by: userText(f.byName || f.by) }))))
      : h('p', {}, t('report.noForwards')));
    replace(notificationsBox, r.notifications.length
      ? h('ul', { id: 'notification-list' }, r.notifications.map((n) => h('li', {}, `${n.purpose === 'reminder' ? `${t('report.reminder')} · ` : ''}${n.authorityName || t('report.onDuty')} · ${label('channel', n.channel)} · ${label('delivery', n.state)}${n.attempts ? ` (${n.attempts})` : ''}${n.state === 'failed' && n.lastError ? ` · ${n.lastError}` : ''}`)))
      : h('p', {}, t('report.noNotifications')));
    replace(historyList, r.statusHistory.map((s) => h('li', {}, `${when(s.at, lang)}: ${label('status', s.from || 'none')} → ${label('status', s.to)}`, s.by ? [' (', userText(s.by), ')'] : '', s.reason ? [' — ', userText(s.reason)] : '')));
    replace(notesList, (r.notes || []).map((n) => h('li', {}, h('span', { class: 'meta' }, `${when(n.at, lang)} · `, userText(n.authorName || n.authorId), ': '), userText(n.text))));
    const arrived = r.messages.filter((m) => !seenMessages.has(m.id));
    replace(threadList, r.messages.map((m) => h('li', { class: `from-${m.from}${arrived.includes(m) ? ' new' : ''}` },
      h('span', { class: 'meta' }, `${t(`from.${m.from}`)} · ${when(m.at, lang)}`), h('br'),
      r.textHidden && m.from === 'reporter' ? h('span', { class: 'meta care-hidden' }, t('care.messageHidden')) : userText(m.text),
      m.from === 'staff' ? h('span', { class: 'meta' }, ` · ${m.readByReporter ? t('report.read') : t('report.unread')}`) : null)));
    for (const m of arrived) seenMessages.add(m.id);
    if (arrived.some((m) => m.from === 'reporter')) announce(t('report.newMessages'));
    replace(acksList, (r.acknowledgements || []).map((a) => h('li', {}, `${a.authorityName || a.authorityId}: ${label('ack', a.state)} · ${when(a.at, lang)}`)));
    syncWorkflow();
  }

  show(r);
  replace(target,
    h('p', {}, h('a', { href: '#/queue' }, t('report.back'))),
    title, alerts, errorBox, facts,
    section('report.answers', answersBox),
    section('report.narrative', careBox, narrative),
    evidence, section('report.routing', routingList), workflow,
    section('report.forwards', forwardsBox), section('report.notifications', notificationsBox),
    section('report.history', historyList), notes, thread, acknowledge);

  // While this report is on screen, new messages, status changes and notices appear without a reload.
  const root = title;
  startPolling(async () => {
    const next = await poll(viewUrl, etag);
    if (!next) return;
    etag = next.etag;
    show(next.data);
  }, () => root.isConnected && window.location.hash === `#/reports/${id}`);
}
