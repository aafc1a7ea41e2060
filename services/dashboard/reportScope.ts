import type { StaffRole } from '../../models/staffUser';
import { forbidden } from '../auth/staffErrors';

/** The caller as far as report access goes. */
export interface Viewer {
  userId: string;
  role: StaffRole;
  /** Role `authority`: the one authority whose routed reports it may see. */
  authorityId?: string;
}

/**
 * The restriction for a viewer: the contact centre sees every report
 * (undefined); an authority account only reports routed to its authority (a
 * value no authority has when the account names none).
 */
export function scopeAuthority(viewer: Viewer): string | undefined {
  if (viewer.role !== 'authority') return undefined;
  return viewer.authorityId ?? '\u0000none';
}

/** Throws 403 unless the viewer may see a report routed to these authorities. */
export function assertInScope(viewer: Viewer, routedAuthorityIds: readonly string[]): void {
  if (viewer.role === 'authority' && (!viewer.authorityId || !routedAuthorityIds.includes(viewer.authorityId))) {
    throw forbidden('This report was not routed to your authority.');
  }
}

/** What each role may do with a report it can see. */
export function permissionsFor(role: StaffRole): { evidence: boolean; status: boolean; notes: boolean; messages: boolean; acknowledge: boolean } {
  const contactCentre = role === 'admin' || role === 'reviewer';
  return { evidence: true, status: contactCentre, notes: contactCentre, messages: contactCentre, acknowledge: role === 'authority' };
}
