import { createHash } from 'node:crypto';
import type { AuditEventDoc } from '../../models/auditEvent';
import { canonicalJson } from './canonicalJson';

/** The `prevHash` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hashed fields of an audit event (everything but the hash itself). */
export type AuditLink = Omit<AuditEventDoc, 'hash'>;

/** SHA-256 (hex) over the canonical JSON of the link, `prevHash` included. */
export function auditHash(link: AuditLink): string {
  const { seq, at, actorId, actorRole, action, targetType, targetId, details, prevHash } = link;
  const canonical = canonicalJson({ seq, at: new Date(at).toISOString(), actorId, actorRole, action, targetType, targetId, details: details ?? {}, prevHash });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
