/* global document */
import { ApiError, get, put } from '../api.js';
import { h, proper, replace, userText, when } from '../dom.js';
import { errorMessage, label, locale, t, tn } from '../i18n.js';
import { announce } from '../status.js';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A stored "24:00" (the end of a day) is "00:00" in a time field: a shift ending at or before it starts runs past midnight. */
const asField = (hhmm) => (hhmm === '24:00' ? '00:00' : hhmm);

/** What the rota means now, in words: on duty (and how soon an alert is seen), or when the next shift begins. */
function statusText(status, channelWorks) {
  if (status.kind === 'onDuty') {
    if (!channelWorks) return t('onduty.now.onDutyNoChannel');
    return status.withinMinutes ? t('onduty.now.onDutyWithin', { minutes: status.withinMinutes }) : t('onduty.now.onDuty');
  }
  if (status.kind === 'offDuty') {
    const { daysAhead, day, time } = status.next;
    const whenText = daysAhead === 0 ? t('onduty.today') : daysAhead === 1 ? t('onduty.tomorrow') : t(`onduty.on.${day}`);
    return t('onduty.now.offDuty', { when: whenText, time });
  }
  return t('onduty.now.unknown');
}

/** One shift's two time fields and its "remove" button; `ids` make the fields addressable (tests, labels). */
function shiftRow(shift, id, onRemove) {
  const from = h('input', { type: 'time', name: 'from', value: asField(shift.from), required: true, id: `${id}-from` });
  const to = h('input', { type: 'time', name: 'to', value: asField(shift.to), required: true, id: `${id}-to` });
  const row = h('div', { class: 'rota-shift', 'data-shift': id },
    h('label', { for: from.id }, t('onduty.from'), from),
    h('label', { for: to.id }, t('onduty.to'), to),
    h('button', { type: 'button', class: 'secondary', onclick: () => onRemove(row) }, t('onduty.removeShift')));
  return row;
}

/** The shifts of a row (weekday or holiday) as the API takes them. */
function shiftsOf(container) {
  return [...container.querySelectorAll('.rota-shift')].map((row) => ({
    from: row.querySelector('input[name="from"]').value,
    to: row.querySelector('input[name="to"]').value,
  }));
}

/** A list of shifts with "add a shift": a weekday's or a holiday's. */
function shiftList(shifts, idPrefix) {
  const list = h('div', { class: 'rota-shifts' });
  let n = 0;
  const add = (s) => list.append(shiftRow(s, `${idPrefix}-${n++}`, (row) => row.remove()));
  for (const s of shifts) add(s);
  const more = h('button', { type: 'button', class: 'secondary', 'data-add': idPrefix, onclick: () => add({ from: '08:00', to: '16:00' }) }, t('onduty.addShift'));
  return { list, more };
}

/**
 * The contact centre's on-duty rota (administrators): what it means now,
 * shifts per weekday and holidays on the Belgrade clock, the on-duty
 * channel and the promised response time. Saved with the version it was
 * read at; the server checks the channel can deliver.
 */
export async function renderOnDuty(target) {
  const data = await get('/api/dashboard/onduty');
  const error = h('div', { class: 'error', role: 'alert', id: 'onduty-error' });
  const rota = data.rota;

  const days = WEEKDAYS.map((d) => {
    const { list, more } = shiftList(rota.week[d] || [], `shift-${d}`);
    return { d, list, node: h('div', { class: 'rota-day', 'data-day': d }, h('span', { class: 'rota-day-name', id: `day-${d}` }, label('weekday', d)), list, more) };
  });

  const holidaysBox = h('div', { id: 'rota-holidays' });
  let hn = 0;
  const addHoliday = (hd) => {
    const i = hn++;
    const date = h('input', { type: 'date', name: 'date', value: hd.date || '', required: true, id: `holiday-${i}-date` });
    const name = h('input', { name: 'label', value: hd.label || '', maxlength: 60, id: `holiday-${i}-label` });
    const { list, more } = shiftList(hd.shifts || [], `holiday-${i}-shift`);
    const row = h('div', { class: 'rota-holiday', 'data-holiday': String(i) },
      h('label', { for: date.id }, t('onduty.holidayDate'), date),
      h('label', { for: name.id }, t('onduty.holidayLabel'), name),
      h('div', {}, h('p', { class: 'meta' }, t('onduty.holidayShifts')), list, more),
      h('button', { type: 'button', class: 'secondary', onclick: () => row.remove() }, t('onduty.removeHoliday')));
    holidaysBox.append(row);
  };
  for (const hd of rota.holidays || []) addHoliday(hd);

  const webhook = h('input', { type: 'url', name: 'webhook', id: 'onduty-webhook', value: rota.channel.webhook || '', disabled: !data.channels.webhook, translate: 'no', autocomplete: 'off' });
  const email = h('input', { type: 'email', name: 'email', id: 'onduty-email', value: rota.channel.email || '', disabled: !data.channels.email, autocomplete: 'off' });
  const minutes = h('input', { type: 'number', name: 'responseMinutes', id: 'onduty-minutes', min: 1, max: 240, value: rota.responseMinutes ?? '' });

  const save = h('button', { type: 'submit', id: 'onduty-save' }, t('onduty.save'));
  const form = h('form', { id: 'onduty-form' },
    h('fieldset', {}, h('legend', {}, t('onduty.week')), h('p', { class: 'meta' }, t('onduty.weekHint')), h('div', { class: 'rota-days' }, days.map((x) => x.node))),
    h('fieldset', {}, h('legend', {}, t('onduty.holidays')), h('p', { class: 'meta' }, t('onduty.holidaysHint')), holidaysBox,
      h('button', { type: 'button', class: 'secondary', id: 'add-holiday', onclick: () => addHoliday({ shifts: [] }) }, t('onduty.addHoliday'))),
    h('fieldset', { class: 'rota-channel' }, h('legend', {}, t('onduty.channel')), h('p', { class: 'meta' }, t('onduty.channelHint')),
      h('label', { for: webhook.id }, t('onduty.webhook'), webhook, data.channels.webhook ? null : h('span', { class: 'meta' }, ...tn('onduty.webhookOff', { variable: proper('NOTIFY_WEBHOOK_SECRET', 'code') }))),
      h('label', { for: email.id }, t('onduty.email'), email, data.channels.email ? null : h('span', { class: 'meta' }, ...tn('onduty.emailOff', { variable: proper('SMTP_HOST', 'code') }))),
      h('label', { for: minutes.id }, t('onduty.responseMinutes'), minutes, h('span', { class: 'meta' }, t('onduty.responseHint')))),
    error, save);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(error);
    const body = {
      expectedVersion: data.version,
      rota: {
        week: Object.fromEntries(days.map((x) => [x.d, shiftsOf(x.list)])),
        holidays: [...holidaysBox.querySelectorAll('.rota-holiday')].map((row) => ({
          date: row.querySelector('input[name="date"]').value,
          label: row.querySelector('input[name="label"]').value,
          shifts: shiftsOf(row),
        })),
        channel: { webhook: webhook.value.trim(), email: email.value.trim() },
        ...(minutes.value ? { responseMinutes: Number(minutes.value) } : {}),
      },
    };
    try {
      await put('/api/dashboard/onduty', body);
      announce(t('onduty.saved'));
      await renderOnDuty(target);
      replace(document.getElementById('onduty-saved'), t('onduty.saved'));
    } catch (err) {
      // Which field is wrong is technical (the same in every language): shown apart, marked as such.
      const detail = err instanceof ApiError && err.detail && ['ValidationError', 'WebhookNotUsable', 'EmailNotUsable'].includes(err.code)
        ? h('details', {}, h('summary', {}, t('error.detail')), h('code', { translate: 'no', lang: 'en' }, err.detail))
        : null;
      replace(error, h('p', {}, errorMessage(err)), detail);
      error.scrollIntoView({ block: 'center' });
    }
  });

  const source = data.source === 'environment'
    ? h('p', { class: 'meta', id: 'onduty-source' }, ...tn('onduty.fromEnvironment', { variable: proper('NOTIFY_ONDUTY_HOURS', 'code') }))
    : h('p', { class: 'meta', id: 'onduty-source' }, ...tn('onduty.savedBy', { at: when(data.updatedAt, locale()), name: userText(data.updatedByName || '—') }));
  replace(target,
    h('h1', {}, t('onduty.title')),
    h('div', { class: 'rota-status', id: 'onduty-now', role: 'status' }, h('p', {}, h('strong', {}, t('onduty.nowTitle')), ' ', statusText(data.status, data.channelWorks))),
    h('p', { id: 'onduty-saved', class: 'meta', 'aria-live': 'polite' }),
    source,
    h('p', {}, t('onduty.intro')),
    form);
}
