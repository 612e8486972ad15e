// End-to-end: the electronic result (issue 16 part 3, decision 0017) in Chromium. A citizen's
// online dossier is received and appraised over the API; the leader approves it on the dossier
// page, attaching a PDF in the result form; the citizen opens "Hồ sơ của tôi", downloads the
// signed result, and pdfsig says the signature is valid; the public lookup explains how to check
// it. axe-core and the layout checks run on every page (lib.checkPage).
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const {
  CHROMIUM, SHOTS, DEMO_PASSWORD, BROWSER_ARGS, assert, harness, newPage, checkPage, loginForm,
} = require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);
let server;
let browser;

// The JSON API with a bearer token (the set-up steps that are not under test here).
async function api(U, method, target, token, body) {
  const r = await fetch(U + target, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: 'Bearer ' + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { /* a PDF */ }
  return { status: r.status, json, text };
}

async function token(U, username) {
  const r = await api(U, 'POST', '/api/v1/auth/login', null, { username, password: DEMO_PASSWORD });
  assert(r.status === 200, `log-in ${username}: ${r.status}`);
  return r.json.token;
}

async function act(U, who, code, action) {
  const view = await api(U, 'GET', '/api/v1/dossiers/' + code, who);
  const r = await api(U, 'POST', `/api/v1/dossiers/${code}/actions`, who,
    { action, version: view.json.version });
  assert(r.status === 200, `${action}: ${r.status} ${r.text}`);
}

function pdfsig(bytes) {
  const file = path.join(os.tmpdir(), `motcua-e2e-result-${process.pid}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (e) {
    return String(e.stdout || '') + String(e.stderr || '');
  } finally {
    fs.unlinkSync(file);
  }
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);
  const open = (opts) => newPage(browser, opts);
  const submit = async (page, selector) => {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
  };

  await test('leader attaches the result at approval; the citizen downloads it signed', async () => {
    const citizenToken = await token(U, 'demo.citizen');
    const officer = await token(U, 'demo.reception_officer');
    const created = await api(U, 'POST', '/api/v1/dossiers', citizenToken, {
      procedure_code: '1.000502',
      channel: 'online',
      applicant: {
        type: 'citizen', full_name: 'Nguyễn Văn An', id_number: '001090012345',
        phone: '0912345678', address: 'Số 7 phố Tràng Tiền',
      },
      components: [{ name: 'Tờ khai', originals: 1, copies: 0 }],
    });
    assert(created.status === 201, `submit: ${created.status} ${created.text}`);
    const code = created.json.code;
    await act(U, officer, code, 'receive');
    await act(U, officer, code, 'forward');
    await act(U, await token(U, 'demo.specialist'), code, 'forward');
    // The agency's own document: here the dossier's receipt (Mẫu 01), a PDF of our writer.
    const receipt = await fetch(`${U}/api/v1/dossiers/${code}/forms/01.pdf`,
      { headers: { Authorization: 'Bearer ' + officer } });
    assert(receipt.status === 200, `receipt ${receipt.status}`);
    const receiptBytes = Buffer.from(await receipt.arrayBuffer());

    // The leader approves on the dossier page, with the file.
    const leader = await open();
    await loginForm(leader.page, U, 'demo.leader');
    let r = await leader.page.goto(`${U}/ho-so/${code}`);
    await check(leader.page, r, 'result-attach');
    const form = `form.result-form:has(input[name=action][value=approve])`;
    assert(await leader.page.isVisible(form), 'result form for approve');
    await leader.page.setInputFiles(`${form} input[name=result_file]`,
      { name: 'quyet-dinh.pdf', mimeType: 'application/pdf', buffer: receiptBytes });
    await leader.page.fill(`${form} textarea[name=result_note]`, 'Đã cử trợ giúp viên pháp lý');
    r = await submit(leader.page, `${form} button[type=submit]`);
    assert(leader.page.url().includes('?da-thuc-hien=approve'), `after approval: ${leader.page.url()}`);
    await leader.context.close();

    // "Hồ sơ của tôi" → the dossier → the signed result.
    const citizen = await open();
    await loginForm(citizen.page, U, 'demo.citizen');
    r = await citizen.page.goto(`${U}/ho-so/${code}`);
    await check(citizen.page, r, 'result-citizen');
    const href = await citizen.page.getAttribute('#d-result-download', 'href');
    assert(href === `/ho-so/${code}/ket-qua.pdf`, `download link ${href}`);
    const download = await citizen.page.request.get(U + href);
    assert(download.status() === 200, `download ${download.status()}`);
    assert(download.headers()['content-type'] === 'application/pdf', 'a PDF');
    const signed = await download.body();
    assert(signed.subarray(0, receiptBytes.length).equals(receiptBytes), 'the leader\'s document, then the signature');
    const report = pdfsig(signed);
    assert(report.includes('Signature Validation: Signature is Valid.'), report);
    assert(report.includes('Total document signed'), report);
    const fingerprint = (await citizen.page.textContent('code.fingerprint')).trim();
    await citizen.context.close();

    // Anyone may read how to check it on the lookup page; no download there.
    const visitor = await open({ js: false });
    r = await visitor.page.goto(`${U}/tra-cuu/${code}`);
    await check(visitor.page, r, 'result-lookup');
    assert((await visitor.page.textContent('code.fingerprint')).trim() === fingerprint, 'same fingerprint');
    assert((await visitor.page.textContent('section.electronic-result')).includes('pdfsig'), 'how to check');
    assert(!(await visitor.page.$('a[href$="ket-qua.pdf"]')), 'no download link in public');
    await visitor.context.close();
  });

  await browser.close();
  await server.stop();
  const failed = results.filter((x) => !x.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(async (e) => {
  console.error(e);
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  process.exit(1);
});
