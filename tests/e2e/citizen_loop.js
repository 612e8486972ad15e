// The citizen's whole loop (issue 16) in Chromium: a citizen submits a dossier online, the
// one-stop centre receives it, the agency requests the fee (the amount computed from the
// procedure's published fee), the citizen pays through the payment gateway — a local stand-in
// speaking the gateway's redirect + signed return + IPN protocol (tests/support/
// payment_gateway_standin.py) — and the e-receipt (biên lai điện tử) downloads as a PDF whose text
// shows the amount; the leader approves, the result is a PAdES-signed PDF the citizen downloads
// from their dossier page and `pdfsig` validates; the dossier is returned online. At each event
// (received, fee due, result ready, returned) the citizen gets an e-mail, seen by a real SMTP
// server (aiosmtpd), and an SMS, seen by the brand-name gateway stand-in (tests/support/
// sms_standin.py, which checks the request's shape and signature); no message carries the id
// number. A tampered amount from the gateway is refused and shows up in the reconciliation.
// axe-core and the layout checks run on the pages.
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { startServer, ROOT } = require('./server');
const {
  CHROMIUM, BROWSER_ARGS, assert, harness, newPage, checkPage, loginForm, freePort, startSmtp,
  mailBody,
} = require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);

const MERCHANT = 'MOTCUA01';
const SECRET = 'bi-mat-e2e-' + Date.now();
// Cấp Phiếu lý lịch tư pháp: 200.000 đồng, Sở Tư pháp (demo.leader, demo.specialist) decides.
const PROCEDURE = '2.000488';
const AMOUNT_TEXT = '200.000';

// The gateway stand-in on a free port; `mode(m)` switches how it answers (normal,
// tamper_amount, bad_signature), `log()` is what it sent to the IPN and what it got back.
async function startGateway() {
  const child = spawn('/usr/bin/python3',
    [path.join(ROOT, 'tests', 'support', 'payment_gateway_standin.py'), '--port', '0',
     '--merchant', MERCHANT, '--secret', SECRET], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr.on('data', (d) => { out += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('gateway did not start: ' + out)), 10000);
    child.stdout.on('data', (d) => {
      const m = String(d).match(/listening on (http:\/\/[^\s]+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('gateway exited ' + code + ': ' + out)); });
  });
  const call = async (method, p) => {
    const r = await fetch(url + p, { method });
    return r.json();
  };
  return {
    url,
    payUrl: url + '/paymentv2/vpcpay.html',
    mode: (m) => call('POST', '/control?mode=' + m),
    log: () => call('GET', '/control/log'),
    output: () => out,
    stop: () => { child.removeAllListeners('exit'); child.kill('SIGTERM'); },
  };
}

const SMS_KEY = 'khoa-sms-e2e-' + Date.now();

// The brand-name SMS gateway stand-in on a free port; `messages()` is what it accepted,
// `rejected()` what it refused (bad shape or signature).
async function startSms() {
  const port = await freePort();
  const child = spawn('/usr/bin/python3',
    [path.join(ROOT, 'tests', 'support', 'sms_standin.py'), '--port', String(port), '--key', SMS_KEY],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('SMS stand-in did not start')), 10000);
    child.stdout.on('data', (d) => { if (/listening on/.test(String(d))) { clearTimeout(timer); resolve(); } });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('SMS stand-in exited ' + code)); });
  });
  const url = `http://127.0.0.1:${port}`;
  const get = async (p) => (await fetch(url + p)).json();
  return {
    url,
    messages: () => get('/messages'),
    rejected: () => get('/rejected'),
    stop: () => { child.removeAllListeners('exit'); child.kill('SIGTERM'); },
  };
}

let server;
let smtp;
let sms;
let gateway;
let browser;
let U;

// A logged-in browser page for `user`.
async function as(user) {
  const p = await newPage(browser);
  await loginForm(p.page, U, user);
  return p;
}

// The citizen submits `code` online through the wizard; returns the dossier code.
async function submitOnline(page, procedure, applicant) {
  await page.goto(U + '/nop-ho-so/' + procedure);
  await page.fill('#full_name', applicant.name);
  await page.fill('#id_number', applicant.id);
  await page.fill('#phone', applicant.phone);
  if (applicant.email) await page.fill('#email', applicant.email);
  await page.check('input[name=confirm]');
  await Promise.all([page.waitForNavigation(), page.click('form.wizard button[type=submit]')]);
  const err = await page.$('p.alert');
  assert(!err, 'submission failed: ' + (err && await err.textContent()));
  const m = page.url().match(/\/ho-so\/([^?]+)\?da-nop=1/);
  assert(m, `after submission: ${page.url()}`);
  return decodeURIComponent(m[1]);
}

const dossierUrl = (code) => U + '/ho-so/' + encodeURIComponent(code);
const statusText = async (page) => (await page.textContent('table.facts strong')).trim();

// `user` takes `action` from the dossier page's action forms; returns false when not offered.
async function act(page, code, action, reason) {
  await page.goto(dossierUrl(code));
  const form = `form.action-form:has(button[data-action="${action}"])`;
  if (!(await page.$(form))) return false;
  if (reason) await page.fill(`${form} textarea[name=reason]`, reason);
  await Promise.all([page.waitForNavigation(), page.click(`${form} button[data-action="${action}"]`)]);
  const err = await page.$('p.alert');
  assert(!err, `${action}: ` + (err && await err.textContent()));
  return true;
}

// Moves the dossier on with the staff `pages` ({user: page}) taking the first of `preferred`
// offered to them, round after round, until `until(status)` holds. Returns the trail.
async function walk(pages, code, preferred, until) {
  const trail = [];
  for (let round = 0; round < 12; round++) {
    let moved = false;
    for (const [user, page] of Object.entries(pages)) {
      const r = await page.goto(dossierUrl(code));
      if (r.status() !== 200) continue;
      if (until(await statusText(page))) return trail;
      for (const a of preferred) {
        if (await act(page, code, a)) { trail.push(`${user}:${a}`); moved = true; break; }
      }
      if (moved) break;
    }
    if (!moved) break;
  }
  const { page } = { page: Object.values(pages)[0] };
  await page.goto(dossierUrl(code));
  assert(until(await statusText(page)), `stuck at "${await statusText(page)}" after ${trail}`);
  return trail;
}

// The first staff page that is offered the fee request form.
async function pageWithFeeForm(pages, code) {
  for (const page of Object.values(pages)) {
    await page.goto(dossierUrl(code));
    if (await page.$('form.fee-request')) return page;
  }
  return null;
}

// Staff request the fee: recompute with `copies`, check the amount, then request.
async function requestFee(page, code, { copies = 1, expect }) {
  await page.goto(dossierUrl(code));
  await page.fill('#fr-copies', String(copies));
  await Promise.all([page.waitForNavigation(), page.click('#fee-recompute')]);
  const computed = await page.textContent('#fee-computed');
  assert(computed.includes(expect), `computed ${computed}, expected ${expect}`);
  await Promise.all([page.waitForNavigation(), page.click('#fee-request')]);
  const err = await page.$('p.alert');
  assert(!err, 'fee request: ' + (err && await err.textContent()));
  assert(page.url().includes('da-yeu-cau-phi=1'), `after the request: ${page.url()}`);
}

// The citizen pays online: dossier page → confirmation → gateway page → "Thanh toán" → our
// result page. Returns the result page's message.
async function payOnline(page, code, { cancel = false } = {}) {
  await page.goto(dossierUrl(code));
  await Promise.all([page.waitForNavigation(), page.click('#pay-online')]);
  assert((await page.textContent('#pay-amount')).includes(AMOUNT_TEXT), 'amount on the confirmation');
  await Promise.all([page.waitForNavigation(), page.click('#go-gateway')]);
  assert(page.url().startsWith(gateway.url), `at the gateway: ${page.url()}`);
  assert((await page.textContent('#amount')).includes('200,000'), 'amount at the gateway');
  await Promise.all([page.waitForURL((u) => u.toString().includes('/thanh-toan/ket-qua')),
    page.click(cancel ? '#cancel' : '#pay')]);
  return (await page.textContent('#pay-result')).trim();
}

// The e-receipt of the dossier: its link on the dossier page, fetched with the page's cookies;
// returns {number, text} with the PDF's text from pdftotext.
async function downloadReceipt(page, code) {
  await page.goto(dossierUrl(code));
  const link = await page.$('a.receipt-link');
  assert(link, 'no receipt link');
  const href = await link.getAttribute('href');
  const number = await link.getAttribute('data-receipt');
  const r = await page.request.get(new URL(href, U).toString());
  assert(r.status() === 200 && /pdf/.test(r.headers()['content-type'] || ''), `receipt: ${r.status()}`);
  const body = await r.body();
  assert(body.subarray(0, 5).toString() === '%PDF-', 'a PDF');
  const file = path.join(os.tmpdir(), `motcua-e2e-receipt-${process.pid}.pdf`);
  fs.writeFileSync(file, body);
  const text = execFileSync('/usr/bin/pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  return { number, text, href };
}

// Waits (up to 20 s: the worker sends every 200 ms) for the e-mail and the SMS of one event of
// dossier `code`: a mail to the applicant whose decoded body has the code and `mailText`, and an
// SMS to the applicant's phone (84…) with the code and `smsText`. Neither carries the id number.
async function expectNotified(code, applicant, mailText, smsText) {
  const phone = '84' + applicant.phone.slice(1);
  let mail = null;
  let text = null;
  for (let i = 0; i < 100 && !(mail && text); i++) {
    mail = smtp.mails().map(mailBody).find((b) => b.includes(code) && b.includes(mailText)) || null;
    text = (await sms.messages()).find((m) => m.channel === 'sms' && m.phone === phone &&
      m.message.includes(code) && smsText.test(m.message)) || null;
    if (!(mail && text)) await new Promise((r) => setTimeout(r, 200));
  }
  assert(mail, `no e-mail "${mailText}" for ${code}; mails: ${smtp.mails().length}`);
  assert(text, `no SMS ${smsText} for ${code}; SMS: ${JSON.stringify(await sms.messages())}`);
  assert(!mail.includes(applicant.id) && !text.message.includes(applicant.id), 'no id number');
  assert(text.message.length <= 160, `SMS of ${text.message.length} characters`);
}

async function main() {
  gateway = await startGateway();
  smtp = await startSmtp();
  sms = await startSms();
  server = await startServer(['--payment-url', gateway.payUrl, '--payment-merchant', MERCHANT,
    '--payment-secret', SECRET, '--smtp-url', smtp.url, '--sms-url', sms.url + '/sms',
    '--sms-key', SMS_KEY, '--sms-quiet-hours', 'off', '--notify-interval-ms', '200']);
  // The return URL names localhost (the default --public-url), so the browser stays on that
  // origin and keeps its session when the gateway sends it back.
  U = server.url.replace('127.0.0.1', 'localhost');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const applicant = {
    name: 'Trần Văn Phí', id: '001085067890', phone: '0987000111', email: 'tran.van.phi@example.vn',
  };
  let code = null;
  let citizen;
  let staff;

  await test('citizen submits online; the centre receives and the agency requests the fee', async () => {
    citizen = await as('demo.citizen');
    code = await submitOnline(citizen.page, PROCEDURE, applicant);
    staff = {};
    for (const u of ['demo.reception_officer', 'demo.leader', 'demo.specialist']) staff[u] = (await as(u)).page;
    // Forward until someone holding the step is offered the fee request.
    let feePage = null;
    for (let i = 0; i < 4 && !feePage; i++) {
      feePage = await pageWithFeeForm(staff, code);
      if (!feePage) await walk(staff, code, ['receive', 'forward'], () => false).catch(() => {});
    }
    assert(feePage, 'nobody is offered the fee request');
    await expectNotified(code, applicant, 'đã tiếp nhận hồ sơ', /da duoc tiep nhan/);
    const r = await feePage.goto(dossierUrl(code));
    await checkPage(browser, feePage, r, 'payment-fee-request');
    await requestFee(feePage, code, { copies: 2, expect: AMOUNT_TEXT });
    await expectNotified(code, applicant, 'nghĩa vụ tài chính', /de nghi nop phi/);
    assert((await statusText(feePage)).includes('Chờ thực hiện nghĩa vụ tài chính'), 'waiting payment');
    // The generic "Đã thực hiện" button is gone: paying is the only way on.
    assert(!(await feePage.$('button[data-action="pay"]')), 'no bare "pay" button');
  });

  await test('the citizen sees the amount and pays through the gateway', async () => {
    assert(code, 'no dossier');
    let r = await citizen.page.goto(dossierUrl(code));
    await checkPage(browser, citizen.page, r, 'payment-citizen-due');
    assert((await citizen.page.textContent('#fee-due')).includes(AMOUNT_TEXT), 'amount due shown');
    const message = await payOnline(citizen.page, code);
    assert(/Thanh toán thành công/.test(message), `result: ${message}`);
    const log = await gateway.log();
    assert(log.length === 1 && log[0].ipn_answer.RspCode === '00', `IPN: ${JSON.stringify(log)}`);
    r = await citizen.page.goto(dossierUrl(code));
    assert((await statusText(citizen.page)).includes('Đang giải quyết'), 'back in process');
    const table = await citizen.page.textContent('table.payments');
    assert(table.includes('Đã nộp') && table.includes(AMOUNT_TEXT), `payments: ${table}`);
  });

  await test('the e-receipt downloads as a PDF showing the amount', async () => {
    const receipt = await downloadReceipt(citizen.page, code);
    assert(/BIÊN LAI THU PHÍ, LỆ PHÍ/.test(receipt.text), 'receipt title');
    assert(receipt.text.includes(AMOUNT_TEXT), `amount in the PDF:\n${receipt.text}`);
    assert(receipt.text.includes('Hai trăm nghìn đồng'), 'amount in words');
    assert(receipt.text.includes(code), 'dossier code');
    // Staff get it from the staff dossier page too.
    const staffReceipt = await downloadReceipt(staff['demo.reception_officer'], code);
    assert(staffReceipt.number === receipt.number, 'same receipt');
  });

  await test('the receipt check behind the QR code shows validity without personal data', async () => {
    const receipt = await downloadReceipt(citizen.page, code);
    const m = receipt.text.replace(/\s+/g, ' ');
    assert(m.includes(receipt.number.split('-').pop()), 'number printed');
    const code_ = m.match(/Mã tra cứu: ([A-Za-z0-9_-]+)/);
    assert(code_, `no check code in:\n${receipt.text}`);
    const { context, page } = await newPage(browser, { js: false });
    // The QR code's link: the number and its check code (printed under the QR code too).
    let r = await page.goto(U + '/bien-lai/' + encodeURIComponent(receipt.number) + '?k=' + code_[1]);
    await checkPage(browser, page, r, 'payment-receipt-check');
    const shown = await page.textContent('main');
    assert(shown.includes('Biên lai hợp lệ') && shown.includes(AMOUNT_TEXT), `check: ${shown}`);
    assert(!shown.includes(applicant.name) && !shown.includes(applicant.id), 'no personal data');
    // A guessed number without its code shows nothing.
    r = await page.goto(U + '/bien-lai/' + encodeURIComponent(receipt.number) + '?k=sai');
    assert(r.status() === 404, `wrong token: ${r.status()}`);
    assert(!(await page.textContent('main')).includes(AMOUNT_TEXT), 'nothing shown');
    await context.close();
  });

  await test('the leader approves; the citizen downloads the signed result and pdfsig validates it', async () => {
    // The approval of an online dossier with no attached file yields the signed result notice.
    const trail = await walk(staff, code, ['forward', 'approve'], (s) => /Đã có kết quả/.test(s));
    assert(trail.some((t) => t.endsWith(':approve')), `approved: ${trail}`);
    await expectNotified(code, applicant, 'đã có kết quả giải quyết', /da co ket qua/);
    const r = await citizen.page.goto(dossierUrl(code));
    await checkPage(browser, citizen.page, r, 'loop-result-citizen');
    const href = await citizen.page.getAttribute('#d-result-download', 'href');
    assert(href, 'no download of the result');
    const download = await citizen.page.request.get(new URL(href, U).toString());
    assert(download.status() === 200 && download.headers()['content-type'] === 'application/pdf',
      `result: ${download.status()}`);
    const file = path.join(os.tmpdir(), `motcua-e2e-loop-result-${process.pid}.pdf`);
    fs.writeFileSync(file, await download.body());
    let report;
    try {
      report = execFileSync('/usr/bin/pdfsig', [file], { encoding: 'utf8' });
    } catch (e) {
      report = String(e.stdout || '') + String(e.stderr || '');
    } finally {
      fs.rmSync(file, { force: true });
    }
    assert(report.includes('Signature Validation: Signature is Valid.'), report);
    assert(report.includes('Total document signed'), report);
  });

  await test('the result is returned online and the citizen is told', async () => {
    const officer = staff['demo.reception_officer'];
    await officer.goto(dossierUrl(code));
    const form = 'form.action-form:has(button[data-action="return"])';
    assert(await officer.$(form), 'return offered to the reception officer');
    await officer.selectOption(`${form} select[name=return_method]`, 'online');
    await Promise.all([officer.waitForNavigation(), officer.click(`${form} button[data-action="return"]`)]);
    const err = await officer.$('p.alert');
    assert(!err, 'return: ' + (err && await err.textContent()));
    assert(/Đã trả kết quả/.test(await statusText(officer)), `status: ${await statusText(officer)}`);
    await expectNotified(code, applicant, 'đã được trả cho Ông/Bà', /da duoc tra ket qua/);
    assert((await sms.rejected()).length === 0, `SMS refused: ${JSON.stringify(await sms.rejected())}`);
  });

  await test('a tampered amount from the gateway is refused and reconciled as a mismatch', async () => {
    const code2 = await submitOnline(citizen.page, PROCEDURE, applicant);
    let feePage = null;
    for (let i = 0; i < 4 && !feePage; i++) {
      feePage = await pageWithFeeForm(staff, code2);
      if (!feePage) await walk(staff, code2, ['receive', 'forward'], () => false).catch(() => {});
    }
    assert(feePage, 'nobody is offered the fee request');
    await requestFee(feePage, code2, { expect: AMOUNT_TEXT });
    await gateway.mode('tamper_amount');
    const message = await payOnline(citizen.page, code2);
    await gateway.mode('normal');
    assert(!/Thanh toán thành công/.test(message), `tampered result: ${message}`);
    const log = await gateway.log();
    assert(log[log.length - 1].ipn_answer.RspCode === '04', `IPN: ${JSON.stringify(log[log.length - 1])}`);
    await citizen.page.goto(dossierUrl(code2));
    assert((await statusText(citizen.page)).includes('Chờ thực hiện nghĩa vụ tài chính'), 'still waiting');
    const officer = staff['demo.reception_officer'];
    const r = await officer.goto(U + '/dieu-hanh/doi-soat');
    await checkPage(browser, officer, r, 'payment-reconciliation');
    assert(await officer.$('tr[data-flag="amount_mismatch"]'), 'mismatch flagged');
    assert(await officer.$('tr[data-flag="ok"]'), 'the good payment matched');
    const csv = await officer.request.get(U + (await officer.getAttribute('#rc-csv', 'href')));
    assert(csv.status() === 200 && (await csv.text()).includes('amount_mismatch'), 'CSV export');
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
    if (gateway) {
      if (results.some((r) => !r.ok) && process.env.MOTCUA_E2E_LOG) console.log(gateway.output());
      gateway.stop();
    }
    if (sms) sms.stop();
    if (smtp) smtp.stop();
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`e2e: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
