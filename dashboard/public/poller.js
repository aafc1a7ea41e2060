/* global document, window, CustomEvent, setTimeout, clearTimeout */
/**
 * Keeps one view up to date by asking the server for changes every few
 * seconds — politely: one request at a time, conditional (the server answers
 * 304 when nothing changed), and none while the tab is hidden; when the tab
 * is shown again it asks at once. Only one view polls at a time: starting a
 * poller stops the previous one, and the router stops it on every navigation.
 * `document.body.dataset.poll` says `running` or `paused`, for people
 * debugging the page and for the browser tests.
 */
let active = null;
let intervalMs = 15_000;

/** Sets the interval (from the session: the server's DASHBOARD_POLL_SECONDS). */
export function setPollInterval(seconds) {
  if (Number.isFinite(seconds) && seconds > 0) intervalMs = seconds * 1000;
}

/** Stops the active poller, if any. */
export function stopPolling() {
  active?.stop();
  active = null;
}

/**
 * Calls `tick` every interval while `alive()` holds (the view is still on
 * screen); a failing tick is retried at the next interval.
 */
export function startPolling(tick, alive) {
  stopPolling();
  let timer = null;
  let stopped = false;
  const mark = (state) => {
    if (state) document.body.dataset.poll = state;
    else delete document.body.dataset.poll;
  };
  const schedule = () => {
    clearTimeout(timer);
    if (stopped) return;
    if (document.hidden) {
      mark('paused');
      return;
    }
    mark('running');
    timer = setTimeout(run, intervalMs);
  };
  const run = async () => {
    if (stopped) return;
    if (!alive()) {
      poller.stop();
      return;
    }
    try {
      await tick();
    } catch (err) {
      // The session ended (idle, signed out elsewhere): stop and let the app show the sign-in page.
      if (err?.status === 401) {
        poller.stop();
        window.dispatchEvent(new CustomEvent('bz:unauthenticated'));
        return;
      }
      // offline or a passing server error: the next interval tries again
    }
    schedule();
  };
  const onVisibility = () => {
    if (stopped) return;
    clearTimeout(timer);
    if (document.hidden) mark('paused');
    else run();
  };
  const poller = {
    stop() {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
      mark(null);
    },
  };
  document.addEventListener('visibilitychange', onVisibility);
  active = poller;
  schedule();
  return poller;
}
