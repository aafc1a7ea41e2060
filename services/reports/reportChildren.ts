/**
 * Moved to models/embedded/reportChildren.ts (data access belongs in models/).
 * Kept for importers outside services/reports (notify, dashboard) until they import it from there.
 */
export { ReportChildren } from '../../models/embedded/reportChildren';
