import Joi from 'joi';
import { DashboardError } from '../../../services/auth/staffErrors';
import { InvalidMessageError, ReportUnavailableError } from '../../../services/reports/followUp';
import type { QueueQuery } from '../../../services/dashboard/reportQueue';
import { queueQuerySchema } from '../../../services/dashboard/reportQueue';
import type { Viewer } from '../../../services/dashboard/reportScope';
import { permissionsFor } from '../../../services/dashboard/reportScope';
import { StatusChangeRequest, statusChangeSchema } from '../../../services/dashboard/statusWorkflow';
import type { Locale } from '../../../services/i18n/locales';
import { DisplayNames } from '../../../services/dashboard/displayNames';
import type { NameLookup } from '../../../services/dashboard/reportCase';
import type { ApiRoute, RouteContext } from '../apiRoute';
import { clientHas, etagOf } from '../etag';
import type { DashboardServices } from '../dashboardServices';

const ALL = ['admin', 'reviewer', 'authority'] as const;
const CONTACT_CENTRE = ['admin', 'reviewer'] as const;
const reportId = Joi.object({ id: Joi.string().pattern(/^[a-f0-9]{24}$/).required() });

const viewer = (ctx: RouteContext<unknown, unknown, unknown>): Viewer => ({
  userId: ctx.session!.userId,
  role: ctx.session!.role,
  authorityId: ctx.session!.authorityId,
});

/** The queue, the report view and everything done to a report. Each read and change is audited. */
export function reportRoutes(s: DashboardServices): ApiRoute[] {
  /** Names in the reader's language for what a report holds as ids. */
  const names = async (locale: Locale): Promise<NameLookup & { known: (id: string) => boolean }> => {
    const [staff, routing] = await Promise.all([s.staff.list(), s.routing.data()]);
    const staffNames = new Map(staff.map((u) => [u.id, u.displayName]));
    const display = new DisplayNames(locale, routing.authorities);
    return {
      staff: (id) => staffNames.get(id),
      authority: (id) => display.authority(id),
      municipality: (slug) => display.municipality(slug),
      platform: (id) => display.platform(id),
      routing: (entry) => display.routing(entry),
      known: (id) => display.authorityDef(id) !== undefined,
    };
  };
  const reports = () => {
    if (!s.reports) throw new DashboardError('ReportsUnavailable', 'Reports are not configured on this server.');
    return s.reports;
  };

  return [
    {
      method: 'get',
      path: '/api/dashboard/reports',
      tag: 'reports',
      summary: 'The queue: urgency first, a crisis recognised during the report (flags selfHarmRisk, dangerDisclosed) first within its urgency, then the longest waiting. Filters; keyset pagination with `cursor` (nextCursor of the previous page). Authority accounts see only reports routed to them. `authorityNames` are in the reader\'s language (Accept-Language); `unreadByStaff` counts reporter replies since the contact centre last opened the report. Send If-None-Match with the last ETag to poll: 304 when nothing changed (not audited: nothing new was read).',
      access: ALL,
      query: queueQuerySchema,
      response: Joi.object({ items: Joi.array().items(Joi.object({ id: Joi.string(), caseCode: Joi.string(), urgency: Joi.string(), status: Joi.string(), category: Joi.string(), victimAge: Joi.string(), createdAt: Joi.date(), authorities: Joi.array().items(Joi.string()), authorityNames: Joi.array().items(Joi.string()), unreadByStaff: Joi.number(), flags: Joi.array().items(Joi.string()), noticeFailed: Joi.boolean(), noticeFailedTo: Joi.array().items(Joi.string()), noticeFailedToNames: Joi.array().items(Joi.string()), noticeError: Joi.string() })), nextCursor: Joi.string() }),
      handler: async (ctx: RouteContext<object, QueueQuery>) => {
        const [page, routing] = await Promise.all([s.queue.page(viewer(ctx), ctx.query), s.routing.data()]);
        const display = new DisplayNames(ctx.locale, routing.authorities);
        // Only those who may read the thread learn that the reporter wrote (an authority account may not).
        const seesThread = permissionsFor(ctx.session!.role).messages;
        const json = { ...page, items: page.items.map((i) => ({ ...i, unreadByStaff: seesThread ? i.unreadByStaff : 0, authorityNames: i.authorities.map((a) => display.authority(a)), noticeFailedToNames: (i.noticeFailedTo ?? []).map((a) => (a === 'onduty' ? a : display.authority(a))) })) };
        const etag = etagOf(json);
        if (clientHas(ctx, etag)) return { notModified: true, etag };
        await ctx.audit({ action: 'queue.read', targetType: 'queue', targetId: 'reports', details: { results: page.items.length, ...(ctx.query.caseCode ? { search: 'caseCode' } : {}) } });
        return { json, etag };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/alerts',
      tag: 'reports',
      summary: 'The banner: how many reports of immediate urgency are still open (new or in review); and (contact centre) how many reports have a notice to an authority that finally failed with nobody acting on it yet — immediate ones and the rest — with the last error code, so the contact centre phones instead.',
      access: ALL,
      response: Joi.object({
        immediate: Joi.number().integer(),
        noticeFailed: Joi.object({ immediate: Joi.number().integer(), other: Joi.number().integer(), lastError: Joi.string(), lastAt: Joi.date() }),
      }),
      handler: async (ctx) => {
        const v = viewer(ctx);
        const [immediate, noticeFailed] = await Promise.all([s.queue.immediateOpen(v), s.queue.noticeAlerts(v)]);
        return { json: { immediate, noticeFailed } };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/reports/:id',
      tag: 'reports',
      summary: 'One report: anonymised narrative, routing with reasons, status history, forwards, notices, notes and the message thread (per role). Names and reasons are in the reader\'s language (Accept-Language). 403 outside an authority\'s scope. A report of a distressing category (DASHBOARD_CARE_CATEGORIES) comes with `textHidden`: no narrative and no text of the reporter\'s messages, until `?show=text` asks for them; opening one (not a background poll) counts once a day towards the reader\'s care count (GET /api/dashboard/care). Send If-None-Match with the last ETag to poll an open report: 304 when nothing changed (not audited: nothing new was read).',
      access: ALL,
      params: reportId,
      query: Joi.object({ show: Joi.string().valid('text') }),
      handler: async (ctx: RouteContext<{ id: string }, { show?: 'text' }>) => {
        const v = viewer(ctx);
        const view = await reports().cases.view(v, ctx.params.id, await names(ctx.locale), { distressing: (c) => s.care.isDistressing(c), showText: ctx.query.show === 'text' });
        const etag = etagOf(view);
        if (clientHas(ctx, etag)) return { notModified: true, etag };
        // The contact centre has opened a due case: its reminder to the on-duty channel is no longer needed.
        if (v.role !== 'authority') await s.onDuty?.deadlines.opened(ctx.params.id);
        // A person opened a distressing report (a poll is not an opening); counted once per report and day.
        if (view.distressing && ctx.req.headers['x-bezbedno-background'] !== '1') await s.care.opened(v.userId, ctx.params.id, view.category);
        await ctx.audit({ action: 'report.read', targetType: 'report', targetId: ctx.params.id, ...(view.distressing ? { details: { text: view.textHidden ? 'hidden' : 'shown' } } : {}) });
        return { json: view, etag };
      },
    },
    {
      method: 'get',
      path: '/api/dashboard/reports/:id/evidence',
      tag: 'reports',
      summary: 'The decrypted evidence (links, handles). Contact centre: any report; authority: reports routed to it. Audited separately.',
      access: ALL,
      params: reportId,
      response: Joi.object({ urls: Joi.array().items(Joi.string()), handles: Joi.array().items(Joi.string()) }),
      handler: async (ctx: RouteContext<{ id: string }>) => {
        const v = viewer(ctx);
        if (!permissionsFor(v.role).evidence) throw new DashboardError('Forbidden', 'Not allowed for your role.');
        const ev = await reports().cases.evidence(v, ctx.params.id);
        await ctx.audit({ action: 'report.evidence_read', targetType: 'report', targetId: ctx.params.id, details: { items: ev.urls.length + ev.handles.length } });
        return { json: ev };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/reports/:id/status',
      tag: 'reports',
      summary: 'A workflow step (new → in_review → forwarded → closed; reopen to in_review) with a reason; forwarding records "to X by channel Y at Z", closing needs a resolution. 409 for a step that is not allowed.',
      access: CONTACT_CENTRE,
      params: reportId,
      body: statusChangeSchema,
      response: Joi.object({ from: Joi.string(), to: Joi.string() }),
      handler: async (ctx: RouteContext<{ id: string }, object, StatusChangeRequest>) => {
        const n = await names(ctx.locale);
        const change = await reports().cases.changeStatus(viewer(ctx), ctx.params.id, ctx.body, n.known);
        await ctx.audit({
          action: 'report.status',
          targetType: 'report',
          targetId: ctx.params.id,
          details: { from: change.from, to: change.to, ...(ctx.body.forward ? { forwardedTo: ctx.body.forward.authorityId, channel: ctx.body.forward.channel } : {}), ...(ctx.body.resolution ? { resolution: ctx.body.resolution } : {}) },
        });
        return { json: change };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/reports/:id/notes',
      tag: 'reports',
      summary: 'Add an internal note (staff only; encrypted at rest).',
      access: CONTACT_CENTRE,
      params: reportId,
      body: Joi.object({ text: Joi.string().trim().min(1).max(4000).required() }),
      response: Joi.object({ id: Joi.string() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { text: string }>) => {
        const id = await reports().cases.addNote(viewer(ctx), ctx.params.id, ctx.body.text);
        await ctx.audit({ action: 'report.note', targetType: 'report', targetId: ctx.params.id, details: { noteId: id } });
        return { status: 201, json: { id } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/reports/:id/messages',
      tag: 'reports',
      summary: 'Send a message to the reporter; they read it in the chat with the case code and passphrase.',
      access: CONTACT_CENTRE,
      params: reportId,
      body: Joi.object({ text: Joi.string().trim().min(1).max(2000).required() }),
      response: Joi.object({ id: Joi.string() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { text: string }>) => {
        const r = reports();
        await r.cases.load(viewer(ctx), ctx.params.id);
        const id = await r.postStaffMessage(ctx.params.id, ctx.session!.userId, ctx.body.text).catch((err: unknown) => {
          if (err instanceof ReportUnavailableError) throw new DashboardError('ReportErased', 'The report\'s content was erased; no message can be sent.');
          if (err instanceof InvalidMessageError) throw new DashboardError('InvalidMessage', 'The message is empty or too long.');
          throw err;
        });
        await ctx.audit({ action: 'report.message', targetType: 'report', targetId: ctx.params.id, details: { messageId: id } });
        return { status: 201, json: { id } };
      },
    },
    {
      method: 'post',
      path: '/api/dashboard/reports/:id/acknowledge',
      tag: 'reports',
      summary: 'An authority marks a report routed to it as received or acted on.',
      access: ['authority'],
      params: reportId,
      body: Joi.object({ state: Joi.string().valid('received', 'acted').required() }),
      handler: async (ctx: RouteContext<{ id: string }, object, { state: 'received' | 'acted' }>) => {
        await reports().cases.acknowledge(viewer(ctx), ctx.params.id, ctx.body.state);
        await ctx.audit({ action: 'report.acknowledge', targetType: 'report', targetId: ctx.params.id, details: { state: ctx.body.state } });
        return { json: { state: ctx.body.state } };
      },
    },
  ];
}
