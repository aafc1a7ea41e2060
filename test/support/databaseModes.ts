import { EMBEDDED_DATABASE, MONGODB_DATABASE, type DatabaseMode } from '../../models/database';

/**
 * The two ways the repositories run (models/database.ts), for tests that
 * must hold in both: the embedded database's (case-code links and
 * report-children lists) and MongoDB's (the reports' `caseCode` index and
 * the `reportId` indexes). Both run on the test database, whichever it is
 * (the MongoDB way works on FerretDB, only without its speed).
 */
export const DATABASE_MODES: ReadonlyArray<{ name: string; mode: DatabaseMode }> = [
  { name: 'embedded database', mode: EMBEDDED_DATABASE },
  { name: 'MongoDB', mode: MONGODB_DATABASE },
];
