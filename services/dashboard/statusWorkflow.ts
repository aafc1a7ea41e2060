import { FORWARD_CHANNELS, ForwardChannel, REPORT_STATUSES, ReportStatus, Resolution, RESOLUTIONS } from '../../models/report';
import Joi from 'joi';

/**
 * The allowed status changes. The contact centre reviews before it forwards;
 * a report can be closed without forwarding (advice given, duplicate) and
 * reopened for review.
 */
export const TRANSITIONS: Readonly<Record<ReportStatus, readonly ReportStatus[]>> = {
  new: ['in_review', 'closed'],
  in_review: ['forwarded', 'closed'],
  forwarded: ['in_review', 'closed'],
  closed: ['in_review'],
};

/** True when `from → to` is a step of the workflow. */
export function canTransition(from: ReportStatus, to: ReportStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Body of a status change. */
export interface StatusChangeRequest {
  to: ReportStatus;
  reason: string;
  /** Required when closing. */
  resolution?: Resolution;
  /** Required when forwarding: the "forwarded to X by channel Y" record. */
  forward?: { authorityId: string; channel: ForwardChannel };
  /** The status the reviewer saw; a change made meanwhile by someone else → 409. */
  expectedStatus?: ReportStatus;
}

export const statusChangeSchema = Joi.object({
  to: Joi.string().valid(...REPORT_STATUSES).required(),
  // Reasons are workflow words, not report content: keep them short.
  reason: Joi.string().trim().min(3).max(500).required(),
  resolution: Joi.string().valid(...RESOLUTIONS).when('to', { is: 'closed', then: Joi.required(), otherwise: Joi.forbidden() }),
  forward: Joi.object({
    authorityId: Joi.string().pattern(/^[a-z0-9-]{2,80}$/).required(),
    channel: Joi.string().valid(...FORWARD_CHANNELS).required(),
  }).when('to', { is: 'forwarded', then: Joi.required(), otherwise: Joi.forbidden() }),
  expectedStatus: Joi.string().valid(...REPORT_STATUSES),
});
