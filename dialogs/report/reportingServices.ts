import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import { FieldCipher } from '../../services/crypto/fieldCipher';
import { OnDutyRota, type OnDuty } from '../../services/notify/onDuty';
import type { FollowUpService } from '../../services/reports/followUp';
import type { ReportSubmitter } from '../../services/reports/submitReport';

/**
 * What the report dialogs need from the reports layer
 * (services/reports/index.ts `createReportServices` provides all of it).
 */
export interface ReportingServices {
  submitter: Pick<ReportSubmitter, 'submit' | 'reissuePassphrase'>;
  followUp: Pick<FollowUpService, 'verify' | 'view' | 'postReporterMessage' | 'flagCrisis'>;
  /** Seals the free text of a draft in conversation state (the report key; see draftSealer.ts). */
  cipher: FieldCipher;
  /** Whether a person at the contact centre gets an immediate report now, and if not, when. */
  onDuty: OnDuty;
}

/** Raised by {@link unavailableReporting}: this bot was built without the reports layer. */
export class ReportingUnavailableError extends AppError<'ReportingUnavailable'> {
  constructor() {
    super('ReportingUnavailable', 'reporting is not configured in this bot');
  }
}

/**
 * Reporting for a bot built without a database (conversation tests, tools):
 * the dialogs run, drafts are sealed under a key that lives only in this
 * process, and submitting or checking a report fails the way an outage
 * does, so the user is sent to the contact centre's phone and web form.
 */
export function unavailableReporting(): ReportingServices {
  const kid = 'proc';
  const key = { kid, key: randomBytes(32) };
  const fail = (): Promise<never> => Promise.reject(new ReportingUnavailableError());
  return {
    submitter: { submit: fail, reissuePassphrase: fail },
    followUp: { verify: fail, view: fail, postReporterMessage: fail, flagCrisis: fail },
    cipher: new FieldCipher({ current: key, all: new Map([[kid, key]]) }),
    // No hours, no channel: nothing is promised.
    onDuty: new OnDutyRota(undefined, false),
  };
}
