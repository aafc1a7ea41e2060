/** Dialog ids, one place, so dialogs refer to each other without strings. */
export const DialogIds = {
  main: 'mainDialog',
  mainFlow: 'mainDialog.flow',
  role: 'roleDialog',
  topic: 'topicDialog',
  contacts: 'contactsDialog',
  language: 'languageDialog',
  clarify: 'clarifyDialog',
  report: 'reportDialog',
  reportStatus: 'reportStatusDialog',
  ask: 'ask',
  flow: 'flow',
  /** The report's last question: "did you write down your code and words?". */
  keep: 'keep',
} as const;
