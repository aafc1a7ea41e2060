import assert from 'node:assert/strict';
import { t } from '../../services/i18n/catalog';
import { DialogTestClient } from 'botbuilder-testing';
import { ConversationState, MemoryStorage, TurnContext } from 'botbuilder';
import { TopicDialog } from '../../dialogs/topicDialog';
import { ProfileStore } from '../../dialogs/shared/profileStore';
import { resourceKeysOf } from '../../dialogs/shared/reply';
import { setTurnInfo } from '../../dialogs/shared/turnInfo';
import { interpret } from '../../dialogs/understanding/interpret';
import { BotHarness, buttonTokens, keys, telLinks } from '../support/botHarness';

async function pupil(): Promise<BotHarness> {
  const bot = new BotHarness();
  await bot.join();
  await bot.send('role:pupil');
  return bot;
}

describe('moving around the conversation (help, cancel, start over, role, language, fallbacks)', () => {
  it('when the user asks for help inside a topic, then help comes and the same question is asked again', async () => {
    const bot = await pupil();
    await bot.send('topic:sextortion');
    const replies = await bot.send('help');
    assert.deepEqual(keys(replies).slice(0, 2), ['help.text', 'topicFlow.askReport']);
    assert.deepEqual(buttonTokens(replies), ['report:sextortion', 'go:human', 'menu']);
  });

  it('when the user writes "otkaži" inside a topic, then it stops and the menu comes', async () => {
    const bot = await pupil();
    await bot.send('topic:grooming');
    assert.deepEqual(keys(await bot.send('otkaži')).slice(0, 2), ['cancel.done', 'menu.prompt.pupil']);
  });

  it('when the user starts over, then the role is forgotten and asked again, the language stays', async () => {
    const bot = await pupil();
    await bot.send('na ćirilici');
    const replies = await bot.send('ispočetka');
    assert.deepEqual(keys(replies).slice(0, 2), ['restart.done', 'role.ask']);
    assert.equal(replies[0]?.locale, 'sr-Cyrl');
  });

  it('when the user says "I\'m a teacher" in the middle of a topic, then the role changes and the teacher menu comes', async () => {
    const bot = await pupil();
    await bot.send('topic:nudes');
    const replies = await bot.send("I'm a teacher");
    assert.deepEqual(keys(replies).slice(0, 2), ['role.set.teacher', 'menu.prompt.teacher']);
    assert.equal(keys(await bot.send('topic:nudes'))[1], 'topic.nudes.teacher');
  });

  it('when the user writes "promeni ulogu", then the role question comes again', async () => {
    const bot = await pupil();
    assert.equal(keys(await bot.send('promeni ulogu'))[0], 'role.ask');
    assert.equal(keys(await bot.send('ja sam roditelj'))[0], 'role.set.parent');
  });

  it('when the user ignores the role question and asks something, then it is answered and the role is not forced again', async () => {
    const bot = new BotHarness();
    await bot.join();
    const replies = await bot.send('nalog mi je hakovan');
    assert.deepEqual(keys(replies).slice(0, 2), ['topic.privacy.title', 'topic.privacy.other']);
    const after = await bot.send('ne');
    assert.equal(keys(after)[0], 'menu.again');
    assert.ok(buttonTokens(after).includes('changeRole'));
  });

  it('when the user asks for another script inside a topic, then the switch is confirmed and the question is asked again in it', async () => {
    const bot = await pupil();
    await bot.send('topic:cyberbullying');
    const replies = await bot.send('na ćirilici');
    assert.deepEqual(keys(replies).slice(0, 2), ['language.switched.sr-Cyrl', 'topicFlow.askReport']);
    assert.ok(replies.every((r) => r.locale === 'sr-Cyrl'));
    // The choice sticks while the user types Serbian in Latin script.
    const next = await bot.send('neko me ucenjuje slikama');
    assert.equal(next[0]?.locale, 'sr-Cyrl');
    assert.equal(keys(next)[1], 'topic.sextortion.pupil');
  });

  it('when the user asks to change language without saying which, then the three choices come and a tap switches', async () => {
    const bot = await pupil();
    const replies = await bot.send('jezik');
    assert.equal(keys(replies)[0], 'language.ask');
    assert.deepEqual(buttonTokens(replies), ['lang:sr-Latn', 'lang:sr-Cyrl', 'lang:en']);
    const switched = await bot.send('lang:en');
    assert.deepEqual(keys(switched).slice(0, 2), ['language.switched.en', 'menu.again']);
    // One message in English: the switch said, then the menu's question with its buttons.
    assert.equal(switched.length, 1);
    assert.equal(switched[0]?.locale, 'en');
    assert.equal(switched[0]?.text, `${t('en', 'language.switched.en')}\n\n${t('en', 'menu.again')}`);
    assert.ok(buttonTokens(switched).includes('go:report'), buttonTokens(switched).join());
  });

  it('when the user writes English, then answers switch to English; one word such as "ok" does not switch back', async () => {
    const bot = await pupil();
    const replies = await bot.send('someone is blackmailing me');
    assert.equal(replies[0]?.locale, 'en');
    const ok = await bot.send('ok');
    assert.equal(ok[0]?.locale, 'en');
  });

  it('when the recognizer is unsure, then the top three interpretations come as buttons, and "none of these" leads to the menu', async () => {
    const bot = await pupil();
    const replies = await bot.send('mozda nesto');
    assert.equal(keys(replies)[0], 'clarify.ask');
    assert.deepEqual(buttonTokens(replies), ['topic:privacy', 'topic:cyberbullying', 'go:human', 'menu']);
    assert.equal(keys(await bot.send('menu'))[0], 'menu.prompt.pupil');
  });

  it('when the question is out of scope, then a kind redirect and the menu come', async () => {
    const bot = await pupil();
    assert.deepEqual(keys(await bot.send('ko je napisao Na Drini ćupriju')).slice(0, 2), ['none.redirect', 'menu.prompt.pupil']);
  });

  it('when the user greets and says goodbye, then both are answered warmly; after goodbye the next message starts again without asking the role', async () => {
    const bot = await pupil();
    assert.deepEqual(keys(await bot.send('zdravo')).slice(0, 2), ['greeting.reply', 'menu.prompt.pupil']);
    const bye = await bot.send('dovidjenja');
    assert.equal(keys(bye)[0], 'goodbye.reply');
    assert.deepEqual(buttonTokens(bye), ['menu']);
    assert.deepEqual(keys(await bot.send('zdravo')).slice(0, 2), ['greeting.reply', 'menu.prompt.pupil']);
  });

  it('when the user wants to report or check a report, then the report begins with what anonymity means, and checking asks for the case code', async () => {
    const bot = await pupil();
    const report = await bot.send('hoću da prijavim nekoga');
    assert.deepEqual(keys(report).slice(0, 2), ['reportFlow.intro', 'reportFlow.ask.danger']);
    assert.deepEqual(keys(await bot.send('otkaži')).slice(0, 2), ['reportFlow.cancelled', 'menu.again']);
    const status = await bot.send('go:report_status');
    assert.equal(keys(status)[0], 'reportStatus.ask.code');
  });

  it('when the user answers "yes" to "report this?", then the report begins and does not ask again what happened', async () => {
    const bot = await pupil();
    await bot.send('topic:grooming');
    assert.deepEqual(keys(await bot.send('da')).slice(0, 2), ['reportFlow.intro', 'reportFlow.ask.danger']);
    assert.equal(keys(await bot.send('pick:no'))[0], 'reportFlow.ask.victim');
  });

  it('when the user asks for a person, then every help line comes with a tel: link and its hours, and unconfirmed hours are never shown — "call and check" instead', async () => {
    const bot = await pupil();
    const replies = await bot.send('go:human');
    assert.deepEqual(telLinks(replies).sort(), ['tel:0800300303', 'tel:116111', 'tel:192', 'tel:19833']);
    const k = keys(replies);
    for (const id of ['police', 'childLine', 'srce']) assert.ok(k.includes(`contacts.${id}.hours`), id);
    assert.ok(!k.includes('contacts.nkc.hours') && k.includes('contacts.checkHours'), k.join());
    const nkcCard = replies[0]?.attachments?.find((a) => (a.content as { title: string }).title.includes('19833'));
    assert.match((nkcCard?.content as { subtitle: string }).subtitle, /^Pozovi i proveri kada rade\.$/);
    const srceCard = replies[0]?.attachments?.find((a) => (a.content as { title: string }).title.includes('0800'));
    assert.match((srceCard?.content as { subtitle: string }).subtitle, /od 14 do 23 časa$/);
    assert.doesNotMatch(JSON.stringify(replies), /nismo proverili|časova/);
  });

  it('when the user sends a picture, then it is refused with the never-send rule, and nothing is kept', async () => {
    const bot = await pupil();
    const replies = await bot.turn({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/x.png' }] });
    assert.deepEqual(keys(replies), ['attachments.refused', 'safety.csamRule']);
    const state = JSON.stringify(await bot.storage.read(['test/conversations/Convo1/']));
    assert.ok(!state.includes('x.png'));
  });

  it('when a message-back button sends its token only as value, then the token is understood', async () => {
    const bot = await pupil();
    const replies = await bot.turn({ type: 'message', text: '', value: { token: 'topic:csam' } });
    assert.equal(keys(replies)[1], 'topic.csam.pupil');
  });
});

describe('TopicDialog on its own (DialogTestClient)', () => {
  it('when started for a topic without a role, then it speaks to "other" and hands an unrelated answer back to the caller', async () => {
    const storage = new MemoryStorage();
    const profiles = new ProfileStore(new ConversationState(storage));
    const understand = {
      onTurn: async (context: TurnContext, next: () => Promise<void>) => {
        setTurnInfo(context, { locale: 'en', understanding: interpret(context.activity.text ?? '', undefined) });
        await next();
      },
    };
    const client = new DialogTestClient('test', new TopicDialog(profiles), { topic: 'privacy' }, [understand]);
    const first = await client.sendActivity('hi');
    assert.deepEqual(resourceKeysOf(first).slice(0, 2), ['topic.privacy.title', 'topic.privacy.other']);
    assert.deepEqual(resourceKeysOf(client.getNextReply()), ['topicFlow.askReport', 'button.yesReport', 'button.intent.human', 'button.menu']);
    await client.sendActivity('topic:grooming');
    assert.equal(client.dialogTurnResult.status, 'complete');
    assert.deepEqual(client.dialogTurnResult.result, { navigate: { kind: 'intent', intent: 'grooming', source: 'button' } });
  });
});
