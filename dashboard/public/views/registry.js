import { ApiError, get, put } from '../api.js';
import { field, h, proper, replace } from '../dom.js';
import { errorMessage, label, t, tn } from '../i18n.js';

/** A rule's description: from its key, or an administrator's note shown as typed. */
function description(d) {
  if (!d) return '';
  return d.note ? h('span', { 'data-user-text': true, title: t('registry.note') }, d.text) : d.text;
}

/** Whom a rule adds and why, in the reader's language. */
function targets(d) {
  const items = d.targets.map((x) => h('li', {}, h('strong', {}, x.to), ' — ', x.reason,
    x.otherwise ? h('div', { class: 'meta' }, t('registry.otherwise', { authority: x.otherwise.to, reason: x.otherwise.reason })) : null));
  return [items.length ? h('ul', { class: 'targets' }, items) : null, d.urgencyReason ? h('p', { class: 'meta' }, `${t('registry.urgencyReason')}: ${d.urgencyReason}`) : null];
}

/**
 * The authority registry and routing rules, in the reader's language (the
 * server renders names, descriptions and reasons). Administrators edit an
 * entry as JSON (validated by the server with the routing schemas; a
 * concurrent edit is refused with a version conflict). Ids and JSON are
 * technical, the same in every language, and marked translate="no".
 */
export async function renderRegistry(target, user) {
  const [authorities, rules] = await Promise.all([get('/api/dashboard/authorities'), get('/api/dashboard/routing-rules')]);
  const error = h('div', { class: 'error', role: 'alert', id: 'registry-error' });
  const editor = (kind, entry) => {
    const { version, source, display, ...def } = entry;
    void source; // provenance is shown by the server, not edited
    void display; // rendered for reading, never saved
    const text = h('textarea', { rows: 14, cols: 80, name: 'json', translate: 'no', spellcheck: 'false' }, JSON.stringify(def, null, 2));
    // How a reason is written in an edit: a key of content/locales, or the sentence in both languages (docs/ARCHITECTURE.md).
    const hint = kind === 'rule'
      ? h('p', { class: 'meta' }, ...tn('registry.reasonHint', { keyForm: proper('{"key": "routing.reason.…"}', 'code'), textForm: proper('{"sr-Latn": "…", "en": "…"}', 'code') }))
      : null;
    const form = h('form', { class: 'stack' }, hint, field(tn('registry.json', { format: proper('JSON') }), text), h('button', { type: 'submit' }, t('registry.save')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      replace(error);
      let body;
      try {
        body = JSON.parse(text.value);
      } catch {
        replace(error, t('registry.badJson'));
        return;
      }
      try {
        await put(`/api/dashboard/${kind === 'authority' ? 'authorities' : 'routing-rules'}/${entry.id}`, { expectedVersion: version, [kind]: body });
        await renderRegistry(target, user);
      } catch (err) {
        // Which JSON field is wrong is technical (field names are the same in every language): shown apart, marked as such.
        const detail = err instanceof ApiError && err.code === 'ValidationError' && err.detail
          ? h('details', {}, h('summary', {}, t('error.detail')), h('code', { translate: 'no', lang: 'en' }, err.detail))
          : null;
        replace(error, h('p', {}, errorMessage(err)), detail);
      }
    });
    return h('details', {}, h('summary', {}, t('registry.edit')), form);
  };
  const code = (id) => h('code', { translate: 'no' }, id);
  replace(target, h('h1', {}, t('registry.title')), error,
    h('h2', {}, t('registry.authorities')),
    h('table', { id: 'authority-table' }, h('thead', {}, h('tr', {}, ['registry.name', 'registry.area', 'registry.actsOn', 'registry.contact', 'registry.id', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, authorities.items.map((a) => h('tr', {}, h('td', {}, a.display.name), h('td', {}, a.display.area), h('td', {}, a.display.actsOn),
        h('td', {}, a.contact.configured ? t('registry.configured') : t('registry.notConfigured')),
        h('td', {}, code(a.id)),
        h('td', {}, user.role === 'admin' ? editor('authority', a) : null))))),
    h('h2', {}, t('registry.rules')),
    h('table', { id: 'rule-table' }, h('thead', {}, h('tr', {}, ['registry.order', 'registry.description', 'registry.targets', 'filter.urgency', 'registry.id', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, rules.items.map((r) => h('tr', {}, h('td', {}, String(r.order)), h('td', {}, description(r.display.description)), h('td', {}, targets(r.display)),
        h('td', {}, r.urgency ? label('urgency', r.urgency) : ''),
        h('td', {}, code(r.id)),
        h('td', {}, user.role === 'admin' ? editor('rule', r) : null))))));
}
