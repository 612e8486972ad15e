// End-to-end tests of the defects officers and citizens met in the browser (issue 17): the
// counter receiving ten walk-in applicants in a row by keyboard alone without a duplicate, print
// buttons only for the forms a dossier has, friendly pages where a form is missing, the audit log
// as a page, Vietnamese by default for a browser set to English, look-up forgiving case and
// blanks, the extension of an overdue dossier, Vietnamese validation messages, readable buttons
// and dd/mm/yyyy dates. Real server, Debian's Chromium headless (English locale) through
// playwright-core, axe-core on every page checked.
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const { CHROMIUM, SHOTS, BROWSER_ARGS, assert, harness, newPage, checkPage, loginForm } =
  require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);
let server;
let browser;

const ISO_DATE = /\b(19|20)\d\d-[01]\d-[0-3]\d\b/;

// The visible text of the page's main content, without form field values.
const mainText = (page) => page.evaluate(() => document.querySelector('main').innerText);

// The number of dossiers in the officer's "to receive" queue (received ones included).
async function toReceive(page, U) {
  const r = await page.request.get(U + '/api/v1/queues/to_receive?limit=1');
  assert(r.status() === 200, `queue: ${r.status()}`);
  return (await r.json()).total;
}

// Contrast ratio of two CSS rgb() colours (WCAG formula).
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);
  const codes = [];
  let incompleteCode = null;

  await test('a browser set to English gets Vietnamese; English only when chosen, remembered', async () => {
    const { context, page } = await newPage(browser, { js: false });
    let r = await page.goto(U + '/thu-tuc?linh-vuc=HT');
    assert(r.request().headers()['accept-language'].startsWith('en'), 'the browser asks for English');
    await check(page, r, 'english-browser-vi');
    assert((await page.getAttribute('html', 'lang')) === 'vi', 'html lang vi');
    assert((await page.textContent('h1')).includes('Thủ tục hành chính'), 'Vietnamese heading');
    // The switch keeps the page and its query.
    [r] = await Promise.all([page.waitForNavigation(), page.click('header a[hreflang=en]')]);
    const url = new URL(page.url());
    assert(url.pathname === '/thu-tuc' && url.searchParams.get('linh-vuc') === 'HT' &&
      url.searchParams.get('lang') === 'en', `switched to ${page.url()}`);
    assert((await page.textContent('h1')).includes('Administrative procedures'), 'English now');
    // Remembered on the next page, without ?lang=.
    r = await page.goto(U + '/tra-cuu');
    assert((await page.getAttribute('html', 'lang')) === 'en', 'English remembered');
    [r] = await Promise.all([page.waitForNavigation(), page.click('header a[hreflang=vi]')]);
    assert(new URL(page.url()).pathname === '/tra-cuu', `back on ${page.url()}`);
    assert((await page.getAttribute('html', 'lang')) === 'vi', 'Vietnamese again');
    r = await page.goto(U + '/');
    assert((await page.getAttribute('html', 'lang')) === 'vi', 'Vietnamese remembered');
    // Machine clients keep Accept-Language on the API.
    const api = await page.request.get(U + '/api/v1/lookup/khong-phai-ma',
      { headers: { 'Accept-Language': 'en' } });
    const msg = (await api.json()).error.message;
    assert(/[a-z]/.test(msg) && !/[ăâđêôơư]/i.test(msg), `API in English: ${msg}`);
    await context.close();
  });

  await test('counter: ten walk-in applicants in a row, keyboard only, F9 twice each, ten dossiers', async () => {
    const { context, page } = await newPage(browser);
    await loginForm(page, U, 'demo.reception_officer');
    const before = await toReceive(page, U);
    const posts = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && req.url().endsWith('/api/v1/dossiers')) posts.push(req.headers()['idempotency-key']);
    });
    let r = await page.goto(U + '/quay');
    await check(page, r, null);
    await page.keyboard.press('F2');
    await page.keyboard.type('khai sinh');
    await page.waitForSelector('#proc-hits a');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.waitForSelector('#reception');
    assert(await page.evaluate(() => document.activeElement.id === 'a-id'), 'the id number has focus');
    for (let i = 0; i < 10; i++) {
      const id = '00109' + String(4000000 + i * 7919).padStart(7, '0');
      await page.keyboard.type(id);
      await page.keyboard.press('Tab');
      assert(await page.evaluate(() => document.activeElement.id === 'a-name'), `name field next (${i})`);
      await page.keyboard.type(`Người nộp thứ ${i + 1}`);
      await page.keyboard.press('F9');
      await page.keyboard.press('F9');
      await page.waitForSelector('#reception-result .notice');
      await page.keyboard.press('F9');  // once more after the receipt: still the same dossier
      const notice = await page.textContent('#reception-result .notice');
      const m = notice.match(/([0-9A-Z.]+-\d{6}-\d{4,})/);
      assert(m, `dossier code shown: ${notice}`);
      codes.push(m[1]);
      assert(await page.isDisabled('button[data-outcome=received]'), 'receive disabled once received');
      if (i === 0) await page.screenshot({ path: path.join(SHOTS, 'counter-received-1280.png'), fullPage: true });
      await page.keyboard.press('F8');
      assert(await page.evaluate(() => document.activeElement.id === 'a-id'), `back on the id (${i})`);
      assert((await page.inputValue('#a-id')) === '' && (await page.inputValue('#a-name')) === '', 'form emptied');
    }
    assert(new Set(codes).size === 10, `ten distinct codes: ${codes.join(', ')}`);
    assert(new Set(posts).size === 10, `one key per applicant: ${posts.length} posts, ${new Set(posts).size} keys`);
    const after = await toReceive(page, U);
    assert(after - before === 10, `ten dossiers created, not ${after - before}`);
    // A repeated request with the form's key gives back the same dossier.
    const key = 'e2e-replay-' + Date.now();
    const csrf = (await context.cookies()).find((c) => c.name === 'motcua_csrf').value;
    const body = { procedure_code: '2.000488', channel: 'counter', outcome: 'received',
      applicant: { type: 'citizen', full_name: 'Thử Lặp Lại', id_number: '001090777777' }, components: [] };
    const post = () => page.request.post(U + '/api/v1/dossiers', {
      headers: { 'X-CSRF-Token': csrf, 'Idempotency-Key': key }, data: body });
    const [a, b] = [await post(), await post()];
    assert(a.status() === 201 && b.status() === 201, `replay: ${a.status()} ${b.status()} ${await a.text()}`);
    assert((await a.json()).code === (await b.json()).code, 'the same dossier twice');
    // The counter's incomplete outcome: Mẫu 02, no receipt.
    await page.keyboard.type('001090888888');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Người nộp thiếu giấy tờ');
    await page.fill('#reason', 'Thiếu tờ khai đăng ký khai sinh');
    await page.click('button[data-outcome=incomplete]');
    await page.waitForSelector('#reception-result .notice');
    incompleteCode = (await page.textContent('#reception-result .notice')).match(/([0-9A-Z.]+-\d{6}-\d{4,})/)[1];
    await context.close();
  });

  await test('dossier page offers only the forms the dossier has; a missing form is a page, not JSON', async () => {
    assert(codes.length && incompleteCode, 'no dossiers from the counter');
    const { context, page } = await newPage(browser);
    await loginForm(page, U, 'demo.reception_officer');
    let r = await page.goto(U + '/ho-so/' + encodeURIComponent(codes[0]));
    await check(page, r, 'dossier-print-forms');
    const links = await page.$$eval('.print-forms a', (as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
    assert(links.some((l) => /\/in\/01\.pdf$/.test(l.href)) && links.some((l) => /\/in\/06\.pdf$/.test(l.href)),
      `receipt and control sheet offered: ${JSON.stringify(links)}`);
    assert(!links.some((l) => /\/in\/0[2345]\.pdf$/.test(l.href)), `no form the dossier lacks: ${JSON.stringify(links)}`);
    for (const l of links) {
      const f = await page.request.get(U + l.href);
      assert(f.status() === 200 && f.headers()['content-type'] === 'application/pdf', `${l.href}: ${f.status()}`);
    }
    // The incomplete one: Mẫu 02 only.
    r = await page.goto(U + '/ho-so/' + encodeURIComponent(incompleteCode));
    const hrefs = await page.$$eval('.print-forms a', (as) => as.map((a) => a.getAttribute('href')));
    // (each form also has its digitally signed copy, /in-ky-so/, decision 0017)
    const plain = hrefs.filter((h) => /\/in\//.test(h));
    assert(plain.length === 1 && /\/in\/02\.pdf$/.test(plain[0]) &&
      hrefs.every((h) => /\/(in|in-ky-so)\/02\.pdf$/.test(h)), `incomplete: ${hrefs}`);
    // Typed by hand: a Vietnamese page with the way back, never raw JSON.
    r = await page.goto(U + '/ho-so/' + encodeURIComponent(incompleteCode) + '/in/01.pdf');
    await check(page, r, 'form-not-available', { status: 404 });
    assert(r.headers()['content-type'].startsWith('text/html'), 'an HTML page');
    const text = await mainText(page);
    assert(text.includes('Mẫu này chưa có') && text.includes('chưa được tiếp nhận'), `says why: ${text}`);
    assert(await page.$(`main a[href="/ho-so/${encodeURIComponent(incompleteCode)}"]`), 'link back to the dossier');
    r = await page.goto(U + '/ho-so/' + encodeURIComponent(codes[0]) + '/in/99.pdf');
    assert(r.status() === 404 && (await mainText(page)).includes('Không có mẫu biểu này'), 'unknown form');
    await context.close();
  });

  await test('lookup forgives lower case and blanks around the code (page and API)', async () => {
    assert(codes.length, 'no dossier');
    const { context, page } = await newPage(browser, { js: false });
    await page.goto(U + '/tra-cuu');
    await page.fill('#ma', '  ' + codes[1].toLowerCase() + '  ');
    const [r] = await Promise.all([page.waitForNavigation(), page.click('main form button')]);
    await check(page, r, null);
    assert((await mainText(page)).includes(codes[1]), 'found and shown in capitals');
    const api = await page.request.get(U + '/api/v1/lookup/' + encodeURIComponent(' ' + codes[1].toLowerCase()));
    assert(api.status() === 200 && (await api.json()).code === codes[1], `API: ${api.status()}`);
    await context.close();
  });

  await test('an overdue dossier gets its extension and the apology letter (Mẫu 04)', async () => {
    // An overdue dossier from a legacy system, imported beside the running server.
    const csv = path.join(path.dirname(server.dbPath), 'late.csv');
    const late = '000.00.01.H99-250102-0001';
    fs.writeFileSync(csv, 'code,procedure_code,agency_code,channel,received_at,due_at,finished_at,' +
      'returned_at,current_agency_code\n' +
      `${late},2.000488,000.00.01.H99,counter,2025-01-02 09:00,2025-01-16 17:00,,,000.00.10.H99\n`);
    execFileSync(server.binary, ['import', 'dossiers', '--db', server.dbPath, csv], { stdio: 'pipe' });
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.specialist');
    let r = await page.goto(U + '/ho-so/' + late);
    assert(r.status() === 200, `dossier: ${r.status()}`);
    const form = 'form.action-form:has(button[data-action=extend])';
    assert(await page.$(form), 'extension offered');
    // A new date that has passed already: refused in words, no field code.
    await page.fill(`${form} textarea`, 'Cần xác minh thêm');
    await page.fill(`${form} input[type=date]`, '2025-02-05');
    [r] = await Promise.all([page.waitForNavigation(), page.click(`${form} button`)]);
    assert(r.status() === 422, `past date: ${r.status()}`);
    const err = await page.textContent('p.alert');
    assert(err.includes('Ngày hẹn trả mới phải sau thời điểm hiện tại') && !/\([a-z_]+\)/.test(err), `message: ${err}`);
    await page.fill(`${form} textarea`, 'Cần xác minh thêm tại cơ quan công an');
    await page.fill(`${form} input[type=date]`, '2099-01-05');
    [r] = await Promise.all([page.waitForNavigation(), page.click(`${form} button`)]);
    const alert = await page.$('p.alert');
    assert(!alert, 'extension refused: ' + (alert && await alert.textContent()));
    assert((await page.textContent('table.facts')).includes('05/01/2099'), 'the new date shown');
    const apology = await page.$('.print-forms a[href$="/in/04.pdf"]');
    assert(apology, 'apology letter offered');
    const pdf = await page.request.get(U + await apology.getAttribute('href'));
    assert(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `Mẫu 04: ${pdf.status()}`);
    await context.close();
  });

  await test('identity number: Vietnamese messages in the browser and from the server', async () => {
    const { context, page } = await newPage(browser);
    await loginForm(page, U, 'demo.reception_officer');
    await page.goto(U + '/quay?thu-tuc=1.001193');
    await page.fill('#a-id', '123456789');  // an old 9-digit CMND
    await page.fill('#a-name', 'Người có CMND');
    await page.keyboard.press('F9');
    const msg = await page.$eval('#a-id', (i) => i.validationMessage);
    assert(msg.includes('12 chữ số') && msg.includes('Chứng minh nhân dân'), `browser message: ${msg}`);
    assert((await page.$$('#reception-result .notice')).length === 0, 'nothing sent');
    const csrf = (await context.cookies()).find((c) => c.name === 'motcua_csrf').value;
    const r = await page.request.post(U + '/api/v1/dossiers', {
      headers: { 'X-CSRF-Token': csrf, 'Accept-Language': 'vi' },
      data: { procedure_code: '2.000488', channel: 'counter', outcome: 'received', components: [],
        applicant: { type: 'citizen', full_name: 'Người có CMND', id_number: '123456789' } } });
    assert(r.status() === 422, `server: ${r.status()}`);
    const text = (await r.json()).error.message;
    assert(text.includes('chứng minh nhân dân 9 số'), `server message: ${text}`);
    await context.close();
  });

  await test('admin: audit log is a page; calendar "Xoá" readable; days as dd/mm/yyyy', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.admin');
    await page.goto(U + '/quan-tri');
    let [r] = await Promise.all([page.waitForNavigation(), page.click('main a[href="/quan-tri/nhat-ky"]')]);
    await check(page, r, 'admin-audit');
    assert(r.headers()['content-type'].startsWith('text/html'), 'HTML');
    assert((await page.textContent('h1')).includes('Nhật ký hệ thống'), 'title');
    assert((await page.textContent('table.audit')).includes('Đăng nhập'), 'log-ins listed in words');
    assert(!ISO_DATE.test(await mainText(page)), 'no ISO date');
    r = await page.goto(U + '/quan-tri/lich');
    await page.fill('#c-day', '2031-12-23');
    await page.fill('#c-name', 'Nghỉ bù kiểm thử hiển thị');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form[action="/quan-tri/lich"] button[type=submit]')]);
    await check(page, r, 'admin-calendar-dates');
    const row = page.locator('table.overrides tr', { hasText: 'Nghỉ bù kiểm thử hiển thị' });
    assert((await row.textContent()).includes('23/12/2031'), `day shown as dd/mm/yyyy: ${await row.textContent()}`);
    assert(!ISO_DATE.test(await mainText(page)), 'no ISO date on the calendar page');
    const colours = await row.locator('button').evaluate((b) => {
      let bg = 'rgba(0, 0, 0, 0)';
      for (let e = b; e && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); e = e.parentElement) bg = getComputedStyle(e).backgroundColor;
      return { fg: getComputedStyle(b).color, bg };
    });
    const ratio = contrast(colours.fg, colours.bg);
    assert(ratio >= 4.5, `"Xoá" contrast ${ratio.toFixed(2)} (${colours.fg} on ${colours.bg})`);
    await Promise.all([page.waitForNavigation(), row.locator('button').click()]);
    await context.close();
  });

  await test('pages show dates as dd/mm/yyyy, never ISO', async () => {
    assert(codes.length, 'no dossier');
    const visits = [
      ['demo.reception_officer', ['/ho-so/' + encodeURIComponent(codes[0]), '/xu-ly', '/quay']],
      ['demo.leader', ['/dieu-hanh/khoi-luong']],
      [null, ['/tra-cuu?ma=' + encodeURIComponent(codes[0]), '/thu-tuc/1.001193']],
    ];
    for (const [who, paths] of visits) {
      const { context, page } = await newPage(browser, { js: false });
      if (who) await loginForm(page, U, who);
      for (const p of paths) {
        const r = await page.goto(U + p);
        assert(r.status() === 200, `${p}: ${r.status()}`);
        const text = await mainText(page);
        const m = text.match(ISO_DATE);
        assert(!m, `${p} shows ${m && m[0]}`);
      }
      await context.close();
    }
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
    console.log(`e2e defects: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
