import { DeliveryError } from './deliveryError';
import { webhookUrlProblem } from './webhookUrl';
import type { Notice } from './notice';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhookSignature';

/**
 * Posts notices as HMAC-SHA256-signed JSON, to URLs that pass the webhook
 * rule (services/notify/webhookUrl.ts) — checked here too, at sending,
 * because an address stored in development must not be used in production.
 */
export class WebhookChannel {
  constructor(
    private readonly secret: string | undefined,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly production = false,
  ) {}

  async send(url: string, notice: Notice): Promise<void> {
    if (!this.secret) throw new DeliveryError('no_webhook_secret', true);
    if (webhookUrlProblem(url, this.production)) throw new DeliveryError('insecure_webhook', true);
    const body = JSON.stringify({ ...notice, sentAt: new Date(this.now()).toISOString() });
    const ts = Math.floor(this.now() / 1000);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TIMESTAMP_HEADER]: String(ts), [SIGNATURE_HEADER]: signWebhook(this.secret, ts, body) },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const e = err as { name?: string; cause?: { code?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new DeliveryError('timeout');
      throw new DeliveryError(e.cause?.code ? e.cause.code.toLowerCase() : 'network');
    }
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new DeliveryError(`http_${res.status}`);
  }
}
