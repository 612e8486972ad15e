// End-to-end tests of the web application: the real server, Debian's Chromium driven headless by
// playwright-core, axe-core on every page, screenshots at 1280 px and 390 px into
// tests/artifacts/screenshots/. Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const lib = require('./lib');

const { CHROMIUM, SHOTS, DEMO_PASSWORD, BROWSER_ARGS, assert } = lib;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2b1e30000000049454e44ae426082', 'hex');
const XSS_NAMES = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];

let server;
let browser;
const { test, results } = lib.harness(process.argv[2] ? new RegExp(process.argv[2]) : null);

// The shared helpers of lib.js, bound to this run's browser and server.
const newPage = (opts) => lib.newPage(browser, opts);
const checkPage = (page, response, shotName, opts) =>
  lib.checkPage(browser, page, response, shotName, opts);
const loginForm = (page, username, password) =>
  lib.loginForm(page, server.url, username, password);

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  let receivedCode = null;

  await test('home page (no JavaScript)', async () => {
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/');
    await checkPage(page, r, 'home');
    assert((await page.textContent('h1')).includes('Dịch vụ công một cửa'), 'Vietnamese heading');
    await context.close();
  });

  await test('catalogue search without JavaScript finds "Đăng ký khai sinh"', async () => {
    const { context, page } = await newPage({ js: false });
    await page.goto(U + '/');
    await page.fill('#q', 'dang ky khai sinh');
    const [r] = await Promise.all([page.waitForNavigation(), page.click('form.search button')]);
    await checkPage(page, r, 'catalogue-search');
    const first = await page.textContent('ol.results li a.title');
    assert(/Đăng ký khai sinh/i.test(first), `first hit: ${first}`);
    await context.close();
  });

  await test('catalogue browse by field and agency', async () => {
    const { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/thu-tuc?linh-vuc=HT');
    await checkPage(page, r, 'catalogue-field');
    const metas = await page.$$eval('ol.results .meta', (els) => els.map((e) => e.textContent));
    assert(metas.length > 0 && metas.every((m) => m.includes('Hộ tịch')), 'only Hộ tịch');
    const agency = await page.$eval('#co-quan option:nth-child(2)', (o) => o.value);
    r = await page.goto(U + '/thu-tuc?co-quan=' + encodeURIComponent(agency));
    assert(r.status() === 200, 'agency filter');
    await context.close();
  });

  await test('procedure publication page (no JavaScript, printable)', async () => {
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/thu-tuc/1.001193');
    await checkPage(page, r, 'procedure');
    assert((await page.textContent('h1')).includes('khai sinh'), 'title');
    assert(await page.$('table.components tbody tr'), 'components table');
    assert((await page.textContent('body')).includes('Căn cứ pháp lý'), 'legal bases');
    await page.emulateMedia({ media: 'print' });
    assert(!(await page.isVisible('header.site')), 'header hidden in print');
    await context.close();
  });

  await test('English pages (?lang=en)', async () => {
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/thu-tuc?lang=en');
    await checkPage(page, r, 'catalogue-en');
    assert((await page.textContent('h1')).includes('Administrative procedures'), 'English heading');
    await context.close();
  });

  await test('unknown procedure is a 404 page', async () => {
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/thu-tuc/9.999999');
    await checkPage(page, r, null, { status: 404 });
    await context.close();
  });

  await test('lookup page without JavaScript (unknown code)', async () => {
    const { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/tra-cuu');
    await checkPage(page, r, 'lookup');
    r = await page.goto(U + '/tra-cuu/000.00.01.H99-250101-9999');
    const status = r.status();
    assert(status === 404 || status === 503, `status ${status}`);
    assert(await page.$('p.alert'), 'message shown');
    await context.close();
  });

  await test('kiosk works without JavaScript and resets when idle', async () => {
    const { context, page } = await newPage({ js: false, width: 1920 });
    let r = await page.goto(U + '/kiosk');
    await checkPage(page, r, 'kiosk');
    const refresh = await page.getAttribute('noscript meta[http-equiv=refresh]', 'content');
    assert(/^\d+;url=\/kiosk$/.test(refresh), `refresh ${refresh}`);
    await Promise.all([page.waitForNavigation(), page.click('a.tile[href="/kiosk/thu-tuc"]')]);
    await page.fill('#q', 'khai sinh');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.filters button')]);
    await checkPage(page, r, 'kiosk-search');
    [r] = await Promise.all([page.waitForNavigation(), page.click('ol.results li a.title')]);
    await checkPage(page, r, 'kiosk-procedure');
    r = await page.goto(U + '/kiosk/tra-cuu');
    await checkPage(page, r, 'kiosk-lookup');
    const box = await page.$eval('a.button.big', (a) => a.getBoundingClientRect().height);
    assert(box >= 44, `kiosk targets ${box}px high`);
    await context.close();
  });

  await test('forms reject posts without their CSRF token', async () => {
    const { context, page } = await newPage();
    let r = await page.request.post(U + '/dang-nhap', {
      form: { username: 'demo.admin', password: DEMO_PASSWORD }, maxRedirects: 0,
    });
    assert(r.status() === 403, `log-in without form token: ${r.status()}`);
    await loginForm(page, 'demo.citizen');
    r = await page.request.post(U + '/dang-xuat', { form: {}, maxRedirects: 0 });
    assert(r.status() === 403, `log-out without csrf_token: ${r.status()}`);
    r = await page.request.post(U + '/dang-xuat', { form: { csrf_token: 'wrong' }, maxRedirects: 0 });
    assert(r.status() === 403, `log-out with a wrong csrf_token: ${r.status()}`);
    await context.close();
  });

  await test('registration and log-in escape hostile names', async () => {
    for (let i = 0; i < XSS_NAMES.length; i++) {
      const { context, page } = await newPage();
      let r = await page.goto(U + '/dang-ky');
      await checkPage(page, r, i === 0 ? 'register' : null);
      const username = `xss.user${i}.${Date.now() % 100000}`;
      await page.fill('#full_name', XSS_NAMES[i]);
      await page.fill('#username', username);
      await page.fill('#password', 'mat-khau-dai-1');
      await Promise.all([page.waitForNavigation(), page.click('form.stack button')]);
      assert(page.url().includes('/dang-nhap'), `after registration: ${page.url()}`);
      await page.fill('#username', username);
      await page.fill('#password', 'mat-khau-dai-1');
      [r] = await Promise.all([page.waitForNavigation(), page.click('form.stack button')]);
      await checkPage(page, r, i === 0 ? 'citizen-account' : null);
      const who = await page.textContent('.who');
      assert(who.includes(XSS_NAMES[i]), `name shown as text: ${who}`);
      assert(!(await page.$('header img')), 'no injected element');
      const html = await (await page.request.get(page.url())).text();
      assert(!html.includes(XSS_NAMES[i]), 'raw name in HTML');
      assert(page.dialogs.length === 0, 'alert fired');
      await context.close();
    }
  });

  await test('log-in page, failed and successful log-in, log-out', async () => {
    const { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/dang-nhap');
    await checkPage(page, r, 'login');
    await page.fill('#username', 'demo.citizen');
    await page.fill('#password', 'sai-mat-khau');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.stack button')]);
    assert(r.status() === 401, `wrong password: ${r.status()}`);
    assert(await page.$('p.alert'), 'error shown');
    await loginForm(page, 'demo.citizen');
    assert(page.url().endsWith('/ca-nhan'), `landed on ${page.url()}`);
    await Promise.all([page.waitForNavigation(), page.click('header form.inline button')]);
    assert((await page.textContent('header')).includes('Đăng nhập'), 'logged out');
    await context.close();
  });

  let onlineCode = null;
  await test('citizen submits online (wizard without JavaScript)', async () => {
    const { context, page } = await newPage({ js: false });
    await loginForm(page, 'demo.citizen');
    // Private enterprise registration: the centre, Sở Tài chính and the tax office each hold a step.
    await page.goto(U + '/thu-tuc/1.001612');
    let [r] = await Promise.all([page.waitForNavigation(), page.click('a.button[href^="/nop-ho-so/"]')]);
    await checkPage(page, r, 'submit-online');
    await page.fill('#full_name', 'Nguyễn Văn An');
    await page.fill('#id_number', '001085012345');
    await page.fill('#date_of_birth', '1985-03-02');
    await page.fill('#phone', '0987654321');
    await page.fill('#address', 'Tổ 5, phường Đông Thành');
    await page.selectOption('#return_method', 'postal');
    // Without script the files go in the form's own multipart body.
    await page.setInputFiles('#f0', { name: 'giay-de-nghi.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.check('input[name=confirm]');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.wizard button[type=submit]')]);
    const err = await page.$('p.alert');
    assert(!err, 'submission failed: ' + (err && await err.textContent()));
    const m = page.url().match(/\/ho-so\/([^?]+)\?da-nop=1/);
    assert(m, `after submission: ${page.url()}`);
    onlineCode = decodeURIComponent(m[1]);
    assert((await page.textContent('main')).includes('giay-de-nghi.pdf'), 'the uploaded file is listed');
    await checkPage(page, r, 'dossier-citizen');
    const mine = await page.goto(U + '/ca-nhan');
    assert((await page.textContent('main')).includes(onlineCode), 'listed in my dossiers');
    await checkPage(page, mine, 'my-dossiers');
    await context.close();
  });

  await test('online submission with JavaScript: uploads show progress, errors keep the files', async () => {
    const { context, page } = await newPage();
    await loginForm(page, 'demo.citizen');
    let r = await page.goto(U + '/nop-ho-so/1.001612');
    assert(r.status() === 200, `wizard: ${r.status()}`);
    await page.fill('#full_name', 'Lê Thị Hoa');
    await page.fill('#id_number', '001190012345');
    await page.fill('#phone', '0912000111');
    // A 3 MB scan, so that the upload reports progress on its way.
    const scan = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3 << 20, 0x20), Buffer.from('\n%%EOF\n')]);
    await page.setInputFiles('#f0', { name: 'don-de-nghi.pdf', mimeType: 'application/pdf', buffer: scan });
    await page.setInputFiles('#f1', { name: 'dieu-le.png', mimeType: 'image/png', buffer: Buffer.from('not a png') });
    await page.check('input[name=confirm]');
    // The review step lists what will be sent, files included.
    const review = await page.textContent('.review-summary');
    assert(review.includes('Lê Thị Hoa') && review.includes('don-de-nghi.pdf (3,0 MB)'), `review: ${review}`);
    await page.screenshot({ path: path.join(SHOTS, 'submit-online-review-1280.png'), fullPage: true });
    // The status line is logged to sessionStorage, which survives the navigation at the end.
    const watch = () => page.evaluate(() => {
      const status = document.getElementById('upload-status');
      new MutationObserver(() => {
        const log = JSON.parse(sessionStorage.getItem('upload-log') || '[]');
        log.push(status.textContent);
        sessionStorage.setItem('upload-log', JSON.stringify(log));
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    await watch();
    await page.click('form.wizard button[type=submit]');
    // The refused file is shown next to its input, in place; the good one stays chosen.
    await page.waitForSelector('#f1-error');
    assert(page.url().endsWith('/nop-ho-so/1.001612'), `stayed on the wizard: ${page.url()}`);
    assert((await page.textContent('#f1-error')).includes('dieu-le.png'), 'names the file');
    assert(await page.$eval('#f0', (i) => i.files.length) === 1, 'the scan is still chosen');
    assert(!(await page.$('.files-lost')), 'no "choose again" note when script kept the files');
    assert(await page.inputValue('#full_name') === 'Lê Thị Hoa', 'typed data kept');
    await page.screenshot({ path: path.join(SHOTS, 'submit-online-file-error-1280.png'), fullPage: true });
    await page.setInputFiles('#f1', { name: 'dieu-le.png', mimeType: 'image/png', buffer: PNG });
    await page.check('input[name=confirm]');
    await watch();
    await Promise.all([page.waitForURL(/\/ho-so\/[^?]+\?da-nop=1/), page.click('form.wizard button[type=submit]')]);
    const log = JSON.parse(await page.evaluate(() => sessionStorage.getItem('upload-log') || '[]'));
    assert(log.some((t) => /^Đang tải lên: \d+% \(.+ \/ 3,0 MB\)$/.test(t)), `progress shown: ${log}`);
    assert(log.some((t) => t.startsWith('Đã tải lên')), `upload end shown: ${log}`);
    const main = await page.textContent('main');
    assert(main.includes('don-de-nghi.pdf') && main.includes('dieu-le.png'), 'both files listed');
    await context.close();
  });

  await test('the online dossier goes through reception, three agencies and return', async () => {
    assert(onlineCode, 'no online dossier');
    const users = ['demo.reception_officer', 'demo.leader.taichinh', 'demo.specialist.taichinh',
                   'demo.specialist.thue'];
    const preferred = ['receive', 'forward', 'approve', 'finish', 'return'];
    const pages = {};
    for (const u of users) {
      pages[u] = await newPage();
      await loginForm(pages[u].page, u);
    }
    const trail = [];
    let done = false;
    for (let round = 0; round < 16 && !done; round++) {
      let acted = false;
      for (const u of users) {
        const { page } = pages[u];
        const r = await page.goto(U + '/ho-so/' + encodeURIComponent(onlineCode));
        if (r.status() !== 200) continue;
        const status = await page.textContent('table.facts strong');
        if (/Đã trả kết quả/.test(status)) { done = true; break; }
        let clicked = false;
        for (const a of preferred) {
          const btn = await page.$(`form.action-form button[data-action="${a}"]`);
          if (!btn) continue;
          if (a === 'return') {
            await page.selectOption(`form.action-form:has(button[data-action="return"]) select`, 'postal').catch(() => {});
            // Return by post names its parcel (decision 0018): a Vietnam Post S10 number.
            await page.fill(`form.action-form:has(button[data-action="return"]) input[name=postal_tracking]`, 'EV123456785VN').catch(() => {});
          }
          await Promise.all([page.waitForNavigation(), btn.click()]);
          const err = await page.$('p.alert');
          assert(!err, `${u} ${a}: ` + (err && await err.textContent()));
          trail.push(`${u}:${a}`);
          if (trail.length === 1) await checkPage(page, await page.reload(), 'dossier-staff');
          clicked = true;
          break;
        }
        if (clicked) { acted = true; break; }
      }
      if (!acted && !done) break;
    }
    const { page } = pages['demo.reception_officer'];
    await page.goto(U + '/ho-so/' + encodeURIComponent(onlineCode));
    await page.screenshot({ path: path.join(SHOTS, 'dossier-returned-1280.png'), fullPage: true });
    const historyRows = await page.$$('table.history tbody tr');
    for (const u of users) await pages[u].context.close();
    assert(done, `not returned; actions taken: ${trail.join(', ')}`);
    // One person of each agency must have acted: the centre, Sở Tài chính and the tax office.
    for (const u of ['demo.reception_officer', 'demo.leader.taichinh', 'demo.specialist.thue']) {
      assert(trail.some((t) => t.startsWith(u + ':')), `${u} never acted: ${trail.join(', ')}`);
    }
    assert(historyRows.length >= trail.length, 'history lists every action');
    console.log('     lifecycle: ' + trail.join(' → '));
  });

  await test('the citizen looks up the returned dossier by code', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/tra-cuu?ma=' + encodeURIComponent(onlineCode));
    await checkPage(page, r, 'lookup-returned');
    const main = await page.textContent('main');
    assert(main.includes('Đã trả kết quả'), 'status shown');
    assert(!main.includes('Nguyễn Văn An') && !main.includes('0987654321'), 'masked');
    // The result went by post: its tracking number shows (decision 0018), no address with it.
    assert(main.includes('EV123456785VN'), 'tracking number shown');
    await context.close();
  });

  await test('the citizen rates the service after the return', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ js: false });
    await loginForm(page, 'demo.citizen');
    let r = await page.goto(U + '/ho-so/' + encodeURIComponent(onlineCode));
    assert(await page.$('form.rating'), 'rating form shown');
    await page.check('input[name=bodies_contacted][value="1"]');
    await page.check('input[name=publication][value="2"]');
    await page.check('input[name=attitude][value="2"]');
    await page.fill('#rate-comment', 'Cán bộ hướng dẫn tận tình.');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.rating button')]);
    await checkPage(page, r, 'dossier-rated');
    assert((await page.textContent('p.notice')).includes('Cảm ơn'), 'thanked');
    await context.close();
  });

  // The hall kiosk, without JavaScript: the lookup of the returned dossier offers the rating; the
  // receipt is proved with the last four digits of the applicant's id number (001085012345).
  await test('the citizen rates at the kiosk without JavaScript', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ js: false, width: 1920 });
    let r = await page.goto(U + '/kiosk/tra-cuu?ma=' + encodeURIComponent(onlineCode));
    assert(r.status() === 200, `kiosk lookup ${r.status()}`);
    [r] = await Promise.all([page.waitForNavigation(), page.click('a.rate-link')]);
    assert(page.url().includes('/kiosk/danh-gia?ma='), `rating page: ${page.url()}`);
    await checkPage(page, r, 'kiosk-rate');
    assert((await page.inputValue('#ma')) === onlineCode, 'code carried from the lookup');
    const target = await page.$eval('label.choice', (l) => l.getBoundingClientRect().height);
    assert(target >= 56, `kiosk answer targets ${target}px high`);
    // A wrong verifier: the message sits next to the field, the answers stay chosen.
    await page.fill('#verifier', '1234');
    await page.check('#bodies_contacted-1');
    await page.check('#attitude-2');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.rating button[type=submit]')]);
    assert(r.status() === 422, `wrong verifier: ${r.status()}`);
    assert((await page.textContent('#verifier-error')).includes('Bốn số cuối'), 'verifier error');
    assert((await page.getAttribute('#verifier', 'aria-invalid')) === 'true', 'field marked');
    assert(await page.isChecked('#attitude-2'), 'answers kept');
    await page.fill('#verifier', '2345');
    await page.check('#publication-2');
    await page.check('#supplements-2');
    await page.fill('#rate-comment', XSS_NAMES[0]);
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.rating button[type=submit]')]);
    await checkPage(page, r, 'kiosk-rated');
    assert((await page.textContent('p.notice')).includes('Cảm ơn'), 'thanked');
    const refresh = await page.getAttribute('noscript meta[http-equiv=refresh]', 'content');
    assert(/^20;url=\/kiosk$/.test(refresh), `thank-you screen resets sooner: ${refresh}`);
    assert(page.dialogs.length === 0, 'no dialog');
    await context.close();
  });

  await test('kiosk rating errors are accessible (second kiosk rating refused)', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ width: 1920 });
    await page.goto(U + '/kiosk/danh-gia?ma=' + encodeURIComponent(onlineCode));
    await page.fill('#verifier', '2345');
    await page.check('#attitude-1');
    const [r] = await Promise.all([page.waitForNavigation(), page.click('form.rating button[type=submit]')]);
    await checkPage(page, r, 'kiosk-rate-error', { status: 409 });
    assert((await page.textContent('#ma-error')).includes('đã được đánh giá'), 'once per channel');
    await context.close();
  });

  await test('the public lookup offers the portal rating page', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ js: false });
    await page.goto(U + '/tra-cuu/' + encodeURIComponent(onlineCode));
    let [r] = await Promise.all([page.waitForNavigation(), page.click('a.rate-link')]);
    assert(page.url().endsWith('/danh-gia/' + encodeURIComponent(onlineCode)), page.url());
    await checkPage(page, r, 'rate-portal');
    // The owner already rated online: the portal refuses a second online rating.
    await page.fill('#verifier', '4321');
    await page.check('#publication-1');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.rating button[type=submit]')]);
    assert(r.status() === 409, `second online rating: ${r.status()}`);
    assert(await page.$('#ma-error'), 'error next to the code');
    await context.close();
  });

  // PAKN with hostile strings as content: shown as text, never run.
  await test('complaints (PAKN) at /phan-anh and at the kiosk escape hostile content', async () => {
    let { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/phan-anh');
    await checkPage(page, r, 'complaint');
    await page.fill('#content', XSS_NAMES[0]);
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.complaint button[type=submit]')]);
    assert(r.status() === 422, `without an agency or contact: ${r.status()}`);
    for (const id of ['#agency-error', '#name-error', '#phone-error']) {
      assert(await page.$(id), `${id} shown next to its field`);
    }
    assert((await page.inputValue('#content')) === XSS_NAMES[0], 'content kept as typed');
    await page.selectOption('#agency_code', '000.00.10.H99');
    await page.fill('#full_name', XSS_NAMES[1]);
    await page.fill('#phone', '0987654321');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.complaint button[type=submit]')]);
    await checkPage(page, r, 'complaint-received');
    assert(/Đã tiếp nhận phản ánh, kiến nghị số \d+/.test(await page.textContent('p.notice')), 'receipt number');
    assert(page.dialogs.length === 0, 'no dialog');
    await context.close();

    ({ context, page } = await newPage({ js: false, width: 1920 }));
    r = await page.goto(U + '/kiosk');
    await Promise.all([page.waitForNavigation(), page.click('a.tile[href="/kiosk/phan-anh"]')]);
    await checkPage(page, await page.reload(), 'kiosk-complaint');
    if (onlineCode) await page.fill('#ma', onlineCode);
    else await page.selectOption('#agency_code', '000.00.01.H99');
    await page.fill('#content', XSS_NAMES[1]);
    await page.fill('#full_name', XSS_NAMES[0]);
    await page.fill('#email', 'an@example.vn');
    [r] = await Promise.all([page.waitForNavigation(), page.click('form.complaint button[type=submit]')]);
    await checkPage(page, r, 'kiosk-complaint-received');
    assert(page.url().includes('/kiosk/phan-anh?da-gui='), page.url());
    assert(page.dialogs.length === 0, 'no dialog');
    await context.close();

    // Logged in: the complaint and its state on /ca-nhan, escaped.
    ({ context, page } = await newPage());
    await loginForm(page, 'demo.citizen');
    await page.goto(U + '/phan-anh');
    assert((await page.inputValue('#full_name')).length > 0, 'name from the account');
    await page.selectOption('#agency_code', '000.00.01.H99');
    await page.fill('#content', XSS_NAMES[1]);
    await Promise.all([page.waitForNavigation(), page.click('form.complaint button[type=submit]')]);
    r = await page.goto(U + '/ca-nhan');
    await checkPage(page, r, 'my-complaints');
    const list = await page.textContent('ol.complaints');
    assert(list.includes(XSS_NAMES[1]) && list.includes('Đang chờ trả lời'), 'listed as text');
    assert(!(await page.$('ol.complaints img')), 'no injected element');
    assert(page.dialogs.length === 0, 'no dialog');
    await context.close();
  });

  // The supplement round trip: the agency asks for papers during processing, the citizen uploads
  // them without JavaScript, the dossier is back in process.
  await test('supplement: requested in processing, uploaded by the citizen, back in process', async () => {
    const citizen = await newPage({ js: false });
    await loginForm(citizen.page, 'demo.citizen');
    await citizen.page.goto(U + '/nop-ho-so/1.001612');
    await citizen.page.fill('#full_name', 'Nguyễn Văn An');
    await citizen.page.fill('#id_number', '001085012345');
    await citizen.page.fill('#phone', '0987654321');
    await citizen.page.check('input[name=confirm]');
    await Promise.all([citizen.page.waitForNavigation(), citizen.page.click('form.wizard button[type=submit]')]);
    const m = citizen.page.url().match(/\/ho-so\/([^?]+)\?da-nop=1/);
    assert(m, `after submission: ${citizen.page.url()}`);
    const code = decodeURIComponent(m[1]);
    const href = U + '/ho-so/' + encodeURIComponent(code);
    const act = async (user, action, reason) => {
      const { context, page } = await newPage();
      await loginForm(page, user);
      await page.goto(href);
      const form = `form.action-form:has(button[data-action="${action}"])`;
      assert(await page.$(form), `${user} cannot ${action}`);
      if (reason) await page.fill(`${form} textarea[name=reason]`, reason);
      await Promise.all([page.waitForNavigation(), page.click(`${form} button`)]);
      const err = await page.$('p.alert');
      assert(!err, `${user} ${action}: ` + (err && await err.textContent()));
      await context.close();
    };
    await act('demo.reception_officer', 'receive');
    await act('demo.reception_officer', 'forward');
    await act('demo.leader.taichinh', 'request_supplement',
      'Bản sao giấy khai sinh có chứng thực\nẢnh chân dung 4x6');
    let r = await citizen.page.goto(href);
    await checkPage(citizen.page, r, 'dossier-waiting-supplement');
    assert((await citizen.page.textContent('table.facts strong')).includes('Chờ bổ sung'), 'waiting');
    const missing = await citizen.page.$$eval('section.supplement ul.missing li', (li) => li.map((x) => x.textContent));
    assert(missing.length === 2 && missing[1] === 'Ảnh chân dung 4x6', `missing items: ${missing}`);
    [r] = await Promise.all([citizen.page.waitForNavigation(), citizen.page.click('a.supplement-link')]);
    await checkPage(citizen.page, r, 'supplement');
    const pdf = PDF;
    const png = PNG;
    // A file that is not a document is refused next to its input; nothing is attached.
    await citizen.page.setInputFiles('#file0', { name: 'giay.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') });
    [r] = await Promise.all([citizen.page.waitForNavigation(), citizen.page.click('form.supplement-form button[type=submit]')]);
    assert(r.status() === 422, `text file: ${r.status()}`);
    assert(await citizen.page.$('#file0-error'), 'error next to the file input');
    await citizen.page.setInputFiles('#file0', { name: 'khai-sinh.pdf', mimeType: 'application/pdf', buffer: pdf });
    await citizen.page.setInputFiles('#file1', { name: 'anh-4x6.png', mimeType: 'image/png', buffer: png });
    await citizen.page.fill('#note', XSS_NAMES[0]);
    [r] = await Promise.all([citizen.page.waitForNavigation(), citizen.page.click('form.supplement-form button[type=submit]')]);
    assert(citizen.page.url().includes('?da-bo-sung=1'), `after the supplement: ${citizen.page.url()}`);
    await checkPage(citizen.page, r, 'dossier-supplemented');
    assert((await citizen.page.textContent('table.facts strong')).includes('Đang giải quyết'), 'back in process');
    assert(!(await citizen.page.$('section.supplement')), 'no longer waiting');
    const history = await citizen.page.textContent('table.history');
    assert(history.includes('Bổ sung hồ sơ') && history.includes(XSS_NAMES[0]), 'history shows the supplement');
    assert(citizen.page.dialogs.length === 0, 'no dialog');
    await citizen.context.close();
  });

  await test('status labels in English (?lang=en)', async () => {
    assert(onlineCode, 'no online dossier');
    const { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/tra-cuu/' + encodeURIComponent(onlineCode) + '?lang=en');
    await checkPage(page, r, 'lookup-en');
    assert((await page.textContent('table.facts strong')) === 'Result returned', 'lookup status');
    await loginForm(page, 'demo.citizen');
    r = await page.goto(U + '/ho-so/' + encodeURIComponent(onlineCode));
    await checkPage(page, r, 'dossier-en');
    assert((await page.getAttribute('html', 'lang')) === 'en', 'remembered language');
    const facts = await page.textContent('table.facts');
    assert(facts.includes('Result returned'), 'state in English');
    const history = await page.textContent('table.history');
    for (const label of ['Submitted online', 'Receive', 'Forward', 'Return the result', 'In process']) {
      assert(history.includes(label), `history lacks "${label}"`);
    }
    assert(!/Đã trả kết quả|Tiếp nhận|Chuyển xử lý/.test(facts + history), 'no Vietnamese status left');
    const timeliness = await page.$$eval('table.sheet .badge', (b) => b.map((x) => x.textContent));
    assert(timeliness.length > 0 && timeliness.every((t) => /^(Early|On time|Late)$/.test(t)), `timeliness: ${timeliness}`);
    r = await page.goto(U + '/ca-nhan');
    await checkPage(page, r, 'account-en');
    assert((await page.textContent('main')).includes('Result returned'), 'my dossiers in English');
    r = await page.goto(U + '/kiosk/tra-cuu?ma=' + encodeURIComponent(onlineCode));
    assert((await page.textContent('table.facts strong')) === 'Result returned', 'kiosk lookup');
    await context.close();
  });

  await test('counter: search as you type, receive, print the receipt', async () => {
    const { context, page } = await newPage();
    await loginForm(page, 'demo.reception_officer');
    assert(page.url().endsWith('/quay'), `landed on ${page.url()}`);
    let r = await page.goto(U + '/quay');
    await checkPage(page, r, 'counter');
    await page.keyboard.press('F2');
    await page.keyboard.type('khai sinh');
    await page.waitForSelector('#proc-hits a[data-code="1.001193"]', { timeout: 5000 });
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert(page.url().includes('thu-tuc='), `picked: ${page.url()}`);
    await checkPage(page, await page.reload(), 'counter-checklist');
    // Applicant recall: a demo applicant's id number fills the empty fields on leaving the field.
    await page.fill('#a-id', '079185001234');
    await page.press('#a-id', 'Tab');
    await page.waitForFunction(() => document.getElementById('a-name').value !== '', null, { timeout: 5000 });
    assert((await page.inputValue('#a-name')) === 'Trần Thị Bích Ngọc', 'recalled name');
    assert((await page.textContent('#recall-status')).includes('000.00.01.H99-'), 'recall status');
    await page.fill('#a-name', 'Nguyễn Thị Hoa');
    await page.fill('#a-id', process.env.MOTCUA_E2E_CCCD || '001190012345');
    await page.fill('#a-dob', '1990-05-17');
    await page.fill('#a-phone', '0912345678');
    await page.fill('#a-address', 'Số 1 đường Hùng Vương, phường Đông Thành');
    for (const box of await page.$$('table.checklist input[type=checkbox]')) await box.check();
    await page.keyboard.press('F9');
    await page.waitForSelector('#reception-result .notice, #reception-result .alert', { timeout: 10000 });
    const err = await page.$('#reception-result .alert');
    assert(!err, 'reception failed: ' + (err && await err.textContent()));
    const text = await page.textContent('#reception-result');
    const m = text.match(/[0-9A-Z.]+-\d{6}-\d{4,}/);
    assert(m, `no dossier code in: ${text}`);
    receivedCode = m[0];
    await page.screenshot({ path: path.join(SHOTS, 'counter-received-1280.png'), fullPage: true });
    const href = await page.getAttribute('#receipt-link', 'href');
    const pdf = await page.request.get(new URL(href, U).toString());
    assert(pdf.status() === 200 && /pdf/.test(pdf.headers()['content-type'] || ''),
      `receipt ${href}: ${pdf.status()} ${pdf.headers()['content-type']}`);
    await context.close();
  });

  await test('public lookup of the received dossier shows masked data only', async () => {
    assert(receivedCode, 'no dossier was received');
    const { context, page } = await newPage({ js: false });
    const r = await page.goto(U + '/tra-cuu/' + encodeURIComponent(receivedCode));
    await checkPage(page, r, 'lookup-found');
    const body = await page.textContent('main');
    assert(body.includes(receivedCode), 'code shown');
    assert(!body.includes('Nguyễn Thị Hoa'), 'full name must be masked');
    assert(!body.includes('0912345678') && !body.includes('001190012345'), 'no phone or id number');
    assert(!body.includes('Hùng Vương'), 'no address');
    await context.close();
  });

  for (const [user, url, shot] of [['demo.specialist', '/xu-ly', 'backoffice'],
                                   ['demo.leader', '/dieu-hanh', 'dashboard'],
                                   ['demo.monitor', '/dieu-hanh', 'dashboard-province'],
                                   ['demo.admin', '/quan-tri', 'admin']]) {
    await test(`${shot} page for ${user}`, async () => {
      const { context, page } = await newPage();
      await loginForm(page, user);
      const r = await page.goto(U + url);
      await checkPage(page, r, shot);
      if (shot.startsWith('dashboard')) {
        assert(await page.$('ul.kpis'), 'dossier figures');
        assert(await page.$('table.rates'), 'on-time rates');
      }
      await context.close();
    });
  }

  await test('staff pages need a log-in and the right role', async () => {
    const { context, page } = await newPage({ js: false });
    await page.goto(U + '/quay');
    assert(page.url().includes('/dang-nhap?next='), `anonymous: ${page.url()}`);
    await loginForm(page, 'demo.citizen');
    const r = await page.goto(U + '/quay');
    assert(r.status() === 403, `citizen on the counter: ${r.status()}`);
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
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
