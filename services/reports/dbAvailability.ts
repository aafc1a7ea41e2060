/** Moved to models/ (the data layer uses it too); re-exported so the reports layer's imports stay put. */
export { DatabaseTimeoutError, DatabaseUnavailableError, isDatabaseUnavailable, withTimeout } from '../../models/dbAvailability';
// Kept here for the reports layer's callers; it lives with retryOnDuplicate.
export { isDuplicateKey } from '../shared/duplicateKey';
