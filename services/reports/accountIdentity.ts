import type { Evidence } from '../anonymise/types';

/**
 * Where a profile link's host says which platform it is on, and how its
 * path names the account: the account is the first path segment that is
 * not one of the platform's own words (`/p/…` is a post, not an account).
 * Subdomains (`m.`, `www.`, `vm.`) are folded before the lookup.
 */
interface HostRule {
  platform: string;
  /** Path segments before the account name that are skipped (`/u/name`, `/add/name`). */
  prefixes?: readonly string[];
  /** First segments that are not accounts (posts, pages of the site itself). */
  reserved?: readonly string[];
}

const INSTAGRAM: HostRule = { platform: 'instagram', prefixes: ['stories'], reserved: ['p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'direct', 'about', 'legal'] };
const FACEBOOK: HostRule = { platform: 'facebook', reserved: ['groups', 'events', 'watch', 'photo', 'photo.php', 'story.php', 'share', 'sharer', 'help', 'login', 'pages', 'marketplace', 'reel'] };
const X: HostRule = { platform: 'x', reserved: ['i', 'home', 'search', 'explore', 'intent', 'hashtag', 'share', 'settings'] };

/** Link hosts (lower case, without `www.`) of the platforms whose profile links name an account. */
const HOSTS: Readonly<Record<string, HostRule>> = {
  'instagram.com': INSTAGRAM,
  'instagr.am': INSTAGRAM,
  'facebook.com': FACEBOOK,
  'fb.com': FACEBOOK,
  'm.facebook.com': FACEBOOK,
  'tiktok.com': { platform: 'tiktok', reserved: ['video', 'tag', 'music', 'discover', 'foryou', 'search'] },
  'twitter.com': X,
  'x.com': X,
  'mobile.twitter.com': X,
  'snapchat.com': { platform: 'snapchat', prefixes: ['add'], reserved: ['discover', 'spotlight', 'lens'] },
  't.me': { platform: 'telegram', reserved: ['joinchat', 's', 'share'] },
  'telegram.me': { platform: 'telegram', reserved: ['joinchat', 's', 'share'] },
  'youtube.com': { platform: 'youtube', prefixes: ['c', 'user'], reserved: ['watch', 'shorts', 'channel', 'playlist', 'results', 'feed', 'embed'] },
  'twitch.tv': { platform: 'twitch', reserved: ['videos', 'directory', 'p'] },
  'reddit.com': { platform: 'reddit', prefixes: ['u', 'user'], reserved: ['r', 'comments'] },
  'threads.net': { platform: 'instagram', reserved: ['t', 'post'] },
  'pinterest.com': { platform: 'pinterest', reserved: ['pin', 'search', 'ideas'] },
  'roblox.com': { platform: 'roblox', reserved: ['games', 'catalog', 'groups', 'users'] },
  'kik.me': { platform: 'kik' },
  'onlyfans.com': { platform: 'onlyfans' },
  'wattpad.com': { platform: 'wattpad', prefixes: ['user'], reserved: ['story'] },
};

/** The same account under another platform id: Messenger is a Facebook account, Threads an Instagram one. */
const SAME_ACCOUNTS: Readonly<Record<string, string>> = { messenger: 'facebook' };

/** Phone-number links: the number is the account (`wa.me/381641234567`, `viber://chat?number=…`). */
const PHONE_HOSTS = new Set(['wa.me', 'api.whatsapp.com', 'whatsapp.com']);

/** Platforms whose accounts are phone numbers: a handle that is a number there is that number. */
const PHONE_PLATFORMS = new Set(['whatsapp', 'viber', 'telegram']);

const ACCOUNT_NAME = /^[\p{L}\p{N}._-]{1,60}$/u;

/**
 * A phone number as E.164-like digits (`+381641234567`): Serbian numbers
 * written the national way (`064 123 4567`, `011/123-456`) get +381 for
 * their leading 0, `00` becomes `+`. Undefined when `text` is not a number
 * of a plausible length (7–15 digits).
 */
export function normalisePhone(text: string): string | undefined {
  const compact = text.trim().replace(/[\s()./-]/g, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (compact.startsWith('0')) digits = `381${compact.slice(1)}`;
  else if (compact.startsWith('381')) digits = compact;
  else return undefined;
  // A Serbian number written as +381 0… keeps its trunk 0 by mistake.
  if (digits.startsWith('3810')) digits = `381${digits.slice(4)}`;
  return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : undefined;
}

/** A profile name as the platform compares it: without `@`, lower case. */
function accountName(text: string): string | undefined {
  // A full stop after a name ends the sentence, not the name (no platform allows one there).
  const name = text.trim().replace(/^@+/, '').replace(/[.,;:!?]+$/, '').toLowerCase();
  return ACCOUNT_NAME.test(name) && !/^[._-]+$/.test(name) ? name : undefined;
}

/** The platform id an account lives under (Messenger → facebook). */
function platformId(platform: string): string {
  const id = platform.trim().toLowerCase();
  return SAME_ACCOUNTS[id] ?? id;
}

/** A link as `{host, segments, search}`, with `https://` assumed when no scheme was written. */
function parseLink(text: string): { host: string; segments: string[]; params: URLSearchParams; protocol: string } | undefined {
  const raw = text.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '').replace(/^(www\.|m\.|mobile\.|vm\.|vt\.)/, '');
  const segments = url.pathname.split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { host, segments, params: url.searchParams, protocol: url.protocol };
}

/** The account a profile link names on a known platform, as `platform:name`. */
function accountOfLink(host: string, segments: string[], params: URLSearchParams): string | undefined {
  const rule = HOSTS[host] ?? HOSTS[host.replace(/^[a-z]{2}\./, '')];
  if (!rule) return undefined;
  // facebook.com/profile.php?id=1000… names the account by number.
  if (rule.platform === 'facebook' && segments[0] === 'profile.php') {
    const id = params.get('id');
    return id && /^\d{5,20}$/.test(id) ? `facebook:${id}` : undefined;
  }
  let i = 0;
  if (rule.prefixes?.includes((segments[0] ?? '').toLowerCase())) i = 1;
  const first = segments[i];
  if (!first || (i === 0 && rule.reserved?.includes(first.toLowerCase()))) return undefined;
  const name = accountName(first);
  return name ? `${rule.platform}:${name}` : undefined;
}

/**
 * A link as one identity: an account (`instagram:mracni_vuk`) when the host
 * is a known platform and the path names an account; a phone number
 * (`phone:+381…`) for WhatsApp and Viber links; otherwise the canonical
 * link (`url:host/path`: lower-case host without `www.`, no query, no
 * fragment — tracking parameters go with them — and no trailing slash).
 */
export function identityOfLink(text: string): string | undefined {
  const link = parseLink(text);
  if (!link || (!link.host.includes('.') && link.protocol !== 'viber:')) return undefined;
  if (link.protocol === 'viber:') {
    const phone = normalisePhone(link.params.get('number') ?? '');
    return phone ? `phone:${phone}` : undefined;
  }
  if (PHONE_HOSTS.has(link.host)) {
    const phone = normalisePhone(`+${(link.segments[0] ?? link.params.get('phone') ?? '').replace(/^\+/, '')}`);
    if (phone) return `phone:${phone}`;
  }
  const account = accountOfLink(link.host, link.segments, link.params);
  if (account) return account;
  const path = link.segments.map((s) => encodeURIComponent(s)).join('/');
  return `url:${link.host}${path ? `/${path}` : ''}`;
}

/**
 * A profile name or number as identities: a phone number (`phone:+381…`);
 * a name looked like a link (`instagram.com/x`) read as one; otherwise the
 * name on each platform the report names (`instagram:mracni_vuk`), or on
 * an unknown platform (`any:mracni_vuk`) when it names none.
 */
export function identitiesOfHandle(text: string, platforms: readonly string[]): string[] {
  const phone = normalisePhone(text);
  if (phone && (!/^\d+$/.test(text.trim()) || platforms.some((p) => PHONE_PLATFORMS.has(platformId(p))) || text.trim().startsWith('0'))) return [`phone:${phone}`];
  if (/[/]/.test(text) || /^[^@\s]+\.[a-z]{2,}\//i.test(text)) {
    const fromLink = identityOfLink(text);
    return fromLink ? [fromLink] : [];
  }
  const name = accountName(text);
  if (!name) return [];
  const on = [...new Set(platforms.map(platformId))];
  return on.length ? on.map((p) => `${p}:${name}`) : [`any:${name}`];
}

/**
 * Every account a report's evidence names, normalised so that different
 * spellings of one account compare equal: `@Mracni_Vuk` and `mracni_vuk`
 * on a report about Instagram and `instagram.com/mracni_vuk/` are all
 * `instagram:mracni_vuk`. Sorted, each once. These strings are never
 * stored: only their keyed hashes are (services/reports/accountMatcher.ts).
 */
export function accountIdentities(evidence: Partial<Evidence> | null | undefined, platforms: readonly string[]): string[] {
  if (!evidence) return [];
  const out = new Set<string>();
  for (const url of evidence.urls ?? []) {
    const id = identityOfLink(url);
    if (id) out.add(id);
  }
  for (const handle of evidence.handles ?? []) for (const id of identitiesOfHandle(handle, platforms)) out.add(id);
  return [...out].sort();
}
