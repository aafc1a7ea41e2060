/*
 * The chat inside the widget's iframe: gets a Direct Line token from our
 * server, renders Web Chat, and keeps a per-tab session (sessionStorage only:
 * a random user id, the conversation and its token) so the chat survives
 * moving between the school's pages but not closing the tab. Quick exit
 * wipes the session and ends the conversation on the server.
 *
 * The first message comes quickly: this script runs before Web Chat's
 * (frame.html only preloads that), gets the token and starts the
 * conversation while Web Chat's script is still downloading, runs Web
 * Chat's script once the conversation's start is sent, and hands Web Chat
 * the stream URL, so the bot's welcome is waiting when Web Chat connects. When the loader creates this frame ahead of a click
 * (hover or focus on the launcher, "#preload"), it only downloads; the
 * conversation starts on the loader's "bezbedno:open".
 *
 * The server injects the configuration (strings from content/locales) as
 * JSON in #bezbedno-config; nothing here is user-facing text.
 *
 * A crisis card is read from its first word. Web Chat scrolls to the
 * newest message, and a crisis card is often followed in the same turn by
 * the report's next step (a story shown back with its question): the card
 * is taller than half the chat, so its words and first call button were
 * scrolled away above. When a crisis card is the bot's first reply to a
 * message, the transcript stops with the card's top at its top (Web Chat's
 * autoScrollSnapOnPage, on only until the child writes again: on every
 * other turn the newest question must stay in view), and Web Chat's "new
 * messages" button is left out meanwhile, so it covers no call button.
 */
/* global window, document, location, sessionStorage, fetch, crypto, setTimeout, performance */
(function () {
  'use strict';
  // Performance marks ("bezbedno:…") time the way to the first message (bench/widgetBench.ts reads them).
  function mark(name) {
    try {
      performance.mark('bezbedno:' + name);
    } catch {
      /* no User Timing: nothing to time */
    }
  }
  mark('frame');
  var cfg = JSON.parse(document.getElementById('bezbedno-config').textContent);
  var KEY = 'bezbedno.session';
  var status = document.getElementById('status');
  var host = document.getElementById('webchat');
  var directLine, session, lastEsc = 0, ended = false, starting = false;
  // Web Chat's props (kept to render it again) and the crisis-card scroll stop.
  var props, snapping = false, repliesSinceSent = 0;
  var CRISIS_CARD = /^crisis\.[A-Za-z]+\.cardTitle$/;
  // The stream URL from starting the conversation, while fresh enough to use.
  var stream = null, STREAM_URL_FRESH_MS = 60000;

  function randomUserId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    var hex = '';
    for (var i = 0; i < bytes.length; i++) hex += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return 'dl_' + hex;
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
      return saved && typeof saved.userId === 'string' ? saved : null;
    } catch {
      return null;
    }
  }

  function save() {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(session));
    } catch {
      /* private mode: the chat still works, it just will not survive navigation */
    }
  }

  function postJson(url, body, token) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit', cache: 'no-store' }).then(function (res) {
      if (!res.ok) throw new Error('HTTP ' + res.status);
      return res.json();
    });
  }

  // A started conversation from earlier in this tab, with a fresh token; or
  // null when it has expired on the server (then a new one starts).
  function resume(saved) {
    if (!saved.conversationId || !saved.token || !saved.started) return Promise.resolve(null);
    var refreshing = postJson(saved.domain + '/tokens/refresh', {}, saved.token);
    runWebChat();
    return refreshing.then(
      function (res) { saved.token = res.token; return saved; },
      function () { return null; }
    );
  }

  function fresh(userId) {
    return postJson(cfg.tokenUrl, { user: { id: userId } }).then(function (res) {
      mark('token');
      return { userId: userId, domain: res.domain, conversationId: res.conversationId, token: res.token, started: false };
    });
  }

  // Starts the token's conversation (Direct Line's POST /conversations, as
  // Web Chat would); Web Chat then joins it as a resumed one and receives
  // the welcome with the history.
  // Its stream URL is kept aside (not stored: it is a short-lived credential)
  // so Web Chat opens the WebSocket at once instead of asking for it again.
  function begin(s) {
    var request = postJson(s.domain + '/conversations', { locale: cfg.botLocale }, s.token);
    runWebChat();
    return request.then(function (res) {
      if (res && typeof res.token === 'string') s.token = res.token;
      if (res && typeof res.streamUrl === 'string') stream = { url: res.streamUrl, at: Date.now() };
      s.started = true;
      mark('started');
      return s;
    });
  }

  // Web Chat's script downloads from the start (a preload in frame.html) but
  // runs only when this script adds it: running it holds the frame's one
  // thread for a few hundred milliseconds, and the answers to the token and
  // conversation requests would wait behind it. It runs once the
  // conversation's start is on its way (the server's welcome turn and Web
  // Chat's start-up then overlap), after WEBCHAT_AT_LATEST_MS when that is
  // slow, or, in a frame preloaded ahead of a click that has not come yet,
  // once the frame has loaded (Web Chat is then ready when it comes).
  var WEBCHAT_AT_LATEST_MS = 300, webChatAdded = false, webChatLoaded, webChatFailed;
  var webChatReady = new Promise(function (resolve, reject) {
    webChatLoaded = resolve;
    webChatFailed = reject;
  });

  function runWebChat() {
    if (webChatAdded) return;
    webChatAdded = true;
    if (window.WebChat) return webChatLoaded();
    var script = document.createElement('script');
    script.src = document.getElementById('webchat-preload').href;
    script.addEventListener('load', function () { mark('webchat'); webChatLoaded(); });
    script.addEventListener('error', webChatFailed);
    document.head.appendChild(script);
  }

  function start() {
    if (starting || ended) return;
    starting = true;
    mark('start');
    setTimeout(runWebChat, WEBCHAT_AT_LATEST_MS);
    var saved = load();
    var userId = (saved && saved.userId) || randomUserId();
    var chat = (saved ? resume(saved) : Promise.resolve(null))
      .then(function (resumed) { return resumed || fresh(userId).then(begin); });
    Promise.all([chat, webChatReady])
      .then(function (ready) { render(ready[0]); })
      .catch(function () {
        status.textContent = cfg.strings.loadFailed;
        status.classList.add('error');
      });
  }

  function render(s) {
    mark('render');
    session = s;
    save();
    var options = { token: s.token, domain: s.domain, webSocket: true, conversationStartProperties: { locale: cfg.botLocale } };
    // Resuming: reconnect to the conversation (history is replayed) rather
    // than starting a new one, which would greet the user again.
    if (s.started) options.conversationId = s.conversationId;
    // A stream URL just received (its token lives two minutes) saves Web Chat
    // a round trip to the service before the WebSocket; without one it asks.
    if (s.started && stream && Date.now() - stream.at < STREAM_URL_FRESH_MS) options.streamUrl = stream.url;
    stream = null;
    directLine = window.WebChat.createDirectLine(options);
    var store = window.WebChat.createStore({}, function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') mark('connected');
          if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED' && !session.started) {
            session.started = true;
            save();
          } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && directLine.token && directLine.token !== session.token) {
            // The client refreshes its token every 15 minutes; keep the newest.
            session.token = directLine.token;
            save();
          }
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY') {
            repliesSinceSent = 0;
            snapAtTurnStart(false);
          } else if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            noteReply(action.payload && action.payload.activity);
          }
          return next(action);
        };
      };
    });
    props = {
      directLine: directLine,
      store: store,
      userID: s.userId,
      locale: cfg.webchatLocale,
      overrideLocalizedStrings: cfg.webchatStrings,
      nonce: cfg.nonce,
      styleOptions: cfg.styleOptions,
      sendTypingIndicator: false
    };
    window.WebChat.renderWebChat(props, host);
    mark('rendered');
    status.textContent = '';
    status.hidden = true;
    focusSendBox(20);
  }

  // A bot message arrived (the user's own come back too): a crisis card as
  // the first reply since the user last wrote stops the scroll at its top.
  function noteReply(activity) {
    if (!activity || activity.type !== 'message' || !session || (activity.from && activity.from.id === session.userId)) return;
    var data = activity.channelData && activity.channelData.bezbedno;
    var keys = data && Array.isArray(data.keys) ? data.keys : [];
    if (repliesSinceSent === 0 && keys.some(function (key) { return CRISIS_CARD.test(key); })) snapAtTurnStart(true);
    repliesSinceSent++;
  }

  // Web Chat's scroll stop: with autoScrollSnapOnPage it scrolls no further
  // than the top of the first message since the user wrote. Web Chat reads
  // styleOptions from its props, so it is rendered again with the change.
  function snapAtTurnStart(on) {
    if (on === snapping || !props) return;
    snapping = on;
    var style = {};
    for (var k in cfg.styleOptions) style[k] = cfg.styleOptions[k];
    if (on) {
      style.autoScrollSnapOnPage = true;
      // Its "new messages" button would sit over the card's call buttons (on a
      // phone, over 116 111); the question's buttons below say there is more.
      style.scrollToEndButtonBehavior = false;
    }
    props.styleOptions = style;
    window.WebChat.renderWebChat(props, host);
  }

  function focusSendBox(tries) {
    var box = host.querySelector('[data-id="webchat-sendbox-input"], textarea, input[type="text"]');
    if (box) box.focus();
    else if (tries > 0) setTimeout(function () { focusSendBox(tries - 1); }, 100);
  }

  // Wipes everything this chat left in the browser and asks the server to
  // forget the conversation (keepalive: the page is about to go away).
  function wipe() {
    if (ended) return;
    ended = true;
    if (session && session.started && session.conversationId) {
      try {
        fetch(session.domain + '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', {
          method: 'POST',
          keepalive: true,
          credentials: 'omit',
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + (directLine && directLine.token || session.token) },
          body: JSON.stringify({ type: 'endOfConversation', from: { id: session.userId } })
        }).catch(function () { /* the server forgets it when idle anyway */ });
      } catch {
        /* idem */
      }
    }
    try {
      if (directLine) directLine.end();
    } catch {
      /* already closed */
    }
    try {
      // Only this chat writes storage on this origin, and only this key;
      // clearing the whole (per-tab) session store also covers Web Chat.
      sessionStorage.clear();
    } catch {
      /* storage unavailable: nothing was stored */
    }
    session = null;
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === 'bezbedno:exit') {
      wipe();
      window.parent.postMessage({ type: 'bezbedno:exited' }, '*');
    } else if (event.data.type === 'bezbedno:open') {
      start();
    } else if (event.data.type === 'bezbedno:waiting') {
      if (!starting) whenWaiting();
    } else if (event.data.type === 'bezbedno:focus') {
      focusSendBox(20);
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    var now = Date.now();
    if (now - lastEsc < 1000) {
      wipe();
      // The message carries no data, so any parent may receive it.
      window.parent.postMessage({ type: 'bezbedno:exit' }, '*');
    }
    lastEsc = now;
  }, true);

  // Preloaded ahead of a click: the loader answers "ready" with "open" when
  // the launcher was already pressed, else "waiting" (then Web Chat runs as
  // soon as the frame has loaded, before the press).
  function whenWaiting() {
    if (document.readyState === 'complete') runWebChat();
    else window.addEventListener('load', function () { if (!starting) runWebChat(); });
  }

  if (location.hash === '#preload') {
    window.parent.postMessage({ type: 'bezbedno:ready' }, '*');
  } else {
    start();
  }
})();
