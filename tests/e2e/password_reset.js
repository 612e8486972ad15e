// End-to-end test of the forgotten password (issue 17, item 9) in Chromium: a citizen registers
// with an e-mail address, follows "Quên mật khẩu?" from the log-in page, receives the mail through
// a real SMTP server (Debian's aiosmtpd writing a Maildir), opens the link, sets a new password
// and logs in with it. axe-core and the 360 px layout check run on every page (lib.checkPage).
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const {
  CHROMIUM, SHOTS, BROWSER_ARGS, assert, harness, newPage, checkPage, startSmtp, mailBody,
} = require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

let server;
let smtp;
let browser;

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  smtp = await startSmtp();
  server = await startServer(['--smtp-url', smtp.url, '--smtp-from', 'motcua@example.vn']);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);

  await test('forgotten password: register with e-mail, mailed link, new password works', async () => {
    const { context, page } = await newPage(browser, { js: false });
    let r = await page.goto(U + '/dang-ky');
    await page.fill('#full_name', 'Lê Thị Hồng');
    await page.fill('#username', 'cd.e2e.hong');
    await page.fill('#email', 'Hong.E2E@Example.vn');
    await page.fill('#password', 'mat-khau-cu');
    r = await submit(page, 'form.stack button[type=submit]');
    assert(page.url().includes('/dang-nhap?da-dang-ky=1'), `registration: ${page.url()}`);

    r = await submit(page, 'a[href="/quen-mat-khau"]');
    await check(page, r, 'forgot-password');
    await page.fill('#account', 'hong.e2e@example.vn');
    r = await submit(page, 'form.stack button[type=submit]');
    await check(page, r, 'forgot-password-sent');
    const notice = await page.textContent('.notice');
    assert(notice.includes('Nếu tài khoản tồn tại'), `answer: ${notice}`);

    let mail;
    for (let i = 0; i < 100 && !mail; i++) {
      mail = smtp.mails().find((m) => m.includes('hong.e2e@example.vn'));
      if (!mail) await new Promise((res) => setTimeout(res, 100));
    }
    assert(mail, 'no mail arrived');
    const body = mailBody(mail);
    assert(body.includes('Xin chào Lê Thị Hồng'), body);
    const link = body.match(/http:\/\/\S+\/dat-lai-mat-khau\?ma=[\w-]+/);
    assert(link, `no link in ${body}`);
    // The link names localhost; the browser reaches the same server by 127.0.0.1.
    const target = U + link[0].slice(link[0].indexOf('/dat-lai-mat-khau'));

    r = await page.goto(target);
    await check(page, r, 'reset-password');
    await page.fill('#password', 'mat-khau-moi');
    r = await submit(page, 'form.stack button[type=submit]');
    assert(page.url().includes('/dang-nhap?da-doi-mat-khau=1'), `after reset: ${page.url()}`);
    assert((await page.textContent('.notice')).includes('Đã đặt mật khẩu mới'), 'changed notice');

    await page.fill('#username', 'cd.e2e.hong');
    await page.fill('#password', 'mat-khau-moi');
    await submit(page, 'form.stack button[type=submit]');
    assert(page.url().endsWith('/ca-nhan'), `log-in with the new password: ${page.url()}`);

    r = await page.goto(target);
    await check(page, r, 'reset-password-used', { status: 400 });
    assert((await page.textContent('main')).includes('đã được dùng hoặc đã hết hạn'), 'used link');
    await context.close();
  });

  await browser.close();
  await server.stop();
  smtp.stop();
  const failed = results.filter((x) => !x.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(async (e) => {
  console.error(e);
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  if (smtp) smtp.stop();
  process.exit(1);
});
