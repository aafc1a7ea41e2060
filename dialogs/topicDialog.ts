import { DialogTurnResult, WaterfallDialog, WaterfallStepContext } from 'botbuilder-dialogs';
import type { TopicIntent } from '../services/nlu/types';
import { CATEGORIES, type Category } from '../core/domain/routing';
import { DialogIds } from './dialogIds';
import { InterruptibleDialog } from './interruptibleDialog';
import { ask, AskPrompt } from './shared/askPrompt';
import { IMAGE_RULE, imageRuleOnce, RULE_IN_TEXT_TOPICS } from './shared/imageRule';
import type { ChildResult } from './shared/childResult';
import { effectiveRole, intentButton, MENU_BUTTON } from './shared/menus';
import type { ProfileStore } from './shared/profileStore';
import { Part, render } from './shared/reply';
import { voiceOf } from './shared/turnInfo';
import { Token } from './understanding/tokens';
import type { Understanding } from './understanding/understanding';

/** Options of a {@link TopicDialog}. */
export interface TopicOptions {
  topic: TopicIntent;
}

/**
 * Topics where someone may hold or be asked for sexual images of a child:
 * the answer ends with the rule never to download, screenshot or send them
 * (the first time in a conversation: see shared/imageRule.ts).
 */
const CSAM_RULE_TOPICS: readonly TopicIntent[] = ['csam', 'nudes'];

/** The report category of a topic about something that happened (the report then skips "what happened?"). */
function reportCategory(topic: TopicIntent): Category | undefined {
  return (CATEGORIES as readonly string[]).includes(topic) ? (topic as Category) : undefined;
}

/** Topics that explain a procedure rather than something that happened. */
const GUIDE_TOPICS: readonly TopicIntent[] = ['warning_signs', 'how_to_report', 'parental_controls'];

/**
 * One information topic, spoken to the user's role (content/locales/<locale>/
 * topic-<intent>.yaml: `topic.<intent>.<role>`), then "Do you want to report
 * this?" with buttons. One class for all nine topics: they differ only in
 * their texts, which are data.
 */
export class TopicDialog extends InterruptibleDialog {
  constructor(profiles: ProfileStore) {
    super(DialogIds.topic, profiles);
    this.addDialog(new AskPrompt(DialogIds.ask));
    this.addDialog(new WaterfallDialog(DialogIds.flow, [this.explainStep.bind(this), this.answerStep.bind(this)]));
    this.initialDialogId = DialogIds.flow;
  }

  protected override accepts(u: Understanding): boolean {
    return u.kind === 'command' && (u.command === 'yes' || u.command === 'no');
  }

  private async explainStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { topic } = step.options as TopicOptions;
    const role = effectiveRole((await this.profiles.get(step.context)).role);
    const say: Part[] = [{ key: `topic.${topic}.title`, heading: true }, `topic.${topic}.${role}`];
    if (CSAM_RULE_TOPICS.includes(topic)) say.push(IMAGE_RULE);
    await step.context.sendActivity(render(voiceOf(step.context), { say: await imageRuleOnce(step.context, this.profiles, say, { heard: RULE_IN_TEXT_TOPICS.includes(topic) }) }));
    return step.prompt(
      DialogIds.ask,
      ask({
        say: [GUIDE_TOPICS.includes(topic) ? 'topicFlow.askReportGuide' : 'topicFlow.askReport'],
        buttons: [
          { token: reportCategory(topic) ? Token.report(reportCategory(topic)!) : Token.intent('report'), title: 'button.yesReport' },
          intentButton('human', role),
          MENU_BUTTON,
        ],
      }),
    );
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as Understanding;
    if (answer.kind === 'command' && answer.command === 'yes') {
      const category = reportCategory((step.options as TopicOptions).topic);
      return step.endDialog({ navigate: { kind: 'intent', intent: 'report', source: 'button', ...(category ? { category } : {}) } } satisfies ChildResult);
    }
    if (answer.kind === 'command' && answer.command === 'no') return step.endDialog({} satisfies ChildResult);
    return step.endDialog({ navigate: answer } satisfies ChildResult);
  }
}
