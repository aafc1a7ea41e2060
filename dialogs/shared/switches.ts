import type { TurnContext } from 'botbuilder';
import type { ReporterRole } from '../../core/domain/routing';
import type { LanguageTarget } from '../understanding/understanding';
import type { ProfileStore } from './profileStore';
import { render } from './reply';
import { localeOf, voiceOf } from './turnInfo';

/**
 * Switches the conversation's language or script and confirms it in the new
 * locale. "Serbian" keeps the current script (Latin when coming from English).
 */
export async function switchLanguage(context: TurnContext, profiles: ProfileStore, target: LanguageTarget): Promise<void> {
  const current = localeOf(context);
  const locale = target === 'sr' ? (current === 'en' ? 'sr-Latn' : current) : target;
  await profiles.chooseLocale(context, locale);
  await context.sendActivity(render(voiceOf(context), { say: [`language.switched.${locale}`] }));
}

/** Remembers the role and confirms it. */
export async function switchRole(context: TurnContext, profiles: ProfileStore, role: ReporterRole): Promise<void> {
  await profiles.setRole(context, role);
  await context.sendActivity(render(voiceOf(context), { say: [`role.set.${role}`] }));
}
