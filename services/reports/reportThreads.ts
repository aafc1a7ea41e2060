/**
 * Moved to models/caseMessageRepository.ts (data access belongs in models/).
 * Kept for importers outside services/reports (the dashboard) until they
 * import the repository from there.
 */
export { CaseMessageRepository as ReportThreads } from '../../models/caseMessageRepository';
