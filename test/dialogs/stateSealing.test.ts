import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { latinToCyrillic } from '../../services/text/transliterate';
import { BotHarness, keys } from '../support/botHarness';
import { ReportingFixture } from './support/reportingHarness';
import { caseOf, reportScript } from './support/reportScript';

/** A word no dictionary, name list or test fixture holds, typed wherever the reporter writes freely. */
const MARKER = 'zebrakvarc';

/** Every form in which the marker could sit in a stored document: as typed, in other cases and scripts, and base64/base64url/hex at each alignment. */
function encodings(marker: string): string[] {
  const out = new Set([marker, marker.toUpperCase(), marker[0]!.toUpperCase() + marker.slice(1), latinToCyrillic(marker), latinToCyrillic(marker).toUpperCase()]);
  for (const form of [...out]) {
    const bytes = Buffer.from(form, 'utf8');
    out.add(bytes.toString('hex'));
    for (let offset = 0; offset < 3; offset++) {
      // Only the base64 characters made of the marker's own bytes, whatever precedes it.
      const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
      const from = Math.ceil(offset / 3) * 4;
      const to = Math.floor(padded.length / 3) * 4;
      for (const enc of ['base64', 'base64url'] as const) {
        const chunk = padded.toString(enc).slice(from, to);
        if (chunk.length >= 8) out.add(chunk);
      }
    }
  }
  return [...out];
}

describe('conversation state is sealed: what the reporter types is never readable in the botstate collection', function () {
  this.timeout(120_000);
  const fx = new ReportingFixture('statesealing');
  before(() => fx.start());
  after(() => fx.stop());

  const forms = encodings(MARKER);

  async function scan(step: string): Promise<void> {
    const raw = JSON.stringify(await fx.conn.db!.collection('botstate').find().toArray());
    assert.ok(raw.length > 50, 'state was written');
    for (const form of forms) assert.ok(!raw.includes(form), `after "${step}", botstate holds the marker as ${form}`);
  }

  it('when a teacher reports with the marker at every free-text step and then follows up, then no stored state holds it after any turn — and it did reach the report', async () => {
    const bot = new BotHarness({ reporting: fx.reporting, storage: fx.storage(), conversationId: 'sealing-teacher' });
    await bot.join();
    await bot.send('role:teacher');
    const own: Record<string, string> = {
      narrative: `Neko mu piše svaki dan, traži slike i kaže tajnu reč ${MARKER} da bi ga uplašio.`,
      evidence: `https://tiktok.com/@${MARKER}_nalog i profil ${MARKER}77`,
      contactDetails: `${MARKER}@example.org`,
    };
    let last: Partial<Activity>[] = [];
    for (const turn of reportScript({ locale: 'sr-Latn', role: 'teacher', category: 'sextortion', byText: false })) {
      if (turn.step === 'municipality') {
        // A place that does not exist: asked again, with the typed word nowhere in state.
        assert.ok(keys(await bot.send(MARKER)).includes('reportFlow.municipality.unknown'));
        await scan('municipality (unknown)');
      }
      if (turn.step === 'narrativeCheck') {
        // The anonymised narrative is shown back and waits in the question's view: sealed too.
        last = await bot.send('pick:again');
        assert.ok(keys(last).includes('reportFlow.ask.narrative'), keys(last).join());
        await scan('narrative again');
        last = await bot.send(own.narrative!);
        assert.ok(keys(last).includes('reportFlow.narrative.preview'));
        assert.ok(last.some((r) => (r.text ?? '').includes(MARKER)), 'the reporter sees her words back');
        await scan('narrative, second time');
      }
      last = await bot.send(own[turn.step] ?? turn.send);
      assert.ok(keys(last).includes(turn.expect), `${turn.step}: expected ${turn.expect}, got ${keys(last).join()}`);
      await scan(turn.step);
    }
    const { code, passphrase } = caseOf(last);
    const report = await fx.report(code);
    assert.ok(fx.narrative(report).includes(MARKER), 'the marker travelled into the stored, encrypted narrative');
    assert.ok(JSON.stringify(fx.evidence(report)).includes(MARKER), 'and into the encrypted evidence');

    // The follow-up: code, secret words, a reply in her own words.
    await fx.services.followUp.postStaffMessage(report._id.toHexString(), 'staff-1', `Hvala. Šta znači ${MARKER}?`);
    const back = new BotHarness({ reporting: fx.reporting, storage: fx.storage(), conversationId: 'sealing-followup' });
    await back.join();
    await back.send('role:teacher');
    for (const [step, text, expect] of [
      ['status', 'go:report_status', 'reportStatus.ask.code'],
      ['code', code, 'reportStatus.ask.passphrase'],
      ['passphrase', passphrase, 'reportStatus.ask.reply'],
      ['reply', `Da, ${MARKER} je reč koju je koristio.`, 'reportStatus.replySent'],
    ] as const) {
      assert.ok(keys(await back.send(text)).includes(expect), step);
      await scan(`follow-up ${step}`);
    }
    const raw = JSON.stringify(await fx.conn.db!.collection('botstate').find().toArray());
    for (const secret of [passphrase, code]) assert.ok(!raw.includes(secret), 'neither the code nor the secret words are readable in state');
  });
});
