import { isIP } from 'node:net';
import { AppError } from '../core/errors';

/** Bot Framework channel hosts: Azure Direct Line, Web Chat and the connector channels; Teams. */
export const BOT_FRAMEWORK_HOSTS: readonly string[] = ['*.botframework.com', 'smba.trafficmanager.net'];

export interface ServiceUrlPolicyOptions {
  /** Bot Framework authentication is on: the channel hosts are allowed (https only). */
  authenticated: boolean;
  /** Not production: loopback URLs are allowed too (the Bot Framework Emulator, local tests). */
  allowLoopback: boolean;
  /** More channel hosts (`host` or `*.suffix`), allowed only when authenticated. */
  extraHosts?: readonly string[];
  /** This server's own connector URL (the local Direct Line), once it listens. */
  ownUrl?: () => string | undefined;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function hostMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/**
 * Where the bot may send replies. CloudAdapter posts each reply to the
 * inbound activity's `serviceUrl` — whatever the caller wrote there — so
 * without this list an unauthenticated caller makes the bot POST to any
 * host (a blind SSRF). Allowed: this server's own local Direct Line; with
 * Bot Framework authentication, the channel hosts over https; outside
 * production, loopback (the Emulator). Production without authentication
 * therefore answers only its own web chat.
 */
export class ServiceUrlPolicy {
  private readonly hosts: readonly string[];

  constructor(private readonly opts: ServiceUrlPolicyOptions) {
    this.hosts = opts.authenticated ? [...BOT_FRAMEWORK_HOSTS, ...(opts.extraHosts ?? [])] : [];
  }

  /** True when an inbound activity from a channel may name `serviceUrl`. */
  allowsChannel(serviceUrl: unknown): boolean {
    const url = parse(serviceUrl);
    if (!url) return false;
    if (this.opts.allowLoopback && isLoopback(url.hostname)) return true;
    return url.protocol === 'https:' && url.port === '' && this.hosts.some((h) => hostMatches(url.hostname, h));
  }

  /** True when a reply may go to `serviceUrl`: a channel's, or this server's own Direct Line. */
  allowsReply(serviceUrl: unknown): boolean {
    return this.isOwn(serviceUrl) || this.allowsChannel(serviceUrl);
  }

  /** True for exactly this server's own connector URL. */
  isOwn(serviceUrl: unknown): boolean {
    const own = this.opts.ownUrl?.();
    const url = parse(serviceUrl);
    return own !== undefined && url !== undefined && url.origin === new URL(own).origin && /^\/?$/.test(url.pathname);
  }
}

function parse(serviceUrl: unknown): URL | undefined {
  if (typeof serviceUrl !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url;
}

/** Raised instead of connecting to a serviceUrl the policy refuses. */
export class ServiceUrlRefusedError extends AppError<'ServiceUrlRefused'> {
  constructor() {
    super('ServiceUrlRefused', 'the reply address is not one of the configured channels');
  }
}
