import { ApiError, get, post, setCsrf } from '../api.js';
import { field, h, replace } from '../dom.js';
import { errorMessage, t } from '../i18n.js';

/** The sign-in form; a second step asks for the TOTP code when the account has one. */
export function renderLogin(target, onSignedIn) {
  // Drawn again when the language changes: what the person already typed stays.
  const typedEmail = target.querySelector('#login-email')?.value ?? '';
  const typedPassword = target.querySelector('#login-password')?.value ?? '';
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error' });
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'login-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-password' });
  const totp = h('input', { type: 'text', name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', id: 'login-totp' });
  const totpField = field(t('login.totp'), totp);
  totpField.hidden = true;
  const form = h('form', { class: 'stack', novalidate: true },
    field(t('login.email'), email),
    field(t('login.password'), password),
    totpField,
    h('button', { type: 'submit', id: 'login-submit' }, t('login.submit')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    replace(error);
    try {
      const pre = await get('/api/dashboard/session');
      setCsrf(pre.csrfToken);
      const session = await post('/api/dashboard/auth/login', { email: email.value, password: password.value, ...(totp.value ? { totp: totp.value } : {}) });
      await onSignedIn(session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TotpRequired') {
        totpField.hidden = false;
        totp.focus();
        replace(error, t('login.totpNeeded'));
        return;
      }
      const known = err instanceof ApiError && (err.code === 'InvalidCredentials' || err.code === 'TooManyAttempts');
      replace(error, !known ? errorMessage(err) : err.code === 'TooManyAttempts' ? t('login.throttled') : t('login.failed'));
    }
  });
  email.value = typedEmail;
  password.value = typedPassword;
  const hadFocus = target.ownerDocument.activeElement?.id;
  replace(target, h('h1', {}, t('login.title')), error, form);
  // A person who just chose the language keeps the focus on the language list.
  if (hadFocus !== 'locale-select') (hadFocus === 'login-password' ? password : email).focus();
}
