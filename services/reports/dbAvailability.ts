/** Moved to models/ (the data layer uses it too); re-exported so the reports layer's imports stay put. */
export { DatabaseTimeoutError, DatabaseUnavailableError, isDatabaseUnavailable, isDuplicateKey, withTimeout } from '../../models/dbAvailability';
