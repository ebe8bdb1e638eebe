import { createHash } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { CATALOGUE } from '../../lib/guidance/catalogue';
import { renderHtml } from '../../lib/report/html';
import { renderJunit } from '../../lib/report/junit';
import { hostileRun, HOSTILE_NAME } from './fixture';

const run = hostileRun();
const html = renderHtml(run.result, run.input, run.extras);

describe('the HTML file', () => {
  test('is self-contained: a strict CSP that allows only its own style, no scripts, no external resources', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1];
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    // Links are in-page anchors, the data: icon, the guidance pages and http(s) evidence: nothing is loaded.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^(#[a-z-]+|data:,|https:\/\/(learn\.microsoft\.com|example\.com)\/)/);
  });

  test('escapes every input-controlled text; a javascript: evidence URL is not a link', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|a&amp;b');
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<td>javascript:alert(1)</td>');
    expect(html).toContain('<a href="https://example.com/evidence/as-4" rel="noopener noreferrer">');
  });

  test('has the summary, the diagrams, findings by catalogue ID, waivers, inputs, attested controls and coverage', () => {
    for (const id of ['summary', 'diagrams', 'findings', 'waivers', 'inputs', 'attestations', 'coverage']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain('<span class="verdict v-unusable" id="verdict">UNUSABLE</span>');
    expect(html).toContain('<h4 id="g-CN-1">CN-1 TLS on every connection');
    // Coverage lists all 21 recommendations.
    const coverage = html.slice(html.indexOf('<section id="coverage">'));
    for (const e of CATALOGUE) expect(coverage).toContain(`<tr><td>${e.id}</td>`);
    expect((html.match(/<g class="zone /g) ?? []).length).toBe(5);
    expect((html.match(/<g class="conduit/g) ?? []).length).toBe(5);
    expect(html).toContain('<g class="conduit undeclared">');
    expect(html).toContain('<td class="m-both">pub sub</td>');
    expect(html).toContain('<td class="m-unknown" title="undecided">?</td>');
  });

  test('without diagram data there is no diagrams section, and without attestations no attestations section', () => {
    const bare = renderHtml(run.result, run.input, { now: run.extras.now });
    expect(bare).not.toContain('<section id="diagrams">');
    expect(bare).not.toContain('<section id="attestations">');
    expect(bare).not.toContain('<svg');
  });

  test('diagram data that contradicts itself is refused with what is wrong', () => {
    expect(() => renderHtml(run.result, run.input, { diagrams: { zones: { zones: [{ id: 'a', kind: 'in-cluster' }], conduits: [{ from: 'a', to: 'b', ports: [443] }] } } }))
      .toThrow('Zone diagram: conduit a -> b names zone "b", which is not among its zones (a).');
    expect(() => renderHtml(run.result, run.input, { diagrams: { mqttAccess: { topics: ['t/1', 't/2'], rows: [{ principal: 'p', cells: [['publish']] }] } } }))
      .toThrow('MQTT access matrix: row "p" has 1 cell(s) for 2 topic(s).');
  });
});

/** Debian's Chromium, or the one CHROMIUM_PATH names. */
function findChromium(): string | undefined {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium']) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const executablePath = findChromium();
const inBrowser = executablePath ? describe : describe.skip;
if (!executablePath) {
  // Stated once, where the skipped tests are listed.
  describe('in headless Chromium', () => {
    test.skip('skipped: no Chromium executable (install Debian\'s chromium, or set CHROMIUM_PATH)', () => undefined);
  });
}

inBrowser('in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    dir = mkdtempSync(join(tmpdir(), 'aio-secure-html-'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('opens with no console errors and no requests, runs no script, and shows the diagrams', async () => {
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });

    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.title()).toBe('aio-secure report: UNUSABLE');

    // The stylesheet applied (its hash matched the CSP): the verdict badge has its colour.
    expect(await page.locator('#verdict').evaluate((e) => (globalThis as any).getComputedStyle(e).backgroundColor)).toBe('rgb(138, 75, 0)');

    const svg = page.locator('svg.zones');
    await svg.scrollIntoViewIfNeeded();
    expect(await svg.isVisible()).toBe(true);
    const box = (await svg.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    expect(box.height).toBeGreaterThan(200);
    expect(await page.locator('svg.zones g.zone').count()).toBe(5);
    // Every zone box is drawn with a size, and every conduit has a path with a length.
    for (const r of await page.locator('svg.zones g.zone rect').all()) expect((await r.boundingBox())!.width).toBeGreaterThan(100);
    const lengths = await page.locator('svg.zones g.conduit path').evaluateAll((ps) => ps.map((p) => (p as any).getTotalLength() as number));
    expect(lengths).toHaveLength(5);
    for (const l of lengths) expect(l).toBeGreaterThan(20);
    // The hostile zone label is text, not markup.
    expect(await page.locator('svg.zones g.zone title').allTextContents()).toContain(`${HOSTILE_NAME} (in-cluster)`);

    const matrix = page.locator('table.matrix');
    expect(await matrix.isVisible()).toBe(true);
    expect(await matrix.locator('tbody tr').count()).toBe(3);
    expect(await matrix.locator('thead th.topic').allTextContents()).toEqual(['plant/+/telemetry', 'plant/cmd/#', HOSTILE_NAME]);

    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const diagram = await svg.screenshot({ path: join(dir, 'zones.png') });
    const png = readFileSync(shot);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The full page is taller than the viewport (the whole report is in the shot).
    expect(png.readUInt32BE(20)).toBeGreaterThan(900);
    expect(diagram.length).toBeGreaterThan(5_000);
    await page.close();
  }, 60_000);

  test('the JUnit report is well-formed XML that reads back the hostile names', async () => {
    const xml = renderJunit(run.result, run.input, run.extras);
    const page = await browser.newPage();
    const parsed = await page.evaluate((text) => {
      // Runs in the page (the test's tsconfig has no DOM types).
      const doc = new (globalThis as any).DOMParser().parseFromString(text, 'application/xml');
      const error: string | null = doc.querySelector('parsererror')?.textContent ?? null;
      return { error, names: [...doc.querySelectorAll('testcase')].map((c: any) => c.getAttribute('name') as string), tests: doc.documentElement.getAttribute('tests') as string };
    }, xml);
    await page.close();
    expect(parsed.error).toBeNull();
    expect(parsed.names.length).toBe(+parsed.tests!);
    expect(parsed.names).toContain(`BrokerListener azure-iot-operations/${HOSTILE_NAME} /spec/ports/0`);
  }, 30_000);
});
