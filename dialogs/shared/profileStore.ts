import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Locale } from '../../services/i18n/locales';
import type { ReporterRole } from '../../core/domain/routing';
import { audienceOf, setTurnInfo, turnInfo, type CrisisFlag } from './turnInfo';

/** What the bot keeps about a conversation. Never user text. */
export interface ConversationProfile {
  locale?: Locale;
  /** True when the user picked the locale explicitly (it is then sticky). */
  localeChosen?: boolean;
  role?: ReporterRole;
  /** The role question was asked once; it is not forced on the user again. */
  roleAsked?: boolean;
  /** The never-download rule for sexual images of a child was said (see imageRule.ts): it is not said again. */
  imageRuleSaid?: boolean;
  /**
   * Crises the bot's check recognised in this conversation (plain flags, never
   * the words): a report begun after one carries them, as one begun before does.
   */
  crisis?: Partial<Record<CrisisFlag, true>>;
}

/**
 * Reads and changes the conversation profile. Nothing is kept per channel
 * user across conversations: such a record would link one child's separate
 * conversations to each other, and the service promises to store less.
 */
export class ProfileStore {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;

  constructor(private readonly conversationState: ConversationState) {
    this.profile = conversationState.createProperty<ConversationProfile>('profile');
  }

  /**
   * The conversation profile (created empty on first use). Asked several
   * times a turn: once the turn's state is loaded it is read from there
   * directly, without the property accessor's load and default copy.
   */
  get(context: TurnContext): Promise<ConversationProfile> {
    const state = this.conversationState.get(context) as { profile?: ConversationProfile } | undefined;
    if (state) return Promise.resolve((state.profile ??= {}));
    return this.profile.get(context, {});
  }

  /** Remembers the role for this conversation; the rest of the turn speaks to it. */
  async setRole(context: TurnContext, role: ReporterRole | undefined): Promise<void> {
    const p = await this.get(context);
    p.role = role;
    p.roleAsked = role !== undefined || p.roleAsked;
    setTurnInfo(context, { ...turnInfo(context), audience: audienceOf(role) });
  }

  /** Records an explicit language choice; the rest of the turn speaks it. */
  async chooseLocale(context: TurnContext, locale: Locale): Promise<void> {
    const p = await this.get(context);
    p.locale = locale;
    p.localeChosen = true;
    setTurnInfo(context, { ...turnInfo(context), locale });
  }

  /** Remembers a crisis recognised this turn, for any report this conversation sends. */
  async noteCrisis(context: TurnContext, flags: readonly CrisisFlag[]): Promise<void> {
    const p = await this.get(context);
    p.crisis = { ...p.crisis };
    for (const flag of flags) p.crisis[flag] = true;
  }

  /** Forgets the role so the conversation starts over (the language stays). */
  async forgetRole(context: TurnContext): Promise<void> {
    const p = await this.get(context);
    delete p.role;
    delete p.roleAsked;
    setTurnInfo(context, { ...turnInfo(context), audience: audienceOf(undefined) });
  }
}
