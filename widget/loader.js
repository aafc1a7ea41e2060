/*
 * Bezbedno widget loader: what a school pastes into its pages.
 *
 *   <script src="https://…/widget.js" data-locale="sr-Latn" async></script>
 *
 * It draws a launcher button at once and nothing else. The chat itself (Web
 * Chat, ~1.5 MB, ~370 KB compressed) loads inside an iframe from our server
 * only when a pointer rests on the button, it gets keyboard focus or a finger
 * touches it: the frame then downloads but starts no conversation until the
 * button is pressed. The school's own scripts (analytics, session recorders)
 * cannot read what a child writes, and our strict CSP applies to the chat.
 * (The iframe itself preloads: a <link rel=prefetch> from the school's page
 * would land in the school's partition of the HTTP cache, not the frame's.)
 *
 * Strings and defaults are injected by the server (server/widget) from
 * content/locales; nothing here is user-facing text. Optional attributes:
 * data-locale (sr-Latn | sr-Cyrl | en), data-exit-url (quick-exit target).
 */
/* global window, document, location, URL, sessionStorage, setTimeout, clearTimeout, CSSStyleSheet, __BEZBEDNO_CONFIG__ */
(function () {
  'use strict';
  var CONFIG = __BEZBEDNO_CONFIG__;
  var script = document.currentScript;
  if (!script || window.__bezbednoWidget) return;
  window.__bezbednoWidget = true;

  var src = new URL(script.src, location.href);
  var origin = src.origin;
  var base = origin + src.pathname.replace(/\/widget\.js$/, '');
  var locale = script.getAttribute('data-locale');
  if (CONFIG.locales.indexOf(locale) < 0) locale = CONFIG.defaultLocale;
  var S = CONFIG.strings[locale];
  var exitUrl = safeUrl(script.getAttribute('data-exit-url')) || safeUrl(CONFIG.exitUrl) || 'about:blank';
  var P = 'bzb-';
  var root, launcher, panel, frame, exiting = false, lastEsc = 0, ackTimer;
  // opened: the chat was shown on this page; ready: the preloaded frame
  // listens; wantOpen: shown before it listened (it is told when it does).
  var opened = false, ready = false, wantOpen = false;

  function safeUrl(value) {
    if (!value) return '';
    try {
      var url = new URL(value, base + '/');
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
    } catch {
      return '';
    }
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var name in attrs) {
      if (name === 'text') node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    }
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  // Styles go in through a constructed stylesheet (CSSOM), which a school's
  // strict Content-Security-Policy allows, unlike a <style> element.
  function addStyles() {
    try {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CONFIG.css);
      document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
    } catch {
      document.head.appendChild(el('style', { text: CONFIG.css }));
    }
  }

  function build() {
    addStyles();
    var icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    icon.setAttribute('focusable', 'false');
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'currentColor');
    icon.appendChild(path);
    launcher = el('button', { type: 'button', class: P + 'launcher', 'aria-expanded': 'false', 'aria-controls': P + 'panel' }, [icon, el('span', { text: S.launcher })]);
    launcher.addEventListener('click', toggle);
    launcher.addEventListener('pointerenter', preload);
    launcher.addEventListener('focus', preload);
    launcher.addEventListener('touchstart', preload, { passive: true });
    var exit = el('button', { type: 'button', class: P + 'exit', title: S.quickExitHint, 'aria-describedby': P + 'exit-hint' }, [el('span', { text: S.quickExit })]);
    exit.addEventListener('click', quickExit);
    var close = el('button', { type: 'button', class: P + 'close', 'aria-label': S.close, title: S.close, text: '\u2715' });
    close.addEventListener('click', hide);
    panel = el('section', { id: P + 'panel', class: P + 'panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': P + 'title', hidden: '' }, [
      el('header', { class: P + 'head' }, [
        el('div', { class: P + 'titles' }, [el('h2', { id: P + 'title', text: S.title }), el('p', { text: S.subtitle })]),
        exit,
        close,
      ]),
      el('p', { id: P + 'exit-hint', class: P + 'sr', text: S.quickExitHint }),
    ]);
    root = el('div', { class: P + 'root', 'data-bezbedno-widget': '' }, [panel, launcher]);
    document.body.appendChild(root);
    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKey, true);
  }

  function toggle() {
    if (panel.hasAttribute('hidden')) show();
    else hide();
  }

  function createFrame(hash) {
    var query = '?locale=' + encodeURIComponent(locale);
    frame = el('iframe', { class: P + 'frame', title: S.frameTitle, src: base + '/widget/frame.html' + query + hash, referrerpolicy: 'no-referrer', allow: '' });
    panel.appendChild(frame);
  }

  // Downloads the chat ahead of a click, in the (still hidden) panel.
  function preload() {
    if (!frame && !exiting) createFrame('#preload');
  }

  function show() {
    if (!frame) {
      createFrame('');
    } else if (!opened) {
      if (ready) post('bezbedno:open');
      else wantOpen = true;
    }
    opened = true;
    panel.removeAttribute('hidden');
    launcher.setAttribute('aria-expanded', 'true');
    root.classList.add(P + 'open');
    frame.focus();
    post('bezbedno:focus');
  }

  function hide() {
    panel.setAttribute('hidden', '');
    launcher.setAttribute('aria-expanded', 'false');
    root.classList.remove(P + 'open');
    launcher.focus();
  }

  function post(type) {
    try {
      frame.contentWindow.postMessage({ type: type }, origin);
    } catch {
      /* the frame is not there yet; it focuses itself when ready */
    }
  }

  // Quick exit: the frame clears its session and ends the conversation, then
  // this page is replaced (not pushed: Back does not return to it).
  function quickExit() {
    if (exiting) return;
    exiting = true;
    if (frame) {
      post('bezbedno:exit');
      ackTimer = setTimeout(leave, 400);
    } else {
      leave();
    }
  }

  function leave() {
    clearTimeout(ackTimer);
    try {
      if (root.parentNode) root.parentNode.removeChild(root);
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var key = sessionStorage.key(i);
        if (key && key.indexOf('bezbedno') === 0) sessionStorage.removeItem(key);
      }
    } catch {
      /* leaving matters more than tidying */
    }
    location.replace(exitUrl);
  }

  function onMessage(event) {
    if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
    var type = event.data && event.data.type;
    if (type === 'bezbedno:ready') {
      ready = true;
      // Not pressed yet: the frame may get Web Chat ready meanwhile.
      post(wantOpen ? 'bezbedno:open' : 'bezbedno:waiting');
    } else if (type === 'bezbedno:exited') leave();
    else if (type === 'bezbedno:exit') {
      exiting = true;
      leave();
    } else if (type === 'bezbedno:close') hide();
  }

  // Esc twice within a second, once the chat has been opened on this page.
  function onKey(event) {
    if (event.key !== 'Escape' || !opened) return;
    var now = Date.now();
    if (now - lastEsc < 1000) quickExit();
    lastEsc = now;
  }

  if (document.body) build();
  else document.addEventListener('DOMContentLoaded', build);
})();
