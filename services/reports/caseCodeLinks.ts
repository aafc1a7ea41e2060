/**
 * Moved to models/embedded/caseCodeLinks.ts (data access belongs in models/).
 * Kept for importers outside services/reports until they import it from there.
 */
export { CaseCodeCollisionError, CaseCodeLinks } from '../../models/embedded/caseCodeLinks';
