import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { TestServer } from '../support/server';
import { axeViolations, launchBrowser, assertOnScreen, signInToDashboard } from './browserSupport';
import { createStaff, PASSWORD, startDashboardServer } from './dashboardClient';
import { englishOn, englishOnlyWords, interfaceText } from './languageCheck';
import { directStaffMessage, insertReport, insertReporterMessage, testCipher } from './reportFixtures';

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

/** Where screenshots go, to be looked at (not compared). */
const SHOTS = process.env.DASHBOARD_SHOTS_DIR ?? path.join(os.tmpdir(), 'bezbedno-dashboard-shots');

/** The configured number of distressing reports a day after which a pause is suggested (DASHBOARD_CARE_PAUSE_AFTER). */
const PAUSE_AFTER = 3;

const STORY = 'Našla sam link ka snimku deteta u grupi. Nisam ništa preuzela.';
const REPLY = 'Link je i dalje tu.';

/** Scrolled to as a person would (a phone shows less at once), then on screen. */
async function assertReachable(page: Page, locator: Locator, what: string): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await assertOnScreen(page, locator, what);
}

describe('care for reviewers in a browser: the narrative waits, the pause is suggested', function () {
  this.timeout(240_000);
  let server: TestServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  const english = englishOnlyWords();
  /** Per screen size: the distressing reports one reviewer opens (the first a CSAM report with a reply), and one that is not. */
  const reports: Record<string, { distressing: string[]; other: string }> = {};

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startDashboardServer('careui', { DASHBOARD_CARE_PAUSE_AFTER: String(PAUSE_AFTER) });
    const cipher = testCipher();
    server.dashboard!.attachReports({ cipher, postStaffMessage: directStaffMessage(server.conn, cipher) });
    await createStaff(server, [...SIZES.map((s) => ({ email: `rev-${s.name}@example.org`, role: 'reviewer' as const })), { email: 'admin@example.org', role: 'admin' }]);
    for (const size of SIZES) {
      const csam = await insertReport(server.conn, cipher, { urgency: 'high', category: 'csam', routing: ['police-vtk', 'prosecutor-vtk', 'nccos'], narrative: STORY });
      await insertReporterMessage(server.conn, cipher, csam.id, REPLY);
      const abuse = [
        csam,
        await insertReport(server.conn, cipher, { urgency: 'high', category: 'sextortion', narrative: 'Traži još slika ili će objaviti ove.' }),
        await insertReport(server.conn, cipher, { urgency: 'high', category: 'grooming', narrative: 'Odrasli traži da se nađemo i da nikome ne kažem.' }),
      ];
      reports[size.name] = { distressing: abuse.map((r) => r.id), other: (await insertReport(server.conn, cipher, { category: 'cyberbullying', narrative: 'Drugovi mi pišu ružne stvari.' })).id };
    }
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.conn.dropDatabase().catch(() => undefined);
    await server?.stop();
  });

  const signIn = (page: Page, email: string): Promise<void> => signInToDashboard(page, server.url, email, PASSWORD, { fresh: true });

  /** Opens a report as the reviewer does, from its address, and waits until the view is complete (its poller runs). */
  async function open(page: Page, id: string): Promise<void> {
    await page.goto(`${server.url}/dashboard/#/reports/${id}`);
    await page.locator('#report-category').waitFor();
    await page.locator('body[data-poll="running"]').waitFor({ state: 'attached' });
  }

  const assertSerbian = async (page: Page, what: string) => assert.deepEqual(englishOn(await interfaceText(page), english), [], `${what}: English on a Serbian page`);

  for (const size of SIZES) {
    it(`when a reviewer on the ${size.name} (${size.width}×${size.height}) opens CSAM and sexual-abuse reports, then each narrative is collapsed until she clicks "Prikaži opis", and after ${PAUSE_AFTER} today the pause is suggested`, async () => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: size.width, height: size.height });
      try {
        await signIn(page, `rev-${size.name}@example.org`);
        assert.equal(await page.locator('#care-bar').isHidden(), true, 'nothing to say before any distressing report');
        const [csam, ...others] = reports[size.name]!.distressing;

        // The CSAM report: the facts are there, the narrative and the reporter's reply are not, not even in the page.
        await open(page, csam!);
        const collapsed = page.locator('#care-collapsed');
        await collapsed.waitFor();
        assert.match(await collapsed.innerText(), /Opis je sklonjen dok ga ne otvorite\.[\s\S]*„materijal seksualnog zlostavljanja dece“/);
        const show = page.locator('#show-text');
        assert.equal(await show.innerText(), 'Prikaži opis');
        await assertReachable(page, show, '"Prikaži opis"');
        const html = await page.content();
        assert.ok(!html.includes('Našla sam link') && !html.includes(REPLY), 'nothing of the text is in the page before she asks');
        assert.equal(await page.locator('#narrative').isHidden(), true);
        assert.match(await page.locator('#thread li.from-reporter').innerText(), /Poruka prijavioca je sklonjena dok ne otvorite opis\./);
        await assertSerbian(page, 'collapsed report');
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'collapsed report');
        await page.screenshot({ path: path.join(SHOTS, `care-collapsed-${size.name}.png`), fullPage: size.name === 'phone' });

        await show.click();
        const narrative = page.locator('#narrative');
        await narrative.waitFor();
        assert.equal(await narrative.innerText(), STORY);
        await assertReachable(page, narrative, 'the narrative, shown');
        assert.equal(await page.locator('#thread li.from-reporter').innerText().then((t) => t.includes(REPLY)), true, 'the reply shows with it');
        assert.equal(await page.locator('#hide-text').innerText(), 'Ponovo skloni opis');
        await page.screenshot({ path: path.join(SHOTS, `care-shown-${size.name}.png`), fullPage: size.name === 'phone' });

        // A cyberbullying report is not collapsed and not counted.
        await open(page, reports[size.name]!.other);
        await page.locator('#narrative', { hasText: 'Drugovi mi pišu' }).waitFor();
        assert.equal(await page.locator('#care-collapsed').count(), 0);
        await page.locator('#care-counts', { hasText: 'danas: 1, ove nedelje: 1' }).waitFor();

        // Opening the CSAM report again does not count it twice; the other two reach the configured number.
        await open(page, csam!);
        for (const id of others) await open(page, id);
        await page.locator('#care-counts', { hasText: `danas: ${PAUSE_AFTER}, ove nedelje: ${PAUSE_AFTER}` }).waitFor();
        const pause = page.locator('#care-pause');
        await pause.waitFor();
        assert.match(await pause.innerText(), /Možda je vreme za kratku pauzu\. Broj uznemirujućih prijava koje ste danas otvorili: 3\./);
        assert.equal(await pause.getAttribute('role'), 'status', 'a suggestion, not an alarm');
        await page.evaluate('window.scrollTo(0, 0)');
        await assertOnScreen(page, pause.locator('strong'), 'the pause suggestion');
        await assertOnScreen(page, page.locator('#care-pause-ok'), 'its "U redu, hvala"');
        // Non-blocking: the report is right there to work on.
        assert.equal(await page.locator('#status-to').isEnabled(), true);
        await assertSerbian(page, 'report with the pause suggestion');
        if (size.name === 'desktop') assert.deepEqual(await axeViolations(page), [], 'pause suggestion');
        await page.screenshot({ path: path.join(SHOTS, `care-pause-${size.name}.png`) });

        // The queue shows it too, and she can set it aside.
        await page.locator('a', { hasText: '← Nazad na prijave' }).click();
        await page.locator('#queue-results').waitFor();
        await pause.waitFor();
        await assertOnScreen(page, pause.locator('strong'), 'the pause suggestion above the queue');
        await page.screenshot({ path: path.join(SHOTS, `care-queue-${size.name}.png`) });
        await page.locator('#care-pause-ok').click();
        await pause.waitFor({ state: 'detached' });
        await page.reload();
        await page.locator('#care-counts').waitFor();
        assert.equal(await pause.count(), 0, 'set aside for today');
      } finally {
        await page.close();
      }
    });
  }

  it('when the administrator signs in, then she sees the team\'s totals, nobody\'s own', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await signIn(page, 'admin@example.org');
      const team = page.locator('#care-team');
      await team.waitFor();
      assert.equal(await team.innerText(), `Tim – danas: ${2 * PAUSE_AFTER}, ove nedelje: ${2 * PAUSE_AFTER}`);
      assert.equal(await page.locator('#care-counts').count(), 0, 'she opened none herself');
      assert.ok(!(await page.locator('#care-bar').innerText()).includes('rev-'), 'no reviewer named');
      await assertOnScreen(page, team, 'the team\'s totals');
      await assertSerbian(page, 'queue with the team\'s totals');
      await page.screenshot({ path: path.join(SHOTS, 'care-team-desktop.png') });
    } finally {
      await page.close();
    }
  });
});
