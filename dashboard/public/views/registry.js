import { ApiError, get, put } from '../api.js';
import { field, h, replace } from '../dom.js';
import { locale, t } from '../i18n.js';

/**
 * The authority registry and routing rules. Administrators edit an entry as
 * JSON (validated by the server with the routing schemas; a concurrent edit
 * is refused with a version conflict).
 */
export async function renderRegistry(target, user) {
  const [authorities, rules] = await Promise.all([get('/api/dashboard/authorities'), get('/api/dashboard/routing-rules')]);
  const lang = locale() === 'en' ? 'en' : 'sr-Latn';
  const error = h('p', { class: 'error', role: 'alert' });
  const editor = (kind, entry) => {
    const { version, source, ...def } = entry;
    void source; // provenance is shown by the server, not edited
    const text = h('textarea', { rows: 14, cols: 80, name: 'json' }, JSON.stringify(def, null, 2));
    const form = h('form', { class: 'stack' }, field(t('registry.json'), text), h('button', { type: 'submit' }, t('registry.save')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      replace(error);
      try {
        const body = JSON.parse(text.value);
        await put(`/api/dashboard/${kind === 'authority' ? 'authorities' : 'routing-rules'}/${entry.id}`, { expectedVersion: version, [kind]: body });
        await renderRegistry(target, user);
      } catch (err) {
        replace(error, err instanceof ApiError ? err.message : t('registry.badJson'));
      }
    });
    return h('details', {}, h('summary', {}, t('registry.edit')), form);
  };
  replace(target, h('h1', {}, t('registry.title')), error,
    h('h2', {}, t('registry.authorities')),
    h('table', {}, h('thead', {}, h('tr', {}, ['registry.id', 'registry.name', 'registry.area', 'registry.contact', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, authorities.items.map((a) => h('tr', {}, h('td', {}, h('code', {}, a.id)), h('td', {}, a.name[lang]), h('td', {}, a.jurisdiction.area[lang]),
        h('td', {}, a.contact.configured ? t('registry.configured') : t('registry.notConfigured')),
        h('td', {}, user.role === 'admin' ? editor('authority', a) : null))))),
    h('h2', {}, t('registry.rules')),
    h('table', {}, h('thead', {}, h('tr', {}, ['registry.order', 'registry.id', 'registry.description', ''].map((k) => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, rules.items.map((r) => h('tr', {}, h('td', {}, String(r.order)), h('td', {}, h('code', {}, r.id)), h('td', {}, r.description || ''),
        h('td', {}, user.role === 'admin' ? editor('rule', r) : null))))));
}
