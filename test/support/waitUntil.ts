/**
 * Waits until `condition` holds, checking every 50 ms, or fails after
 * `timeout` naming `what`: a wait for a condition, never a fixed sleep.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
