import type { Connection } from 'mongoose';
import type { AuditLog } from '../../services/audit/auditLog';
import type { AuthService } from '../../services/auth/authService';
import type { SessionService } from '../../services/auth/sessionService';
import type { StaffService } from '../../services/auth/staffService';
import type { RoutingService } from '../../services/routing/routingService';
import type { DashboardConfig } from './config';

/** Everything the dashboard routes call, built once by the composition root. */
export interface DashboardServices {
  conn: Connection;
  config: DashboardConfig;
  routing: RoutingService;
  staff: StaffService;
  auth: AuthService;
  sessions: SessionService;
  audit: AuditLog;
}
