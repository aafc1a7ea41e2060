import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Next, Request, Response, Server } from 'restify';
import { DEFAULT_LOCALE, isLocale, Locale } from '../../services/i18n/locales';
import type { DirectLineConfig } from '../directline/tokenKey';
import type { CorsPolicy } from '../directline/corsPolicy';
import { TOKEN_PATH } from '../directline/tokenRoute';
import type { Logger } from '../../core/logger';
import { fromRoot } from '../../core/paths';
import { csp, safeHost } from './contentSecurityPolicy';
import { StaticAsset } from './staticAsset';
import { WEB_CHAT_STYLE } from './webChatStyle';
import { exitStrings, frameStrings, loaderStrings, WEBCHAT_LOCALE, webChatStrings } from './widgetStrings';
import { LOCALES } from '../../services/i18n/locales';

export interface WidgetRouteDeps {
  config: DirectLineConfig;
  cors: CorsPolicy;
  mode: 'local' | 'azure';
  log: Logger;
}

/** Where Web Chat's full prebuilt bundle is: its package exports hide dist/, so go from the main entry. */
export function webChatBundlePath(): string {
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

/**
 * The widget's own, smaller Web Chat bundle (scripts/buildWebChat.mjs, run
 * by `npm run build`, `npm start` and the tests); Web Chat's full bundle
 * when it has not been built.
 */
function webChatBundle(log: Logger): Buffer {
  const own = fromRoot('dist', 'widget', 'webchat.js');
  if (fs.existsSync(own)) return fs.readFileSync(own);
  log.warn({ event: 'widget.webchat_full_bundle' }, 'dist/widget/webchat.js is not built (npm run build): serving Web Chat\'s full bundle');
  return fs.readFileSync(webChatBundlePath());
}

const read = (...parts: string[]): Buffer => fs.readFileSync(fromRoot('widget', ...parts));
const versionOf = (...bodies: Buffer[]): string => createHash('sha256').update(Buffer.concat(bodies)).digest('base64url').slice(0, 10);

/** JSON safe inside a <script> element and inside JS source. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => values[name] ?? '');
}

function localeOf(req: Request): Locale {
  const value = (req.query as Record<string, unknown> | undefined)?.locale;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** sha256 of the empty string, for the one empty style attribute Web Chat sets. */
const EMPTY_STYLE_HASH = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

const PAGE_BASE = { 'base-uri': ["'none'"], 'form-action': ["'none'"], 'object-src': ["'none'"] } as const;

/**
 * Serves the widget: the loader a school embeds (/widget.js), the chat
 * frame and Web Chat's bundle, the neutral quick-exit page, and the demo
 * school page at /. Every page carries a strict Content-Security-Policy.
 */
export function mountWidgetRoutes(server: Server, deps: WidgetRouteDeps): void {
  const { config } = deps;
  const frameJs = read('frame.js');
  const frameCss = read('frame.css');
  const exitCss = read('exit.css');
  const version = versionOf(frameJs, frameCss, exitCss);
  const webchatJs = webChatBundle(deps.log);
  const wcVersion = versionOf(webchatJs);

  const loaderTemplate = read('loader.js').toString('utf8');
  const configSlot = 'var CONFIG = __BEZBEDNO_CONFIG__;';
  if (!loaderTemplate.includes(configSlot)) throw new Error(`widget/loader.js lost its "${configSlot}" line`);
  // A function replacement: a string one would interpret "$" in the JSON.
  const loaderSource = loaderTemplate.replace(configSlot, () => `var CONFIG = ${inlineJson({
      locales: LOCALES,
      defaultLocale: DEFAULT_LOCALE,
      strings: loaderStrings(),
      exitUrl: config.exitUrl,
      css: read('loader.css').toString('utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s*\n\s*/g, ' ').trim(),
    })};`);
  const shortCache = { 'Cache-Control': 'public, max-age=300' };
  const longCache = { 'Cache-Control': 'public, max-age=31536000, immutable' };
  const assets = {
    // Loaded by schools' pages: cross-origin resource policy must allow it.
    loader: new StaticAsset(Buffer.from(loaderSource, 'utf8'), 'application/javascript; charset=utf-8', { ...shortCache, 'Cross-Origin-Resource-Policy': 'cross-origin' }),
    webchat: new StaticAsset(webchatJs, 'application/javascript; charset=utf-8', { ...longCache, 'Cross-Origin-Resource-Policy': 'same-origin' }),
    frameJs: new StaticAsset(frameJs, 'application/javascript; charset=utf-8', longCache),
    frameCss: new StaticAsset(frameCss, 'text/css; charset=utf-8', longCache),
    exitCss: new StaticAsset(exitCss, 'text/css; charset=utf-8', longCache),
    demo: new StaticAsset(read('demo', 'index.html'), 'text/html; charset=utf-8', {
      ...shortCache,
      'Content-Security-Policy': csp({
        'default-src': ["'none'"], 'script-src': ["'self'"], 'style-src': ["'self'"], 'img-src': ["'self'", 'data:'],
        'frame-src': ["'self'"], 'connect-src': ["'self'"], 'frame-ancestors': ["'none'"], ...PAGE_BASE,
      }),
    }),
    demoCss: new StaticAsset(read('demo', 'demo.css'), 'text/css; charset=utf-8', shortCache),
  };

  const frameTemplate = read('frame.html').toString('utf8');
  const exitTemplate = read('exit.html').toString('utf8');
  const perLocale = Object.fromEntries(
    LOCALES.map((l) => [l, { frame: frameStrings(l), webchat: webChatStrings(l), exit: exitStrings(l) }]),
  ) as Record<Locale, { frame: ReturnType<typeof frameStrings>; webchat: Record<string, string>; exit: ReturnType<typeof exitStrings> }>;

  const azureOrigin = deps.mode === 'azure' ? new URL(config.azureBaseUrl) : undefined;
  const frameAncestors = ["'self'", ...deps.cors.origins()];

  const asset = (a: StaticAsset) => (req: Request, res: Response, next: Next): void => {
    a.send(req, res);
    next();
  };
  server.get('/widget.js', asset(assets.loader));
  server.get('/widget/webchat.js', asset(assets.webchat));
  server.get('/widget/frame.js', asset(assets.frameJs));
  server.get('/widget/frame.css', asset(assets.frameCss));
  server.get('/widget/exit.css', asset(assets.exitCss));
  server.get('/', asset(assets.demo));
  server.get('/demo/demo.css', asset(assets.demoCss));

  server.get('/widget/frame.html', (req: Request, res: Response, next: Next) => {
    const locale = localeOf(req);
    const strings = perLocale[locale];
    // A fresh nonce per response lets Web Chat's runtime styles in while
    // every other inline style and script stays forbidden.
    const nonce = randomBytes(16).toString('base64');
    const host = safeHost(req.headers.host);
    const connect = ["'self'", ...(host ? [`ws://${host}`, `wss://${host}`] : [])];
    if (azureOrigin) connect.push(azureOrigin.origin, `wss://${azureOrigin.host}`);
    const html = fill(frameTemplate, {
      lang: locale,
      title: escapeHtml(strings.frame.frameTitle),
      loading: escapeHtml(strings.frame.loading),
      version,
      webchatVersion: wcVersion,
      config: inlineJson({
        tokenUrl: TOKEN_PATH,
        botLocale: locale,
        webchatLocale: WEBCHAT_LOCALE[locale],
        webchatStrings: strings.webchat,
        strings: strings.frame,
        styleOptions: WEB_CHAT_STYLE,
        nonce,
      }),
    });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', csp({
      // Web Chat sets one empty style attribute; the hash allows exactly that.
      'default-src': ["'none'"], 'script-src': ["'self'"], 'style-src': ["'self'", `'nonce-${nonce}'`, "'unsafe-hashes'", EMPTY_STYLE_HASH],
      'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': connect, 'font-src': ["'self'"],
      'frame-ancestors': frameAncestors, ...PAGE_BASE,
    }));
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    res.writeHead(200);
    res.end(html);
    next();
  });

  server.get('/widget/exit.html', (req: Request, res: Response, next: Next) => {
    const strings = perLocale[localeOf(req)].exit;
    const html = fill(exitTemplate, {
      lang: localeOf(req),
      version,
      ...Object.fromEntries(Object.entries(strings).map(([k, v]) => [k, escapeHtml(v)])),
    });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Content-Security-Policy', csp({ 'default-src': ["'none'"], 'style-src': ["'self'"], 'frame-ancestors': ["'none'"], ...PAGE_BASE }));
    res.writeHead(200);
    res.end(html);
    next();
  });
}
