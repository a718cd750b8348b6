// Real-browser test of the Gazette site.
//
// Starts `gazette demo` on a free loopback port with a fresh data folder, then
// drives Debian's Chromium through playwright-core and checks what a reader
// gets: no script or console errors, no third-party requests, a sound heading
// outline, the article's furniture (byline, date, body, credits, comments),
// no serious or critical axe-core violations, a working skip link, no
// horizontal scrolling on a phone-sized screen, and a real 404 page.
// Full-page screenshots are written to tests/browser/artifacts/.
//
// Environment:
//   GAZETTE_TEST_BIN  the gazette binary (default: $CARGO_TARGET_DIR or
//                     <repo>/target, then debug/gazette)
//   CHROMIUM_PATH     the Chromium executable (default: /usr/bin/chromium)
// The server gets no GAZETTE_* variables (they would configure it, e.g. point it
// at another database) and runs in its temporary folder, so no gazette.toml is read.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const ARTIFACTS = path.join(HERE, 'artifacts');
const AXE_PATH = require.resolve('axe-core/axe.min.js');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function gazetteBinary() {
  if (process.env.GAZETTE_TEST_BIN) return path.resolve(process.env.GAZETTE_TEST_BIN);
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(REPO, process.env.CARGO_TARGET_DIR)
    : path.join(REPO, 'target');
  return path.join(targetDir, 'debug', 'gazette');
}

// ---------------------------------------------------------------------------
// Shared state, set up in `before` and torn down in `after`.

let server; // child process
let serverLog = '';
let serverExit = null; // { code, signal } once the server has exited
let dataDir;
let frontURL;
let articleURL;
let browser;
let baseURL;
let origin;
/** Every request any page made during the run: { url, page }. */
const requests = [];
/** Contexts opened during the run, closed in `after`. */
const contexts = [];

function serverEnvironment() {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GAZETTE_')));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function serverTail() {
  const lines = serverLog.trimEnd().split('\n');
  return lines.slice(-40).join('\n');
}

async function waitForHealthz(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (serverExit) {
      throw new Error(
        `gazette exited before it was healthy (code ${serverExit.code}, signal ${serverExit.signal}).\n` +
          `--- server output ---\n${serverTail()}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}healthz`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.text()).trim();
      if (res.status === 200 && body === 'ok') return;
      lastError = `status ${res.status}, body ${JSON.stringify(body.slice(0, 200))}`;
    } catch (err) {
      lastError = err.cause?.code || err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `gazette did not answer /healthz with "ok" within ${timeoutMs} ms (last: ${lastError}).\n` +
      `--- server output ---\n${serverTail()}`,
  );
}

async function newContext(options = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  context.on('request', (req) => {
    let from = '';
    try {
      from = req.frame().url();
    } catch {
      // service-worker requests have no frame
    }
    requests.push({ url: req.url(), page: from });
  });
  contexts.push(context);
  return context;
}

/** Opens a page that records console errors, page errors and failed requests. */
async function watchedPage(context) {
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], badResponses: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      problems.consoleErrors.push(`${msg.text()}${loc?.url ? ` (at ${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack || err)));
  page.on('requestfailed', (req) =>
    problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.badResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  return { page, problems };
}

function assertNoProblems(problems, where) {
  assert.deepEqual(problems.pageErrors, [], `${where}: uncaught page errors`);
  assert.deepEqual(problems.consoleErrors, [], `${where}: console errors`);
  assert.deepEqual(problems.failedRequests, [], `${where}: failed requests`);
  assert.deepEqual(problems.badResponses, [], `${where}: responses with an error status`);
}

function assertSameOrigin(where) {
  const foreign = requests
    .filter(({ url }) => {
      if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return false;
      try {
        return new URL(url).origin !== origin;
      } catch {
        return true;
      }
    })
    .map(({ url, page }) => `${url}  (from ${page || 'unknown page'})`);
  assert.deepEqual(foreign, [], `${where}: requests left the site's origin ${origin}`);
}

async function assertOneH1(page, where) {
  const h1s = await page.locator('h1').allTextContents();
  assert.equal(h1s.length, 1, `${where}: expected exactly one <h1>, found ${h1s.length}: ${JSON.stringify(h1s)}`);
  assert.ok(h1s[0].trim().length > 0, `${where}: the <h1> is empty`);
  return h1s[0].trim();
}

async function assertHeadingOutline(page, where) {
  const headings = await page.$$eval('h1, h2, h3, h4, h5, h6', (els) =>
    els.map((el) => ({ level: Number(el.tagName[1]), text: el.textContent.trim().replace(/\s+/g, ' ') })),
  );
  const outline = headings.map((h) => `${'  '.repeat(h.level - 1)}h${h.level} ${h.text}`).join('\n');
  assert.ok(headings.length > 0, `${where}: no headings at all`);
  assert.equal(headings[0].level, 1, `${where}: the first heading is not an h1:\n${outline}`);
  for (let i = 1; i < headings.length; i++) {
    const prev = headings[i - 1];
    const cur = headings[i];
    assert.ok(
      cur.level <= prev.level + 1,
      `${where}: heading levels skip from h${prev.level} "${prev.text}" to h${cur.level} "${cur.text}":\n${outline}`,
    );
  }
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary || '').split('\n').map((l) => `        ${l}`).join('\n');
          return `    - element ${n.target.join(' ')}\n      html    ${n.html}\n${summary}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

async function assertAxeClean(page, where) {
  await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  const minor = results.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0) {
    console.log(`axe (${where}): ${minor.length} minor/moderate finding(s), not failing:\n${formatViolations(minor)}`);
  }
  const bad = results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.ok(
    bad.length === 0,
    `${where}: axe-core found ${bad.length} serious/critical violation(s):\n${formatViolations(bad)}`,
  );
}

async function assertNoHorizontalScroll(page, where) {
  const m = await page.evaluate(() => {
    const se = document.scrollingElement;
    const width = se.clientWidth;
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) {
        // Elements deliberately parked off-screen (the skip link) do not widen the page
        // unless they push the right edge; report only those that do.
        if (r.right > width + 0.5) {
          offenders.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(/\s+/).join('.') : ''} right=${Math.round(r.right)}`);
        }
      }
    }
    return { scrollWidth: se.scrollWidth, clientWidth: width, offenders: offenders.slice(0, 10) };
  });
  assert.ok(
    m.scrollWidth <= m.clientWidth,
    `${where}: horizontal scroll at 375px: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}; ` +
      `wide elements: ${m.offenders.join(', ') || '(none found)'}`,
  );
}

async function screenshot(page, name) {
  const file = path.join(ARTIFACTS, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

// ---------------------------------------------------------------------------

before(async () => {
  const bin = gazetteBinary();
  try {
    await access(bin, fsConstants.X_OK);
  } catch {
    throw new Error(`gazette binary not found at ${bin}: run \`cargo build -p gazette\` (or set GAZETTE_TEST_BIN)`);
  }
  try {
    await access(CHROMIUM_PATH, fsConstants.X_OK);
  } catch {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  await mkdir(ARTIFACTS, { recursive: true });

  dataDir = await mkdtemp(path.join(os.tmpdir(), 'gazette-browser-'));
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}/`;
  origin = new URL(baseURL).origin;

  server = spawn(bin, ['demo', '--data', path.join(dataDir, 'data'), '--addr', `127.0.0.1:${port}`], {
    cwd: dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...serverEnvironment(), NO_COLOR: '1' },
  });
  const keep = (chunk) => {
    serverLog += chunk.toString();
    if (serverLog.length > 200_000) serverLog = serverLog.slice(-100_000);
  };
  server.stdout.on('data', keep);
  server.stderr.on('data', keep);
  server.on('exit', (code, signal) => {
    serverExit = { code, signal };
  });
  server.on('error', (err) => {
    serverLog += `\n[spawn error] ${err.message}\n`;
    serverExit = { code: null, signal: null };
  });

  await waitForHealthz(60_000);
  console.log(`gazette demo is serving ${baseURL} (data in ${dataDir})`);

  // The first story on the front page, used by the tests that visit "an article".
  frontURL = baseURL;
  const front = await (await fetch(frontURL, { signal: AbortSignal.timeout(10_000) })).text();
  const main = front.slice(Math.max(0, front.indexOf('<main')));
  const m = main.match(/href="(\/articles\/[^"#?]+)"/);
  if (!m) throw new Error('the front page links to no /articles/ page');
  articleURL = new URL(m[1], baseURL).href;

  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  console.log(`chromium ${browser.version()}`);
}, { timeout: 180_000 });

after(async () => {
  for (const context of contexts) {
    await context.close().catch(() => {});
  }
  if (browser) await browser.close().catch(() => {});
  if (server && !serverExit) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
}, { timeout: 60_000 });

// ---------------------------------------------------------------------------

test('front page renders cleanly', { timeout: 60_000 }, async () => {
  const context = await newContext();
  const { page, problems } = await watchedPage(context);
  const res = await page.goto(frontURL, { waitUntil: 'load' });
  assert.equal(res.status(), 200, 'front page status');
  await assertOneH1(page, 'front page');
  await assertHeadingOutline(page, 'front page');
  await screenshot(page, 'front.png');
  assertNoProblems(problems, 'front page');
  assertSameOrigin('front page');
  await page.close();
});

test('the first story link on the front page opens a complete article', { timeout: 60_000 }, async (t) => {
  const context = await newContext();
  const { page, problems } = await watchedPage(context);
  await page.goto(frontURL, { waitUntil: 'load' });
  const firstStory = page.locator('main a[href^="/articles/"]').first();
  const href = await firstStory.getAttribute('href');
  assert.ok(href, 'the front page links to at least one article');
  // Judge the article on its own: forget what the front page did.
  for (const list of Object.values(problems)) list.length = 0;
  await Promise.all([page.waitForURL((u) => u.pathname === href, { waitUntil: 'load' }), firstStory.click()]);
  assert.equal(page.url(), articleURL, 'clicking the first story link opens the first article');
  t.diagnostic(`article: ${articleURL}`);

  const headline = await assertOneH1(page, 'article');
  const title = await page.title();
  assert.ok(title.includes(headline), `article <title> ${JSON.stringify(title)} should carry the headline ${JSON.stringify(headline)}`);

  const authorLinks = page.locator('main .byline a[href^="/authors/"]');
  assert.ok((await authorLinks.count()) >= 1, 'article: the byline links to an author page (/authors/…)');
  await authorLinks.first().waitFor({ state: 'visible' });

  const time = page.locator('main time[datetime]').first();
  await time.waitFor({ state: 'visible' });
  const datetime = await time.getAttribute('datetime');
  assert.ok(!Number.isNaN(Date.parse(datetime)), `article: <time datetime="${datetime}"> is not a valid date`);

  const bodyParagraphs = await page
    .locator('main article p')
    .evaluateAll((ps) =>
      ps.filter((p) => !p.closest('header, footer, nav') && p.textContent.trim().length > 40).length,
    );
  assert.ok(bodyParagraphs >= 1, 'article: at least one body paragraph');

  await page.getByText(/Distributed by/).first().waitFor({ state: 'visible' });
  await page.locator('section#comments').waitFor({ state: 'visible' });

  await assertHeadingOutline(page, 'article');
  await screenshot(page, 'article.png');
  assertNoProblems(problems, 'article');
  assertSameOrigin('front page and article');
  await page.close();
});

test('axe-core finds no serious or critical violations', { timeout: 120_000 }, async (t) => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await newContext({ colorScheme });
    for (const [where, url] of [
      ['front page', frontURL],
      ['article', articleURL],
    ]) {
      await t.test(`${where} (${colorScheme} colour scheme)`, async () => {
        const { page, problems } = await watchedPage(context);
        await page.goto(url, { waitUntil: 'load' });
        await assertAxeClean(page, `${where}, ${colorScheme}`);
        if (colorScheme === 'dark' && where === 'article') await screenshot(page, 'article-dark.png');
        assertNoProblems(problems, `${where}, ${colorScheme}`);
        await page.close();
      });
    }
  }
});

test('the section and author pages linked from the article render cleanly', { timeout: 120_000 }, async (t) => {
  const context = await newContext();
  const { page: articlePage } = await watchedPage(context);
  await articlePage.goto(articleURL, { waitUntil: 'load' });
  const authorHref = await articlePage.locator('main .byline a[href^="/authors/"]').first().getAttribute('href');
  const sectionHref = await articlePage.locator('main a[href^="/sections/"]').first().getAttribute('href');
  await articlePage.close();
  assert.ok(authorHref, 'the article links to an author page');
  assert.ok(sectionHref, 'the article links to its section page');
  for (const [where, href] of [
    [`section page ${sectionHref}`, sectionHref],
    [`author page ${authorHref}`, authorHref],
  ]) {
    await t.test(where, async () => {
      const { page, problems } = await watchedPage(context);
      const res = await page.goto(href, { waitUntil: 'load' });
      assert.equal(res.status(), 200, `${where}: status`);
      await assertOneH1(page, where);
      await assertHeadingOutline(page, where);
      assert.ok(
        (await page.locator('main a[href^="/articles/"]').count()) >= 1,
        `${where}: lists at least one article`,
      );
      await assertAxeClean(page, where);
      assertNoProblems(problems, where);
      await page.close();
    });
  }
  assertSameOrigin('section and author pages');
});

test('the first Tab focuses the "Skip to content" link, which moves focus to the content', { timeout: 60_000 }, async (t) => {
  const context = await newContext();
  for (const [where, url] of [
    ['front page', frontURL],
    ['article', articleURL],
  ]) {
    await t.test(where, async () => {
      const { page } = await watchedPage(context);
      await page.goto(url, { waitUntil: 'load' });
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        const r = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          text: el.textContent.trim(),
          href: el.getAttribute('href'),
          box: { left: r.left, top: r.top, right: r.right, bottom: r.bottom },
          viewport: { width: innerWidth, height: innerHeight },
        };
      });
      assert.equal(focused.tag, 'a', `${where}: first Tab focused <${focused.tag}> "${focused.text}", not a link`);
      assert.equal(focused.text, 'Skip to content', `${where}: first Tab focused "${focused.text}"`);
      const { box, viewport } = focused;
      assert.ok(
        box.right > box.left && box.bottom > box.top && box.left >= 0 && box.top >= 0 &&
          box.right <= viewport.width && box.bottom <= viewport.height,
        `${where}: the focused skip link is not visible on screen: ${JSON.stringify(box)}`,
      );
      const target = focused.href?.startsWith('#') ? focused.href.slice(1) : null;
      assert.ok(target, `${where}: the skip link points at an in-page target, not ${focused.href}`);
      assert.equal(await page.locator(`[id="${target}"]`).count(), 1, `${where}: the skip link target #${target} exists`);
      await page.keyboard.press('Enter');
      const after = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
      assert.equal(after, target, `${where}: after following the skip link, focus is on #${target}`);
      await page.close();
    });
  }
});

test('a 375×800 screen has no horizontal scroll', { timeout: 60_000 }, async (t) => {
  const context = await newContext({ viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true });
  for (const [where, url, shot] of [
    ['front page', frontURL, 'front-375.png'],
    ['article', articleURL, 'article-375.png'],
  ]) {
    await t.test(where, async () => {
      const { page, problems } = await watchedPage(context);
      await page.goto(url, { waitUntil: 'load' });
      await assertNoHorizontalScroll(page, where);
      await screenshot(page, shot);
      assertNoProblems(problems, `${where} at 375px`);
      await page.close();
    });
  }
});

test('an unknown address answers 404 with one h1', { timeout: 60_000 }, async () => {
  const context = await newContext();
  const page = await context.newPage();
  const res = await page.goto('/no-such-page-' + Date.now(), { waitUntil: 'load' });
  assert.equal(res.status(), 404, '404 page status');
  await assertOneH1(page, '404 page');
  await page.close();
});

test('a reader signs up, comments and replies, and sees both without the page reloading', { timeout: 90_000 }, async () => {
  const context = await newContext();
  const { page, problems } = await watchedPage(context);
  const articlePath = new URL(articleURL).pathname;
  await page.goto(`/signup?next=${encodeURIComponent(`${articlePath}#comments`)}`, { waitUntil: 'load' });
  await page.fill('#email', `rowan-${Date.now()}@example.org`);
  await page.fill('#name', 'Rowan Ashby');
  await page.fill('#password', 'correct horse battery');
  await Promise.all([
    page.waitForURL((url) => url.pathname === articlePath),
    page.click('main form button[type=submit]'),
  ]);
  // A mark on this document: a reload or a navigation would lose it.
  await page.evaluate(() => { window.sameDocument = true; });

  await page.fill('#comment-body', 'Typed in a *real* browser.');
  await page.click('form.comment-form:not(.reply-form) button[type=submit]');
  const mine = page.locator('ol.thread > li.comment', { hasText: 'Typed in a real browser.' });
  await mine.waitFor({ state: 'visible' });
  assert.equal(await mine.locator('em').textContent(), 'real', 'the Markdown is rendered');
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'posted without a reload');

  await mine.getByRole('link', { name: 'Reply' }).click();
  await page.fill('#reply-body', 'And a reply, in place.');
  await page.click('form.reply-form button[type=submit]');
  const reply = page.locator('ol.thread > li.comment.depth-1', { hasText: 'And a reply, in place.' });
  await reply.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'replied without a reload');

  // The server has both, nested: the page as anyone loads it now.
  await page.reload({ waitUntil: 'load' });
  await page.locator('ol.thread > li.comment.depth-1', { hasText: 'And a reply, in place.' }).waitFor();
  assertNoProblems(problems, 'commenting');
  await page.close();
});

test('no request left the site\'s origin during the whole run', () => {
  assert.ok(requests.length > 0, 'requests were recorded');
  assertSameOrigin('whole run');
});
