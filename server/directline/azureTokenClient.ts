import Joi from 'joi';
import { DirectLineError } from './directLineError';

/** A conversation-scoped token from Azure Direct Line. */
export interface AzureToken {
  conversationId: string;
  token: string;
  expires_in: number;
}

const responseSchema = Joi.object({
  conversationId: Joi.string().max(200).required(),
  token: Joi.string().max(4000).required(),
  expires_in: Joi.number().integer().min(1).required(),
}).unknown(true);

/**
 * Exchanges the Azure Direct Line secret for a token bound to one new
 * conversation (and user id), so the secret never reaches a browser.
 */
export class AzureTokenClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The Direct Line domain the browser should talk to. */
  get domain(): string {
    return this.baseUrl;
  }

  async generate(userId: string): Promise<AzureToken> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/tokens/generate`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { id: userId } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch {
      throw new DirectLineError(502, 'UpstreamUnavailable', 'The chat service is not reachable.');
    }
    if (!res.ok) {
      // 401/403 mean a wrong secret: an operator problem, never the user's.
      throw new DirectLineError(502, 'UpstreamRefused', 'The chat service refused the request.');
    }
    const { value, error } = responseSchema.validate(await res.json().catch(() => null));
    if (error) throw new DirectLineError(502, 'UpstreamInvalid', 'The chat service answered unexpectedly.');
    const token = value as AzureToken;
    return { conversationId: token.conversationId, token: token.token, expires_in: token.expires_in };
  }
}
