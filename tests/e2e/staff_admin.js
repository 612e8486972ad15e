// End-to-end tests of the staff side: the administration forms (users and roles, a procedure's
// publication fields, quotas and component documents, calendar overrides, agencies) and the
// leader's counter workload page. Real server, Debian's Chromium headless through
// playwright-core, axe-core on every page, screenshots at 1280 and 390 px into
// tests/artifacts/screenshots/.
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

// Submits the form holding `selector` and waits for the page that answers it.
async function submit(page, selector) {
  const [response] = await Promise.all([
    page.waitForNavigation(), page.click(selector),
  ]);
  return response;
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);

  await test('admin: agencies overview and an agency edit form', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.admin');
    let r = await page.goto(U + '/quan-tri');
    await check(page, r, 'admin-agencies');
    assert((await page.textContent('h1')).includes('Quản trị hệ thống'), 'admin title');
    // Adding a unit: a bad code is refused beside the field and nothing is created.
    await page.fill('#ag-code', 'mã sai');
    await page.fill('#ag-name', 'Phòng thử nghiệm');
    r = await submit(page, 'form[action="/quan-tri/co-quan"] button[type=submit]');
    assert(r.status() === 422, `bad agency code: ${r.status()}`);
    assert(await page.isVisible('label[for=ag-code] .field-error'), 'error beside the code');
    await page.fill('#ag-code', '000.00.77.H99');
    await page.fill('#ag-name', 'Phòng Kiểm thử Tự động');
    await page.selectOption('#ag-parent', '000.00.00.H99');
    r = await submit(page, 'form[action="/quan-tri/co-quan"] button[type=submit]');
    assert(r.status() === 200 && page.url().includes('/quan-tri/co-quan/000.00.77.H99'), page.url());
    await check(page, r, 'admin-agency-edit');
    await page.fill('#ag-short', 'KTTĐ');
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert((await page.inputValue('#ag-short')) === 'KTTĐ', 'short name saved');
    assert(await page.isVisible('p.notice'), 'saved notice');
    await context.close();
  });

  await test('admin: creates a user, changes the role, the user logs in', async () => {
    const { context, page } = await newPage(browser);
    await loginForm(page, U, 'demo.admin');
    let r = await page.goto(U + '/quan-tri/nguoi-dung');
    await check(page, r, 'admin-users');
    // A short password is refused beside the field.
    await page.fill('#u-username', 'cb.kiemthu');
    await page.fill('#u-full-name', 'Ngô Thị Kiểm Thử');
    await page.fill('#u-password', 'ngan');
    await page.selectOption('#u-role', 'reception_officer');
    await page.selectOption('#u-agency', '000.00.01.H99');
    r = await submit(page, 'form[action="/quan-tri/nguoi-dung"] button[type=submit]');
    assert(r.status() === 422, `weak password: ${r.status()}`);
    assert((await page.textContent('label[for=u-password]')).includes('ít nhất 8 ký tự'),
      'Vietnamese error beside the password');
    assert((await page.inputValue('#u-full-name')) === 'Ngô Thị Kiểm Thử', 'values kept');
    await page.fill('#u-password', 'mat-khau-kiem-thu');
    r = await submit(page, 'form[action="/quan-tri/nguoi-dung"] button[type=submit]');
    assert(page.url().includes('/quan-tri/nguoi-dung/cb.kiemthu'), page.url());
    await check(page, r, 'admin-user-edit');
    await page.selectOption('#u-role', 'specialist');
    await page.selectOption('#u-agency', '000.00.10.H99');
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert(await page.isVisible('p.notice'), 'saved notice');
    assert((await page.inputValue('#u-role')) === 'specialist', 'role saved');
    // The new account works with its role's screens.
    const other = await newPage(browser, { js: false });
    await loginForm(other.page, U, 'cb.kiemthu', 'mat-khau-kiem-thu');
    const q = await other.page.goto(U + '/xu-ly');
    assert(q.status() === 200, `the new specialist's queues: ${q.status()}`);
    assert((await other.page.textContent('.who')).includes('Ngô Thị Kiểm Thử'), 'name shown');
    await other.context.close();
    // Disabled: the account can no longer log in.
    await page.uncheck('input[name=active]');
    await submit(page, 'form.admin-form button[type=submit]');
    const third = await newPage(browser, { js: false });
    await loginForm(third.page, U, 'cb.kiemthu', 'mat-khau-kiem-thu');
    assert(third.page.url().includes('/dang-nhap'), 'disabled account refused');
    await third.context.close();
    await context.close();
  });

  await test('admin: edits a procedure field and its workflow quotas', async () => {
    const { context, page } = await newPage(browser);
    await loginForm(page, U, 'demo.admin');
    let r = await page.goto(U + '/quan-tri/thu-tuc?q=' + encodeURIComponent('khai sinh'));
    await check(page, r, 'admin-procedures');
    r = await page.goto(U + '/quan-tri/thu-tuc/2.000488');
    await check(page, r, 'admin-procedure-edit');
    const oldName = await page.inputValue('#p-name');
    // Quotas that no longer add up to the time limit: refused, nothing written.
    const q0 = await page.inputValue('#p-q-0');
    await page.fill('#p-q-0', String(Number(q0) + 5));
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert(r.status() === 422, `quota mismatch: ${r.status()}`);
    assert(await page.isVisible('.field-error'), 'error beside the workflow');
    const api = await page.request.get(U + '/api/v1/procedures/2.000488');
    const before = await api.json();
    assert(before.name === oldName, 'nothing half-written');
    // A valid change: the name, quotas back as they were.
    await page.fill('#p-q-0', q0);
    await page.fill('#p-name', oldName + ' (đã sửa đổi)');
    await submit(page, 'form.admin-form button[type=submit]');
    assert(await page.isVisible('p.notice'), 'saved notice');
    const after = await (await page.request.get(U + '/api/v1/procedures/2.000488')).json();
    assert(after.name === oldName + ' (đã sửa đổi)', `name now ${after.name}`);
    assert(after.version === before.version + 1, 'a new version');
    await context.close();
  });

  await test('admin: adds a component document without JavaScript, the public page lists it', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.admin');
    const code = '1.001193';
    const before = await (await page.request.get(U + '/api/v1/procedures/' + code)).json();
    let r = await page.goto(U + '/quan-tri/thu-tuc/' + code);
    assert(r.status() === 200, `edit page: ${r.status()}`);
    // More than 99 papers in all: refused beside the counts, the name kept, nothing written.
    await page.fill('#p-nc-name-0', 'Giấy chứng sinh (bản sao)');
    await page.fill('#p-nc-orig-0', '50');
    await page.fill('#p-nc-copies-0', '60');
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert(r.status() === 422, `too many papers: ${r.status()}`);
    assert(await page.isVisible('label[for=p-nc-orig-0] .field-error'), 'error beside the counts');
    assert((await page.inputValue('#p-nc-name-0')) === 'Giấy chứng sinh (bản sao)', 'name kept');
    const same = await (await page.request.get(U + '/api/v1/procedures/' + code)).json();
    assert(same.version === before.version, 'no version written');
    await check(page, r, 'admin-procedure-component-error', { status: 422 });
    await page.fill('#p-nc-orig-0', '0');
    await page.fill('#p-nc-copies-0', '1');
    await page.uncheck('#p-nc-req-0');
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert(r.status() === 200 && page.url().includes('da-luu'), `saved: ${r.status()} ${page.url()}`);
    assert(await page.isVisible('p.notice'), 'saved notice');
    assert((await page.textContent('ul.component-list')).includes('Giấy chứng sinh (bản sao)'),
      'listed among the current components');
    const after = await (await page.request.get(U + '/api/v1/procedures/' + code)).json();
    assert(after.version === before.version + 1, 'a new version');
    assert(after.components.length === before.components.length + 1, 'one component more');
    // The citizen-facing page of the procedure shows it, marked as optional.
    r = await page.goto(U + '/thu-tuc/' + code);
    assert(r.status() === 200, `public page: ${r.status()}`);
    const row = page.locator('table.components tr', { hasText: 'Giấy chứng sinh (bản sao)' });
    assert((await row.count()) === 1, 'component on the public page');
    assert((await row.textContent()).includes('nếu có'), 'shown as optional');
    await context.close();
  });

  await test('admin: adds a calendar override, sees it, removes it', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.admin');
    let r = await page.goto(U + '/quan-tri/lich');
    await check(page, r, 'admin-calendar');
    await page.fill('#c-day', '2031-12-24');
    await page.fill('#c-name', '');
    r = await submit(page, 'form[action="/quan-tri/lich"] button[type=submit]');
    assert(r.status() === 422, `missing reason: ${r.status()}`);
    assert(await page.isVisible('label[for=c-name] .field-error'), 'error beside the reason');
    await page.fill('#c-name', 'Nghỉ bù kiểm thử');
    await page.selectOption('#c-kind', 'day_off');
    r = await submit(page, 'form[action="/quan-tri/lich"] button[type=submit]');
    await check(page, r, 'admin-calendar-added');
    const row = page.locator('table.overrides tr', { hasText: '24/12/2031' });
    assert((await row.count()) === 1, 'override listed');
    assert((await row.textContent()).includes('Nghỉ bù kiểm thử'), 'reason shown');
    const cal = await page.request.get(U + '/api/v1/calendar/overrides');
    assert((await cal.text()).includes('2031-12-24'), 'the API sees it');
    await Promise.all([page.waitForNavigation(), row.locator('button').click()]);
    assert((await page.locator('table.overrides tr', { hasText: '24/12/2031' }).count()) === 0,
      'override removed');
    await context.close();
  });

  await test('admin: adds a counter to the centre, the workload page lists it', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.admin');
    let r = await page.goto(U + '/quan-tri/co-quan/000.00.01.H99');
    await check(page, r, 'admin-counters');
    // A bad number is refused beside the field; nothing is added.
    await page.fill('#kn-number', '1');
    await page.fill('#kn-name', 'Quầy trùng số');
    r = await submit(page, 'form.counter-add button[type=submit]');
    assert(r.status() === 409, `duplicate counter number: ${r.status()}`);
    assert(await page.isVisible('label[for=kn-number] .field-error'), 'error beside the number');
    const fields = await page.$$eval('#kn-fields option', (os) => os.slice(0, 2).map((o) => o.value));
    assert(fields.length === 2, 'fields to choose from');
    await page.fill('#kn-number', '9');
    await page.fill('#kn-name', 'Quầy 9 — Kiểm thử tự động');
    await page.selectOption('#kn-fields', fields);
    r = await submit(page, 'form.counter-add button[type=submit]');
    assert(r.status() === 200 && page.url().includes('da-luu'), `added: ${r.status()} ${page.url()}`);
    assert(await page.isVisible('#quay-9'), 'counter 9 listed');
    const served = async () => {
      const resp = await page.goto(U + '/dieu-hanh/khoi-luong');
      assert(resp.status() === 200, `workload: ${resp.status()}`);
      return page.$$eval('section[aria-labelledby=w-counters-now] tbody tr',
        (trs) => trs.map((tr) => Array.from(tr.children).map((td) => td.textContent.trim())));
    };
    let rows = await served();
    const nine = rows.find((cells) => cells[0] === '9');
    assert(nine && nine[1] === 'Quầy 9 — Kiểm thử tự động' && nine[2] === fields.join(','),
      `counter 9 on the workload page: ${JSON.stringify(rows)}`);
    // Taken out of use: gone from the workload page's current counters.
    await page.goto(U + '/quan-tri/co-quan/000.00.01.H99');
    r = await submit(page, '#quay-9 form.counter-state-form button[type=submit]');
    assert(r.status() === 200, `deactivated: ${r.status()}`);
    assert(await page.isVisible('#quay-9.inactive'), 'counter 9 shown as not in use');
    rows = await served();
    assert(!rows.some((cells) => cells[0] === '9'), 'counter 9 no longer current');
    await context.close();
  });

  await test('admin pages are for admins only', async () => {
    const { context, page } = await newPage(browser, { js: false });
    await loginForm(page, U, 'demo.leader');
    const r = await page.goto(U + '/quan-tri/nguoi-dung');
    assert(r.status() === 403, `leader on admin: ${r.status()}`);
    await context.close();
  });

  await test('leader and monitor: the counter workload page', async () => {
    for (const [who, js] of [['demo.leader', true], ['demo.monitor', true], ['demo.monitor', false]]) {
      const { context, page } = await newPage(browser, { js });
      await loginForm(page, U, who);
      const r = await page.goto(U + '/dieu-hanh/khoi-luong');
      await check(page, r, `workload-${who.replace('demo.', '')}${js ? '' : '-nojs'}`);
      assert((await page.textContent('h1')).includes('Khối lượng tiếp nhận tại quầy'), 'title');
      assert(await page.isVisible('table.allocation'), 'allocation table');
      assert(await page.isVisible('table.workload'), 'field × day table');
      // The table's allocation adds up to the counters allocated.
      const sum = await page.$$eval('table.allocation tbody td:last-child',
        (tds) => tds.map((t) => Number(t.textContent.trim())).filter((n) => !Number.isNaN(n)).reduce((a, b) => a + b, 0));
      const general = Number(await page.textContent('#wl-general'));
      const total = Number(await page.textContent('table.allocation tfoot tr:last-child td:last-child'));
      assert(sum + general === total, `allocation ${sum} + ${general} != ${total}`);
      if (js) {
        await page.waitForFunction(() => document.querySelectorAll('canvas.chart').length > 0);
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
    console.log(`e2e admin: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
