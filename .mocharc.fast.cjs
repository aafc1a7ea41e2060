/* global module */
// The fast test tier: `npm run test:fast`. Every test file except the
// integration tier below: dialogs on MemoryStorage, services against
// in-memory fakes, content, NLU, the anonymiser, configuration. No database
// is started (test/support/rootHooks.ts is not loaded); instead
// test/support/fastTier.ts makes a database connection, a listening or
// outgoing socket and a browser fail the run, naming the file. `npm test`
// (.mocharc.json) runs both tiers.
//
// The integration tier: whatever needs a real database, a real server
// (a socket), a browser, or runs one of the project's commands as a child
// process (their command-line contract, SPEC section 6). A new file goes to
// the fast tier unless it is listed here; the guard says when it must be.
const INTEGRATION = [
  // Whole folders and kinds.
  'test/models/**',
  'test/e2e/**',
  'test/widget/**',
  'test/deploy/**',
  'test/**/*.e2e.test.ts',
  'test/**/*[bB]rowser.test.ts',
  // A report stored in the database (ReportingFixture), or the bot's turn failure against it.
  'test/bots/turnError.test.ts',
  'test/dialogs/crisisBeforeReport.test.ts',
  'test/dialogs/imageRuleOnce.test.ts',
  'test/dialogs/reportCrisis.test.ts',
  'test/dialogs/reportDialog.test.ts',
  'test/dialogs/reportDialogSteps.test.ts',
  'test/dialogs/reportKept.test.ts',
  'test/dialogs/reportPromise.test.ts',
  'test/dialogs/reportStatusDialog.test.ts',
  'test/dialogs/stateSealing.test.ts',
  'test/dialogs/typedAnswersFlow.test.ts',
  // The dashboard: a test server or a test database.
  'test/dashboard/accountLinks.test.ts',
  'test/dashboard/adminCli.test.ts',
  'test/dashboard/auth.test.ts',
  'test/dashboard/authorisationMatrix.test.ts',
  'test/dashboard/care.test.ts',
  'test/dashboard/caseFlags.test.ts',
  'test/dashboard/deadlineStats.test.ts',
  'test/dashboard/doneWhen.test.ts',
  'test/dashboard/language.test.ts',
  'test/dashboard/loginThrottle.test.ts',
  'test/dashboard/noticeFailures.test.ts',
  'test/dashboard/onDutyRota.test.ts',
  'test/dashboard/queue.test.ts',
  'test/dashboard/queueIndex.test.ts',
  'test/dashboard/queueMirror.test.ts',
  'test/dashboard/reportCase.test.ts',
  'test/dashboard/reports.test.ts',
  // The web channel over HTTP, or its records in the database.
  'test/directline/directLineClient.test.ts',
  'test/directline/directLineHttp.test.ts',
  'test/directline/rateLimiter.test.ts',
  'test/directline/restart.test.ts',
  'test/directline/shutdownForget.test.ts',
  'test/directline/streamCaps.test.ts',
  'test/directline/turnWrites.test.ts',
  // Whole servers, the embedded database and its faults.
  'test/server/concurrentStart.test.ts',
  'test/server/databaseFaults.test.ts',
  'test/server/dbOutage.test.ts',
  'test/server/embeddedIdIndex.test.ts',
  'test/server/embeddedServer.test.ts',
  'test/server/embeddedSupervision.test.ts',
  'test/server/hostileActivities.test.ts',
  'test/server/keyCheck.test.ts',
  'test/server/productionGuard.test.ts',
  'test/server/readyNotice.test.ts',
  'test/server/twoInstances.test.ts',
  // Services against the database, or a local HTTP endpoint standing in for a cloud one.
  'test/services/audit/auditLog.test.ts',
  'test/services/dashboard/reviewerCare.test.ts',
  'test/services/deadlines/deadlineReminders.test.ts',
  'test/services/nlu/cluRecognizer.test.ts',
  'test/services/nlu/luisRecognizer.test.ts',
  'test/services/notify/notify.test.ts',
  'test/services/notify/rotaService.test.ts',
  'test/services/notify/webhookUrl.test.ts',
  'test/services/reports/accountLinks.test.ts',
  'test/services/reports/caseCodeLinks.test.ts',
  'test/services/reports/followUp.test.ts',
  'test/services/reports/privacyScan.test.ts',
  'test/services/reports/reportAnswers.test.ts',
  'test/services/reports/reportChildren.test.ts',
  'test/services/reports/reportThreads.test.ts',
  'test/services/reports/rotateKeys.test.ts',
  'test/services/reports/sharedSpool.test.ts',
  'test/services/reports/spoolOutage.test.ts',
  'test/services/reports/submitReport.test.ts',
  'test/services/retention/purge.test.ts',
  'test/services/routing/cswDirectory.test.ts',
  'test/services/routing/routingStore.test.ts',
  // The project's commands run as child processes (their contract; each start trains or loads models).
  'test/services/anonymise/command.test.ts',
  'test/services/nlu/classifyCommand.test.ts',
  'test/scripts/nluExportClu.test.ts',
];

module.exports = {
  'node-option': ['import=tsx'],
  extension: ['ts'],
  spec: ['test/**/*.test.ts'],
  ignore: INTEGRATION,
  require: ['test/support/fastTier.ts'],
  timeout: 30000,
  exit: true,
};
