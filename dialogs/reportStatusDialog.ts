import type { TurnContext } from 'botbuilder';
import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Locale } from '../services/i18n/locales';
import { normaliseCaseCode } from '../services/reports/caseCode';
import { FollowUpTokenError, InvalidMessageError, MESSAGE_MAX, ReportUnavailableError, type ReporterView } from '../services/reports/followUp';
import { isPassphraseShaped } from '../services/reports/passphrase';
import type { Logger } from '../core/logger';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { formatDate } from './report/formatDate';
import { markdownText } from './report/markdownText';
import type { ReportingServices } from './report/reportingServices';
import { ask, AskPrompt, AskOptions } from './shared/askPrompt';
import type { ChildResult } from './shared/childResult';
import type { ProfileStore } from './shared/profileStore';
import { MessageView, Part, render } from './shared/reply';
import { crisisFlagsOf, localeOf, turnInfo, voiceOf } from './shared/turnInfo';
import { Token } from './understanding/tokens';
import type { Understanding } from './understanding/understanding';

/** Where the follow-up is. */
type StatusStep = 'code' | 'passphrase' | 'thread';

/**
 * The follow-up's state. The case code is kept only between the two
 * questions; the passphrase never (it is checked in the turn it arrives);
 * after that only followUp's short-lived token, which names no one.
 */
interface StatusProgress {
  at: StatusStep;
  code?: string;
  token?: string;
}

/** A well-formed case code to show what one looks like (data, not text: it is the same in every script). */
const EXAMPLE_CODE = 'K7F9-Q2XM-4HRT-A';

/** How many of the latest thread messages are shown. */
const SHOWN_MESSAGES = 10;

const CONTACT_CARD: MessageView['cards'] = [{ title: 'report.card.title', text: ['report.card.text'], buttons: [{ call: 'nkc' }, { web: 'nkc', title: 'button.webForm' }] }];

/**
 * "Check my report": case code, then passphrase (followUp.verify, with its
 * per-code lockout) → the status in plain words, the contact centre's
 * messages, and a box to reply (followUp.postReporterMessage, anonymised
 * like the narrative). A wrong passphrase is answered kindly and the limit
 * is explained; a lock says how long to wait and where to call meanwhile.
 */
export class ReportStatusDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore, private readonly reporting: ReportingServices, private readonly log: Logger) {
    super(DialogIds.reportStatus, profiles);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  protected override accepts(u: Understanding): boolean {
    return (u.kind === 'command' && (u.command === 'back' || u.command === 'cancel')) || u.kind === 'choice';
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const progress = ((step.options ?? {}) as { progress?: StatusProgress }).progress ?? { at: 'code' };
    (step.values as { progress?: StatusProgress }).progress = progress;
    return step.prompt(DialogIds.ask, questionOf(progress.at));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const progress = (step.values as { progress: StatusProgress }).progress;
    const u = step.result as Understanding;
    const text = turnInfo(step.context).text ?? '';
    if (u.kind === 'command' && (u.command === 'cancel' || (u.command === 'back' && progress.at !== 'passphrase'))) {
      return step.endDialog({} satisfies ChildResult);
    }
    if (u.kind === 'command' && u.command === 'back') return this.again(step, { at: 'code' });
    try {
      switch (progress.at) {
        case 'code':
          return await this.codeAnswer(step, u, text);
        case 'passphrase':
          return await this.passphraseAnswer(step, progress, u, text);
        case 'thread':
          return await this.threadAnswer(step, progress, u, text);
      }
    } catch (err) {
      if (err instanceof FollowUpTokenError) {
        await this.send(step.context, { say: ['reportStatus.expired'] });
        return this.again(step, { at: 'code' });
      }
      if (err instanceof ReportUnavailableError) {
        await this.send(step.context, { say: ['reportStatus.unavailable'], cards: CONTACT_CARD });
        return step.endDialog({} satisfies ChildResult);
      }
      this.log.error({ event: 'followup.failed', err }, 'follow-up failed');
      await this.send(step.context, { say: ['reportStatus.failed'], cards: CONTACT_CARD });
      return step.endDialog({} satisfies ChildResult);
    }
  }

  private async codeAnswer(step: WaterfallStepContext, u: Understanding, text: string): Promise<DialogTurnResult> {
    const code = u.kind === 'choice' ? undefined : normaliseCaseCode(text);
    if (!code) {
      // Right after a crisis card the words get no complaint: the question simply comes again.
      if (!turnInfo(step.context).crisis) await this.send(step.context, { say: [{ key: 'reportStatus.malformed', vars: { example: EXAMPLE_CODE } }] });
      return this.again(step, { at: 'code' });
    }
    return this.again(step, { at: 'passphrase', code });
  }

  private async passphraseAnswer(step: WaterfallStepContext, progress: StatusProgress, u: Understanding, text: string): Promise<DialogTurnResult> {
    if (u.kind === 'choice' || !text || !progress.code) return this.again(step, progress);
    const crisis = turnInfo(step.context).crisis !== undefined;
    // A crisis written here is no attempt at the secret words: none is counted against the code.
    if (crisis && !isPassphraseShaped(text)) return this.again(step, progress);
    const result = await this.reporting.followUp.verify(progress.code, text);
    if (result.ok) {
      await this.send(step.context, statusView(result.view, localeOf(step.context)));
      return this.again(step, { at: 'thread', token: result.token });
    }
    if (result.reason === 'locked') {
      const minutes = Math.max(1, Math.ceil((result.retryAfterSeconds ?? 60) / 60));
      await this.send(step.context, { say: [{ key: 'reportStatus.locked', vars: { minutes } }], cards: CONTACT_CARD });
      return step.endDialog({} satisfies ChildResult);
    }
    if (!crisis) await this.send(step.context, { say: [result.reason === 'malformed' ? { key: 'reportStatus.malformed', vars: { example: EXAMPLE_CODE } } : 'reportStatus.invalid'] });
    return this.again(step, result.reason === 'malformed' ? { at: 'code' } : progress);
  }

  private async threadAnswer(step: WaterfallStepContext, progress: StatusProgress, u: Understanding, text: string): Promise<DialogTurnResult> {
    const token = progress.token;
    if (!token) return this.again(step, { at: 'code' });
    if (u.kind === 'choice' && u.value === 'refresh') {
      await this.send(step.context, statusView(await this.reporting.followUp.view(token), localeOf(step.context)));
      return this.again(step, progress);
    }
    if (u.kind === 'choice' && u.value === 'done') return step.endDialog({} satisfies ChildResult);
    if (!text || u.kind === 'choice') return this.again(step, progress);
    let tooLong = false;
    try {
      await this.reporting.followUp.postReporterMessage(token, text);
    } catch (err) {
      if (!(err instanceof InvalidMessageError)) throw err;
      tooLong = true;
    }
    // A crisis said in a reply goes on the report (a flag; the reply itself reaches the contact centre anonymised).
    const crisis = turnInfo(step.context).crisis;
    if (crisis) for (const flag of crisisFlagsOf(crisis)) await this.flagCrisis(token, flag);
    if (tooLong) {
      await this.send(step.context, { say: [{ key: 'reportStatus.tooLong', vars: { max: MESSAGE_MAX } }] });
      return this.again(step, progress);
    }
    await this.send(step.context, { say: ['reportStatus.replySent'] });
    return this.again(step, progress);
  }

  /** Flags the report; a failure is logged, not shown: the card was shown and the reply is already with the contact centre. */
  private async flagCrisis(token: string, flag: 'selfHarmRisk' | 'dangerDisclosed'): Promise<void> {
    try {
      await this.reporting.followUp.flagCrisis(token, flag);
    } catch (err) {
      this.log.error({ event: 'followup.crisis_flag_failed', flag, err }, 'a crisis in a follow-up reply could not be put on the report');
    }
  }

  private again(step: WaterfallStepContext, progress: StatusProgress): Promise<DialogTurnResult> {
    return step.replaceDialog(DialogIds.flow, { progress });
  }

  private async send(context: TurnContext, view: MessageView): Promise<void> {
    await context.sendActivity(render(voiceOf(context), view));
  }
}

/** The question of each follow-up step. The code and passphrase may be typed in any script: they do not switch the language. */
function questionOf(at: StatusStep): AskOptions {
  const pick = (value: string, title: string) => ({ token: Token.pick(value), title });
  switch (at) {
    case 'code':
      return ask({ say: [{ key: 'reportStatus.ask.code', vars: { example: EXAMPLE_CODE } }], buttons: [{ token: Token.command('cancel'), title: 'button.cancelCheck' }] }, { freeText: true, keepLocale: true });
    case 'passphrase':
      return ask({ say: ['reportStatus.ask.passphrase'], buttons: [{ token: Token.command('back'), title: 'button.otherCode' }, { token: Token.command('cancel'), title: 'button.cancelCheck' }] }, { freeText: true, keepLocale: true });
    case 'thread':
      return ask({ say: ['reportStatus.ask.reply'], buttons: [pick('refresh', 'button.refresh'), pick('done', 'button.doneCheck')] }, { freeText: true });
  }
}

/** The status in plain words and the latest messages of the thread. */
function statusView(view: ReporterView, locale: Locale): MessageView {
  const say: Part[] = [
    { key: 'reportStatus.found', vars: { code: view.caseCode }, heading: true },
    view.statusKey,
    { key: 'reportStatus.submitted', vars: { date: formatDate(view.submittedAt, locale) } },
  ];
  const messages = view.messages.slice(-SHOWN_MESSAGES);
  if (messages.length === 0) say.push('reportStatus.noMessages');
  else if (view.newFromStaff > 0) say.push({ key: 'reportStatus.newMessages', vars: { count: view.newFromStaff } });
  for (const m of messages) {
    say.push({ key: m.from === 'staff' ? 'reportStatus.message.staff' : 'reportStatus.message.mine', vars: { date: formatDate(m.at, locale), text: markdownText(m.text) } });
  }
  return { say };
}
