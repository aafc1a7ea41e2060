import { ConversationState, Storage } from 'botbuilder';
import { MainDialog } from '../dialogs/mainDialog';
import { ReportingServices, unavailableReporting } from '../dialogs/report/reportingServices';
import { ProfileStore } from '../dialogs/shared/profileStore';
import { loadReplyContent } from '../dialogs/shared/reply';
import { loadUnderstandingContent } from '../dialogs/understanding/answers';
import { TurnConversationState } from './turnConversationState';
import type { Recognizer } from '../services/nlu/types';
import type { Logger } from '../core/logger';
import { BezbednoBot } from './bezbednoBot';

/** The bot and the state it keeps. */
export interface BotParts {
  bot: BezbednoBot;
  conversationState: ConversationState;
}

/**
 * Wires the bot: conversation state (no per-user state) on `storage` (MongoDB in
 * production), the profile store, the dialogs and the recognizer. The
 * recognizer must already be initialised. `reporting` is the reports layer
 * (server/index.ts passes createReportServices' parts); without it the
 * report dialogs run but cannot submit, and say where to report instead.
 * `clock` is the bot's "now" (which help lines are open, what "do petka"
 * means); tests move it.
 */
export function createBot(deps: { storage: Storage; recognizer: Recognizer; log: Logger; reporting?: ReportingServices; clock?: () => Date }): BotParts {
  loadUnderstandingContent();
  loadReplyContent();
  // Its change check is one JSON of the state on load and one before saving (see turnConversationState.ts).
  const conversationState = new TurnConversationState(deps.storage);
  const profiles = new ProfileStore(conversationState);
  const bot = new BezbednoBot({
    conversationState,
    profiles,
    recognizer: deps.recognizer,
    dialog: new MainDialog(profiles, deps.reporting ?? unavailableReporting(), deps.log, deps.clock),
    log: deps.log,
  });
  return { bot, conversationState };
}
