import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { DialogContext, DialogEvent, DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import { DecryptionError } from '../services/crypto/fieldCipher';
import { type EncryptedField } from '../models/encryptedField';
import { TOPIC_INTENTS, type Intent } from '../services/nlu/types';
import type { Category } from '../core/domain/routing';
import type { Logger } from '../core/logger';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { buildDraft } from './report/buildDraft';
import { DraftSealer, type KeptCase } from './report/draftSealer';
import { keptAnswerOf } from './report/keptAnswer';
import { applyAnswer, type Outcome } from './report/reportAnswers';
import { audienceOf, caseCodeView, keptQuestionView, outcomeViews, type Audience } from './report/reportOutcome';
import { markCrisis, type ReportProgress, type SealedDraft } from './report/reportProgress';
import { MORE_PICK, questionOf } from './report/reportQuestions';
import { nextStep } from './report/reportSteps';
import type { ReportingServices } from './report/reportingServices';
import { ask, AskPrompt } from './shared/askPrompt';
import { imageRuleOnce } from './shared/imageRule';
import type { ChildResult } from './shared/childResult';
import { CRISIS_EVENT } from './shared/crisisEvent';
import { asksForMore, effectiveRole } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { MessageView, render } from './shared/reply';
import { localeOf, turnInfo, voiceOf } from './shared/turnInfo';
import type { Understanding } from './understanding/understanding';

/** Options of a {@link ReportDialog}. */
export interface ReportOptions {
  /** The category, when the report starts from a topic ("do you want to report this?"). */
  category?: Category;
  /** The report so far (the dialog passes it to itself from question to question). */
  progress?: ReportProgress;
}

/**
 * After sending: the case code and secret words, sealed with the report key
 * (never readable in state), until the reporter says they are written down.
 */
interface KeepOptions {
  submissionId: string;
  sealed: EncryptedField;
  audience: Audience;
  /** Show the code and words (again) before asking. */
  show: boolean;
  /** The last answer was neither yes nor "show again": say how to answer. */
  hint?: boolean;
}

/** Intents that, written at "did you write them down?", are a clear request for something else. */
const REQUESTS: readonly Intent[] = [...TOPIC_INTENTS, 'report', 'report_status', 'human'];

/**
 * An anonymous report, one question at a time, in words a frightened child
 * can follow: reassurance; is anyone in danger now (the emergency card
 * first); what happened; who and how old; where and whether it goes on; the
 * questions hotlines ask for this category; the story in the reporter's own
 * words, shown back anonymised; links and profile names (never images);
 * municipality; for adults, whether the contact centre may contact them;
 * the summary; then submitReport: where the report goes and what to do now,
 * and last — so nothing pushes it out of view — the case code and secret
 * words in one message, with "did you write them down?" (yes, or show them
 * again) before the menu comes back.
 *
 * Every question offers "back" and "cancel"; the crisis check runs before
 * every answer (bots/). The draft lives only in this dialog's state — the
 * reporter's words sealed with the report key — so a report left halfway or
 * cancelled leaves nothing stored. The passphrase enters state only sealed,
 * and only until the reporter confirms it is written down.
 * Which step comes next is data (report/reportSteps.ts); what an answer
 * means is in report/reportAnswers.ts; this class only runs the loop.
 */
export class ReportDialog extends InterruptibleDialog {
  private readonly sealer: DraftSealer;

  constructor(profiles: ProfileStore, private readonly reporting: ReportingServices, private readonly log: Logger, private readonly clock: () => Date = () => new Date()) {
    super(DialogIds.report, profiles);
    this.sealer = new DraftSealer(reporting.cipher);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.askStep.bind(this), this.answerStep.bind(this)]));
    this.addDialog(new WaterfallDialog(DialogIds.keep, [this.keepAskStep.bind(this), this.keepAnswerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  protected override accepts(u: Understanding, dc: DialogContext): boolean {
    // "Did you write them down?" takes its typed answers ("nisam" reads as a cry for help to the recognizer) and "cancel".
    if (dc.stack.some((d) => d.id === DialogIds.keep)) return keptAnswerOf(u, turnInfo(dc.context).text ?? '') !== undefined || (u.kind === 'command' && u.command === 'cancel');
    // "back" and "cancel" are the report's own; a role word ("učenik") may answer "who is it about?".
    return (u.kind === 'command' && (u.command === 'back' || u.command === 'cancel' || u.command === 'yes' || u.command === 'no')) || u.kind === 'choice' || u.kind === 'role';
  }

  /**
   * A crisis recognised at any step goes with the report: the bot emits
   * CRISIS_EVENT from the waiting question, and the flag is put on the
   * progress this dialog's flow holds — also when the card kept the text
   * from the question ("continue" then asks it again).
   */
  protected override async onPreBubbleEvent(dc: DialogContext, e: DialogEvent): Promise<boolean> {
    if (e.name !== CRISIS_EVENT) return super.onPreBubbleEvent(dc, e);
    const crisis = turnInfo(dc.context).crisis;
    const flow = this.createChildContext(dc)?.stack.find((i) => i.id === DialogIds.flow);
    const state = flow?.state as { options?: ReportOptions; values?: { progress?: ReportProgress } } | undefined;
    if (crisis) {
      // The answer step reads `values`; `options` holds the progress as the question was asked (a copy of its own once
      // state was stored): both are marked, so no copy lacks the flag.
      for (const progress of new Set([state?.values?.progress, state?.options?.progress])) if (progress) markCrisis(progress, crisis);
    }
    return true;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as ReportOptions;
    let progress = options.progress;
    if (!progress) {
      progress = await this.newReport(step.context, options.category);
      await this.send(step.context, { say: ['reportFlow.intro'] });
    }
    (step.values as { progress?: ReportProgress }).progress = progress;
    const sealed = this.open(progress);
    if (!sealed) return this.expired(step);
    const q = questionOf(progress.at, progress, sealed);
    // The never-download rule once in a conversation; heard before, the evidence question just says images are not taken.
    const say = await imageRuleOnce(step.context, this.profiles, q.view.say ?? [], { instead: 'reportFlow.evidence.noImages' });
    return step.prompt(DialogIds.ask, ask({ ...q.view, say }, { freeText: q.freeText ?? false, keepLocale: q.keepLocale ?? false }));
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const progress = (step.values as { progress: ReportProgress }).progress;
    const u = step.result as Understanding;
    if (u.kind === 'command' && u.command === 'cancel') {
      await this.send(step.context, { say: ['reportFlow.cancelled'] });
      return step.endDialog({} satisfies ChildResult);
    }
    if (u.kind === 'command' && u.command === 'back' && (progress.page ?? 1) > 1) {
      // "Back" on a later page of answer buttons shows the page before.
      progress.page = (progress.page ?? 1) - 1;
      return this.again(step, progress);
    }
    if (u.kind === 'command' && u.command === 'back') {
      const previous = progress.history.pop();
      if (!previous) {
        await this.send(step.context, { say: ['reportFlow.cancelled'] });
        return step.endDialog({} satisfies ChildResult);
      }
      progress.at = previous;
      return this.again(step, progress);
    }
    const sealed = this.open(progress);
    if (!sealed) return this.expired(step);
    const info = turnInfo(step.context);
    if (this.asksForMoreAnswers(progress, sealed, u, info.text ?? '')) {
      const pages = questionOf(progress.at, progress, sealed).pages ?? 1;
      progress.page = ((progress.page ?? 1) % pages) + 1;
      return this.again(step, progress);
    }
    let outcome = applyAnswer(progress, sealed, { understanding: u, text: info.text ?? '', locale: localeOf(step.context), now: this.clock() });
    // Right after a crisis card, words that are not an answer get no complaint: the question simply comes again.
    if (info.crisis && outcome.kind === 'stay' && outcome.complaint) outcome = { kind: 'stay' };
    progress.sealed = this.sealer.seal(progress.submissionId, sealed);
    return this.follow(step, progress, sealed, outcome);
  }

  private async follow(step: WaterfallStepContext, progress: ReportProgress, sealed: SealedDraft, outcome: Outcome): Promise<DialogTurnResult> {
    switch (outcome.kind) {
      case 'submit':
        return this.submit(step, progress, sealed);
      case 'goto':
        progress.at = outcome.step;
        delete progress.page;
        break;
      case 'next':
        progress.history.push(progress.at);
        progress.at = nextStep(progress.role, progress.answers, progress.at);
        delete progress.page;
        break;
      case 'stay':
        break;
    }
    if (outcome.kind !== 'goto' && outcome.say) await this.send(step.context, outcome.say);
    return this.again(step, progress);
  }

  /**
   * Sends the report. The submission id was made when the draft began, so a
   * retry after a failure (or a lost reply) finds the same report; if the
   * first reply with the passphrase was lost, a new passphrase is issued.
   */
  private async submit(step: WaterfallStepContext, progress: ReportProgress, sealed: SealedDraft): Promise<DialogTurnResult> {
    const locale = localeOf(step.context);
    try {
      const result = await this.reporting.submitter.submit(buildDraft(progress, sealed, locale));
      let passphrase = result.passphrase;
      if (!passphrase) {
        passphrase = await this.reporting.submitter.reissuePassphrase(progress.submissionId).then(
          (r) => r.passphrase,
          () => undefined,
        );
      }
      for (const view of outcomeViews(result, progress, await this.reporting.onDuty.status())) await this.send(step.context, view);
      const kept: KeptCase = { code: result.caseCode, ...(passphrase ? { passphrase } : {}) };
      return step.replaceDialog(DialogIds.keep, {
        submissionId: progress.submissionId,
        sealed: this.sealer.sealCase(progress.submissionId, kept),
        audience: audienceOf(progress.role),
        show: true,
      } satisfies KeepOptions);
    } catch (err) {
      this.log.error({ event: 'report.submit_failed', err }, 'report could not be submitted; the reporter may retry');
      await this.send(step.context, {
        say: ['reportFlow.submitFailed'],
        cards: [{ title: 'report.card.title', text: ['report.card.text'], buttons: [{ call: 'nkc' }, { web: 'nkc', title: 'button.webForm' }] }],
      });
      return this.again(step, progress);
    }
  }

  /** Shows the case code and secret words (from their sealed copy), then asks whether they are written down. */
  private async keepAskStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as KeepOptions;
    if (o.show) {
      const kept = this.openCase(o);
      // The key changed since: the words cannot be shown again (the message with them is still above).
      if (!kept) return step.endDialog({} satisfies ChildResult);
      await this.send(step.context, caseCodeView(kept, localeOf(step.context)));
    }
    return step.prompt(DialogIds.ask, ask(keptQuestionView(o.audience, o.hint ?? false)));
  }

  /**
   * Written down: a word of thanks, and the dialog ends (the sealed copy with
   * it) so the menu comes back. Not yet, or "show again": the code and words
   * again. A clear request for something else is handed on; anything else
   * asks again, saying how to answer. (A crisis never reaches here: the card
   * answers it and this question waits, with "continue" on the card.)
   */
  private async keepAnswerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const o = step.options as KeepOptions;
    const u = step.result as Understanding;
    if (u.kind === 'command' && u.command === 'cancel') return step.endDialog({} satisfies ChildResult);
    const answer = keptAnswerOf(u, turnInfo(step.context).text ?? '');
    if (answer === 'kept') {
      await this.send(step.context, { say: [`reportFlow.kept.done.${o.audience}`] });
      return step.endDialog({} satisfies ChildResult);
    }
    if (answer === 'again') return step.replaceDialog(DialogIds.keep, { ...o, show: true, hint: false } satisfies KeepOptions);
    if (u.kind === 'intent' && REQUESTS.includes(u.intent)) return step.endDialog({ navigate: u } satisfies ChildResult);
    return step.replaceDialog(DialogIds.keep, { ...o, show: false, hint: true } satisfies KeepOptions);
  }

  private openCase(o: KeepOptions): KeptCase | undefined {
    try {
      return this.sealer.openCase(o.submissionId, o.sealed);
    } catch (err) {
      if (err instanceof DecryptionError) return undefined;
      throw err;
    }
  }

  /** "More answers…" tapped, or "još"/"more" typed, at a question whose answer buttons take more than one page. */
  private asksForMoreAnswers(progress: ReportProgress, sealed: SealedDraft, u: Understanding, text: string): boolean {
    if (u.kind === 'choice') return u.value === MORE_PICK;
    if (!asksForMore(text)) return false;
    return (questionOf(progress.at, progress, sealed).pages ?? 1) > 1;
  }

  /** A new draft; a crisis recognised earlier in the conversation goes with it (see MainDialog.noteCrisis). */
  private async newReport(context: TurnContext, category: Category | undefined): Promise<ReportProgress> {
    const profile = await this.profiles.get(context);
    const crisis = profile.crisis && Object.keys(profile.crisis).length > 0 ? { ...profile.crisis } : undefined;
    return {
      submissionId: randomUUID(),
      role: effectiveRole(profile.role),
      at: 'danger',
      history: [],
      answers: { questions: {}, ...(category ? { category, categoryGiven: true } : {}) },
      ...(crisis ? { crisis } : {}),
    };
  }

  /** The sealed words, or undefined when they can no longer be opened (the key changed): the draft is lost. */
  private open(progress: ReportProgress): SealedDraft | undefined {
    try {
      return this.sealer.open(progress.submissionId, progress.sealed);
    } catch (err) {
      if (err instanceof DecryptionError) return undefined;
      throw err;
    }
  }

  private async expired(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.send(step.context, { say: ['reportFlow.expired'] });
    return step.replaceDialog(DialogIds.flow, {} satisfies ReportOptions);
  }

  private again(step: WaterfallStepContext, progress: ReportProgress): Promise<DialogTurnResult> {
    return step.replaceDialog(DialogIds.flow, { progress } satisfies ReportOptions);
  }

  private async send(context: TurnContext, view: MessageView): Promise<void> {
    await context.sendActivity(render(voiceOf(context), view));
  }
}
