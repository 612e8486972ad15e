// End-to-end tests of the life events (Decree 63/2024) and the procedure pages: a citizen submits
// the birth event once, with JavaScript off, and lands on a dossier page listing the three linked
// dossiers (khai sinh, thường trú, thẻ BHYT), each with its own code and deciding agency; the
// procedure pages show fees and time limits per channel and "Chưa công bố" where the portal
// publishes nothing. Real server, Chromium through playwright-core, axe-core on every page.
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const {
  CHROMIUM, SHOTS, BROWSER_ARGS, assert, harness, newPage, checkPage, loginForm,
} = require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);
let server;
let browser;

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);

  await test('life event: the birth group submitted once makes three linked dossiers', async () => {
    const { context, page } = await newPage(browser, { js: false });
    let r = await page.goto(U + '/su-kien');
    await check(page, r, 'life-events');
    assert((await page.locator('section.life-event').count()) === 2, 'two groups listed');
    await loginForm(page, U, 'demo.citizen');
    r = await page.goto(U + '/su-kien/khai-sinh');
    await check(page, r, 'life-event-birth');
    await page.fill('#full_name', 'Nguyễn Thị Mẹ');
    await page.fill('#id_number', '001190012345');
    await page.fill('#phone', '0912345678');
    await page.fill('#address', 'Tổ 5, phường Đông Thành');
    // Without a commune the browser's own check stops the form; the server says so too.
    await page.selectOption('#commune_code', '000.21.00.H99');
    await page.check('input[name=confirm]');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.wizard button[type=submit]')]);
    assert(r.status() === 200 && /\/ho-so\/000\.21\.01\.H99-/.test(page.url()), `landed on ${page.url()}`);
    await check(page, r, 'life-event-dossier');
    assert(await page.isVisible('p.notice'), 'submitted notice');
    const items = page.locator('ul.linked-dossiers li');
    assert((await items.count()) === 3, 'three linked dossiers');
    const text = await page.textContent('ul.linked-dossiers');
    for (const code of ['1.001193', '1.004222', '1.001939']) assert(text.includes(code), `lists ${code}`);
    for (const agency of ['Ủy ban nhân dân phường Đông Thành', 'Công an phường Đông Thành', 'Bảo hiểm xã hội tỉnh']) {
      assert(text.includes(agency), `names ${agency}`);
    }
    // Each with its own procedure's time limit: same day, 7 and 5 working days.
    for (const limit of ['Trong ngày làm việc', '07 ngày làm việc', '05 ngày làm việc']) {
      assert(text.includes(limit), `time limit ${limit}`);
    }
    const codes = new Set(text.match(/000\.21\.01\.H99-\d{6}-\d{4}/g));
    assert(codes.size === 3, `three codes: ${[...codes]}`);
    // A sibling's page lists the same group, itself marked.
    [r] = await Promise.all([page.waitForNavigation(), page.click('ul.linked-dossiers li a >> nth=0')]);
    await check(page, r, null);
    assert((await page.locator('ul.linked-dossiers li').count()) === 3, 'sibling page lists the group');
    assert((await page.locator('ul.linked-dossiers li strong').count()) === 1, 'itself marked once');
    await context.close();
  });

  await test('procedure page: fees and time per channel, and "Chưa công bố"', async () => {
    const { context, page } = await newPage(browser, { js: false, width: 360 });
    let r = await page.goto(U + '/thu-tuc/1.004222');
    await check(page, r, 'procedure-per-channel');
    const channels = await page.textContent('table.channels');
    assert(/Trực tuyến/.test(channels) && /Trực tiếp/.test(channels), 'both channels listed');
    assert(channels.includes('10.000 đồng') && channels.includes('20.000 đồng'), `fees per channel: ${channels}`);
    assert(channels.includes('07 ngày làm việc'), 'time with its unit');
    r = await page.goto(U + '/thu-tuc/1.003197');
    await check(page, r, 'procedure-unpublished');
    const fees = await page.textContent('table.channels');
    assert(fees.includes('Chưa công bố'), `unpublished fee shown: ${fees}`);
    assert(!fees.includes('Miễn phí'), 'an unpublished fee is not called free');
    await context.close();
  });
}

main()
  .catch((e) => { results.push({ name: 'setup', ok: false }); console.log('FAIL setup: ' + (e.stack || e)); })
  .finally(async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      if (results.some((r) => !r.ok) && process.env.MOTCUA_E2E_LOG) console.log(server.log());
      await server.stop();
    }
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`e2e life events: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
