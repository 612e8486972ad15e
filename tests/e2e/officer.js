// End-to-end tests of what officers need in the browser (issue 17): the complaints inbox
// (/dieu-hanh/phan-anh: list, assign, answer; the citizen reads the answer on /ca-nhan), the
// evaluation page (Decree 61, Decision 766, every export) and the overdue list with its filter
// and exports. Real server, Debian's Chromium headless through playwright-core, axe-core on every
// page, no horizontal scroll down to 360 px (lib.checkPage). Browser contexts are English-language
// (en-US) on purpose: nothing here depends on the language the site picks.
// Prints "N passed, N failed" and exits non-zero on any failure.
'use strict';
const fs = require('fs');
const { chromium } = require('playwright-core');
const { startServer } = require('./server');
const {
  CHROMIUM, SHOTS, BROWSER_ARGS, assert, harness, checkPage, loginForm,
} = require('./lib');

const { test, results } = harness(process.argv[2] ? new RegExp(process.argv[2]) : null);
let server;
let browser;

// Like lib.newPage, with an English-language browser.
async function newPage({ js = true, width = 1280 } = {}) {
  const context = await browser.newContext({
    javaScriptEnabled: js, viewport: { width, height: 900 }, locale: 'en-US',
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

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  const U = server.url;
  const check = (page, r, shot, opts) => checkPage(browser, page, r, shot, opts);
  const content = 'Cán bộ hẹn trả kết quả nhiều lần mà không có lý do (kiểm thử e2e).';
  let complaintId = null;

  await test('complaints inbox: leader assigns in scope, specialist answers, citizen reads it', async () => {
    // The citizen files a complaint about Sở Tư pháp on the portal.
    const citizen = await newPage({ js: false });
    await loginForm(citizen.page, U, 'demo.citizen');
    await citizen.page.goto(U + '/phan-anh');
    await citizen.page.selectOption('#agency_code', '000.00.10.H99');
    await citizen.page.fill('#content', content);
    await submit(citizen.page, 'form.complaint button[type=submit]');
    const m = citizen.page.url().match(/da-gui=(\d+)/);
    assert(m, `complaint not received: ${citizen.page.url()}`);
    complaintId = m[1];

    // The leader of Sở Tư pháp sees it in the inbox (no JavaScript needed).
    const leader = await newPage({ js: false });
    await loginForm(leader.page, U, 'demo.leader');
    let r = await leader.page.goto(U + '/dieu-hanh/phan-anh');
    await check(leader.page, r, 'complaint-inbox');
    const row = `tr[data-id="${complaintId}"]`;
    assert(await leader.page.isVisible(row), 'complaint listed');
    assert((await leader.page.textContent(row)).includes('kiểm thử e2e'), 'content excerpt');
    assert(await leader.page.isVisible('a[href="/dieu-hanh/phan-anh"]'), 'nav link');
    // The filter keeps it among the unanswered and leaves it out of the answered.
    r = await leader.page.goto(U + '/dieu-hanh/phan-anh?tinh-trang=answered');
    assert(!(await leader.page.isVisible(row)), 'answered filter hides it');
    r = await leader.page.goto(U + '/dieu-hanh/phan-anh?tinh-trang=open&co-quan=000.00.10.H99');
    assert(await leader.page.isVisible(row), 'open + agency filter shows it');

    r = await submit(leader.page, `${row} a`);
    await check(leader.page, r, 'complaint-detail');
    // Only staff of the leader's own subtree are offered.
    const offered = await leader.page.$$eval('#pk-username option', (os) => os.map((o) => o.value));
    assert(offered.includes('demo.specialist'), `specialist offered: ${offered}`);
    assert(!offered.includes('demo.specialist.taichinh') && !offered.includes('demo.specialist.thue'),
      `staff of other agencies offered: ${offered}`);
    assert(!offered.includes('demo.citizen'), 'citizen offered');
    // A forged assignment outside the scope is refused by the service, nothing changes.
    const csrf = await leader.page.inputValue('form[action$="/giao"] input[name=csrf_token]');
    const forged = await leader.page.request.post(`${U}/dieu-hanh/phan-anh/${complaintId}/giao`, {
      form: { csrf_token: csrf, username: 'demo.specialist.thue' },
    });
    assert(forged.status() === 422, `out-of-scope assignment: ${forged.status()}`);
    const noCsrf = await leader.page.request.post(`${U}/dieu-hanh/phan-anh/${complaintId}/giao`, {
      form: { username: 'demo.specialist' },
    });
    assert(noCsrf.status() === 403, `assignment without CSRF token: ${noCsrf.status()}`);
    await leader.page.selectOption('#pk-username', 'demo.specialist');
    r = await submit(leader.page, 'form[action$="/giao"] button[type=submit]');
    assert(r.status() === 200 && leader.page.url().includes('da-giao=1'), leader.page.url());
    assert((await leader.page.textContent('#pk-assignee')).includes('Lê Văn Cường'), 'assigned');

    // Another department's leader may not open it.
    const other = await newPage({ js: false });
    await loginForm(other.page, U, 'demo.leader.taichinh');
    r = await other.page.goto(`${U}/dieu-hanh/phan-anh/${complaintId}`);
    assert(r.status() === 403, `other department: ${r.status()}`);
    r = await other.page.goto(U + '/dieu-hanh/phan-anh');
    assert(!(await other.page.isVisible(row)), 'not in the other department\'s inbox');
    await other.context.close();

    // The specialist finds it in their own inbox and answers it.
    const spec = await newPage({ js: false });
    await loginForm(spec.page, U, 'demo.specialist');
    r = await spec.page.goto(U + '/dieu-hanh/phan-anh');
    await check(spec.page, r, 'complaint-inbox-specialist');
    assert(await spec.page.isVisible(row), 'assigned complaint listed for the specialist');
    await submit(spec.page, `${row} a`);
    assert(!(await spec.page.isVisible('#pk-username')), 'a specialist cannot reassign');
    // An empty answer is refused and nothing is recorded.
    r = await spec.page.request.post(`${U}/dieu-hanh/phan-anh/${complaintId}/tra-loi`, {
      form: {
        csrf_token: await spec.page.inputValue('form[action$="/tra-loi"] input[name=csrf_token]'),
        answer: '   ',
      },
    });
    assert(r.status() === 422, `empty answer: ${r.status()}`);
    const answer = 'Đã xác minh và nhắc nhở cán bộ; kết quả được trả ngay trong ngày.';
    await spec.page.fill('#pk-answer-text', answer);
    await spec.page.check('input[name=substantiated]');
    r = await submit(spec.page, 'form[action$="/tra-loi"] button[type=submit]');
    assert(spec.page.url().includes('da-tra-loi=1'), spec.page.url());
    assert((await spec.page.textContent('#pk-answer')).includes(answer), 'answer shown');
    assert(!(await spec.page.isVisible('#pk-answer-text')), 'answered once only');
    await check(spec.page, r, 'complaint-answered');
    await spec.context.close();

    // The leader's inbox counts it as answered now.
    r = await leader.page.goto(U + '/dieu-hanh/phan-anh?tinh-trang=answered');
    assert(await leader.page.isVisible(row), 'answered filter shows it');
    await leader.context.close();

    // The citizen reads the answer on the personal page.
    r = await citizen.page.goto(U + '/ca-nhan');
    assert((await citizen.page.textContent('body')).includes(answer), 'citizen sees the answer');
    await citizen.context.close();
  });

  await test('complaints inbox: citizens and anonymous users are kept out', async () => {
    const { context, page } = await newPage({ js: false });
    let r = await page.goto(U + '/dieu-hanh/phan-anh');
    assert(page.url().includes('/dang-nhap'), `anonymous: ${page.url()}`);
    await loginForm(page, U, 'demo.citizen');
    r = await page.goto(U + '/dieu-hanh/phan-anh');
    assert(r.status() === 403, `citizen: ${r.status()}`);
    r = await page.goto(U + '/dieu-hanh/phan-anh/' + (complaintId || '1'));
    assert(r.status() === 403, `citizen detail: ${r.status()}`);
    await context.close();
  });

  await test('evaluation: from the dashboard, nine indicators per unit, 766 index, every export', async () => {
    const { context, page } = await newPage({ js: false });
    await loginForm(page, U, 'demo.monitor');
    let r = await page.goto(U + '/dieu-hanh');
    await check(page, r, 'dashboard-officer');
    // The held figures and the received-by-unit figures are labelled apart.
    assert(await page.isVisible('#d-received-note'), 'received-by-unit note');
    r = await submit(page, '#d-evaluation');
    await check(page, r, 'evaluation');
    const heads = await page.$$eval('#ev-units-table thead th', (ths) => ths.length);
    assert(heads === 14, `rank, name, dossiers, 9 indicators, total, band: ${heads} columns`);
    const units = await page.$$eval('#ev-units-table tbody tr', (trs) => trs.length);
    assert(units >= 1, `units ranked: ${units}`);
    assert(await page.isVisible('#ev-units-table tbody tr .badge'), 'band shown');
    assert((await page.$$('table.index766 tbody tr')).length >= 10, '766 sub-indicators listed');
    // Every download answers with the file it names.
    const links = await page.$$eval('ul.downloads a[data-format]',
      (as) => as.map((a) => ({ href: a.getAttribute('href'), format: a.dataset.format })));
    assert(links.length >= 11, `downloads: ${links.length}`);
    assert(links.some((l) => l.href.includes('/index766') && l.format === 'xlsx'), '766 as XLSX');
    for (const { href, format } of links) {
      const d = await page.request.get(U + href);
      assert(d.status() === 200, `${href}: ${d.status()}`);
      const body = await d.body();
      const magic = { xlsx: 'PK', pdf: '%PDF', csv: '\ufeff' }[format];
      assert(body.toString('utf8').startsWith(magic), `${href} is not ${format}`);
      assert(/attachment/.test(d.headers()['content-disposition'] || ''), `${href} not a download`);
    }
    // Another quarter and a unit of the subtree.
    await page.selectOption('#ev-period', { index: 1 });
    await page.selectOption('#ev-agency', '000.00.10.H99');
    r = await submit(page, 'form.filters button[type=submit]');
    assert(r.status() === 200 && page.url().includes('co-quan=000.00.10.H99'), page.url());
    await context.close();
  });

  await test('overdue list: filtered by the holding unit, exported; scope enforced', async () => {
    const { context, page } = await newPage({ js: false });
    await loginForm(page, U, 'demo.leader');
    let r = await page.goto(U + '/dieu-hanh/qua-han');
    await check(page, r, 'overdue-list');
    // The list counts what the dashboard's "overdue" figure counts.
    const total = (await page.textContent('#ov-total')).trim();
    await page.goto(U + '/dieu-hanh');
    const dash = (await page.textContent('#d-dossiers ~ ul.kpis li:nth-child(4) strong')).trim();
    assert(total === dash, `overdue list ${total} != dashboard ${dash}`);
    r = await page.goto(U + '/dieu-hanh/qua-han?co-quan=000.00.10.H99');
    assert(r.status() === 200, `own unit: ${r.status()}`);
    for (const f of ['xlsx', 'csv']) {
      const d = await page.request.get(U + '/dieu-hanh/qua-han?co-quan=000.00.10.H99&format=' + f);
      assert(d.status() === 200, `${f}: ${d.status()}`);
      const head = (await d.body()).toString('utf8', 0, 3);
      assert(f === 'xlsx' ? head.startsWith('PK') : head.startsWith('\ufeff'), `${f} body`);
    }
    r = await page.goto(U + '/dieu-hanh/qua-han?co-quan=000.00.00.H99');
    assert(r.status() === 403, `the province above the leader: ${r.status()}`);
    r = await page.goto(U + '/dieu-hanh/danh-gia?co-quan=000.00.00.H99');
    assert(r.status() === 403, `evaluation above the leader: ${r.status()}`);
    await context.close();
    const spec = await newPage({ js: false });
    await loginForm(spec.page, U, 'demo.specialist');
    r = await spec.page.goto(U + '/dieu-hanh/danh-gia');
    assert(r.status() === 403, `specialist: ${r.status()}`);
    await spec.context.close();
  });

  await test('assignment step: the leader names the specialist of the unit', async () => {
    // The counter forwards a received dossier to Sở Tư pháp's assignment step.
    const officer = await newPage({ js: false });
    await loginForm(officer.page, U, 'demo.reception_officer');
    const queue = await officer.page.request.get(U + '/api/v1/queues/to_receive?limit=50');
    const item = (await queue.json()).items.find((d) => d.status === 'received');
    assert(item, 'a received dossier in the demo data');
    const code = item.code;
    await officer.page.goto(U + '/ho-so/' + encodeURIComponent(code));
    await submit(officer.page, 'button[data-action=forward]');
    await officer.context.close();

    const leader = await newPage({ js: false });
    await loginForm(leader.page, U, 'demo.leader');
    let r = await leader.page.goto(U + '/ho-so/' + encodeURIComponent(code));
    await check(leader.page, r, 'dossier-assign');
    const offered = await leader.page.$$eval('#as-forward option', (os) => os.map((o) => o.value));
    assert(offered.includes('demo.specialist'), `specialist offered: ${offered}`);
    assert(!offered.includes('demo.specialist.taichinh') && !offered.includes('demo.leader'),
      `only the unit's specialists: ${offered}`);
    // A specialist of another department is refused by the service; nothing moves.
    const form = 'form:has(button[data-action=forward])';
    const forged = await leader.page.request.post(`${U}/ho-so/${encodeURIComponent(code)}/hanh-dong`, {
      form: {
        csrf_token: await leader.page.inputValue(`${form} input[name=csrf_token]`),
        action: 'forward',
        version: await leader.page.inputValue(`${form} input[name=version]`),
        assignee: 'demo.specialist.taichinh',
      },
    });
    assert(forged.status() === 422, `other department's specialist: ${forged.status()}`);
    await leader.page.selectOption('#as-forward', 'demo.specialist');
    r = await submit(leader.page, 'button[data-action=forward]');
    assert(r.status() === 200, `forwarded: ${r.status()}`);
    const assignee = await leader.page.textContent('tr.current .step-assignee');
    assert(assignee.includes('Lê Văn Cường'), `assignee shown: ${assignee}`);
    await leader.context.close();
    // The specialist's work queue says whom each dossier was given to.
    const spec = await newPage({ js: false });
    await loginForm(spec.page, U, 'demo.specialist');
    r = await spec.page.goto(U + '/xu-ly?hang-doi=to_appraise');
    const row = spec.page.locator('tr', { hasText: code });
    assert((await row.locator('.step-assignee').textContent()).includes('Lê Văn Cường'),
      'assignee in the queue');
    await spec.context.close();
    // The public lookup does not name the officer.
    const anon = await newPage({ js: false });
    const lookup = await anon.page.request.get(U + '/api/v1/lookup/' + encodeURIComponent(code));
    assert(!(await lookup.text()).includes('demo.specialist'), 'assignee not public');
    await anon.context.close();
  });

  await test('dossier page: print Mẫu 02 again, not 03; a live countdown to the due instant', async () => {
    // Waiting for a supplement at Sở Tư pháp: Mẫu 02 can be printed again.
    const leader = await newPage({ js: false });
    await loginForm(leader.page, U, 'demo.leader');
    const waiting = await leader.page.request.get(U + '/api/v1/queues/waiting_applicant?limit=50');
    const supp = (await waiting.json()).items.find((d) => d.status === 'waiting_supplement');
    assert(supp, 'a dossier waiting for a supplement');
    let r = await leader.page.goto(U + '/ho-so/' + encodeURIComponent(supp.code));
    await check(leader.page, r, 'dossier-reprint');
    let href = await leader.page.getAttribute('a[data-form="02"]', 'href');
    assert(href && href.endsWith('/in/02.pdf'), `Mẫu 02 link: ${href}`);
    assert(!(await leader.page.$('a[data-form="03"]')), 'no Mẫu 03 for a dossier not refused');
    assert(!(await leader.page.$('#d-countdown')), 'no countdown while the clock is stopped');
    let pdf = await leader.page.request.get(U + href);
    assert(pdf.status() === 200 && (await pdf.body()).toString('latin1', 0, 5) === '%PDF-', 'Mẫu 02 PDF');
    // In process: the countdown is rendered by the server (no JavaScript)...
    const inProcess = await leader.page.request.get(U + '/api/v1/queues/to_appraise?limit=50');
    const item = (await inProcess.json()).items[0];
    assert(item, 'a dossier in process');
    await leader.page.goto(U + '/ho-so/' + encodeURIComponent(item.code));
    const served = (await leader.page.textContent('#d-countdown')).trim();
    assert(/\d/.test(served), `server-rendered countdown: ${served}`);
    await leader.context.close();
    // ... and kept up to date by countdown.js.
    const live = await newPage({ js: true });
    await live.page.clock.install();
    await loginForm(live.page, U, 'demo.leader');
    await live.page.goto(U + '/ho-so/' + encodeURIComponent(item.code));
    const before = (await live.page.textContent('#d-countdown')).trim();
    await live.page.clock.fastForward('03:00:00');
    const after = (await live.page.textContent('#d-countdown')).trim();
    assert(before !== after, `countdown did not move: ${before} / ${after}`);
    assert(live.page.cspViolations.length === 0, 'CSP violations');
    await live.context.close();

    // Refused at the centre's counter: Mẫu 03.
    const monitor = await newPage({ js: false });
    await loginForm(monitor.page, U, 'demo.monitor');
    const list = await monitor.page.request.get(
      U + '/api/v1/reports/timeliness/dossiers?from=2020-01-01&to=2030-12-31&figure=refused');
    const refused = (await list.json()).items[0];
    assert(refused, 'a refused dossier in the demo data');
    await monitor.context.close();
    const officer = await newPage({ js: false });
    await loginForm(officer.page, U, 'demo.reception_officer');
    r = await officer.page.goto(U + '/ho-so/' + encodeURIComponent(refused.code));
    href = await officer.page.getAttribute('a[data-form="03"]', 'href');
    assert(href && href.endsWith('/in/03.pdf'), `Mẫu 03 link: ${href}`);
    pdf = await officer.page.request.get(U + href);
    assert(pdf.status() === 200 && (await pdf.body()).toString('latin1', 0, 5) === '%PDF-', 'Mẫu 03 PDF');
    assert(!(await officer.page.$('#d-countdown')), 'no countdown once refused');
    await officer.context.close();
  });

  await test('admin: a fee\'s description is edited with its amount, the public page shows it', async () => {
    const { context, page } = await newPage({ js: false });
    await loginForm(page, U, 'demo.admin');
    const code = '1.004884';  // Đăng ký lại khai sinh: a fee with a published description
    const before = await (await page.request.get(U + '/api/v1/procedures/' + code)).json();
    let r = await page.goto(U + '/quan-tri/thu-tuc/' + code);
    await check(page, r, 'admin-procedure-fee');
    assert((await page.inputValue('#p-fee-desc-0')) === before.fees[0].description, 'current wording');
    await page.fill('#p-fee-0', '8000');
    await page.fill('#p-fee-desc-0', '8.000 đồng/trường hợp; miễn cho người thuộc hộ nghèo');
    r = await submit(page, 'form.admin-form button[type=submit]');
    assert(r.status() === 200 && page.url().includes('da-luu'), `saved: ${r.status()} ${page.url()}`);
    const after = await (await page.request.get(U + '/api/v1/procedures/' + code)).json();
    assert(after.fees[0].amount === 8000, `amount ${after.fees[0].amount}`);
    assert(after.fees[0].description === '8.000 đồng/trường hợp; miễn cho người thuộc hộ nghèo',
      `description ${after.fees[0].description}`);
    assert(after.version === before.version + 1, 'a new version');
    r = await page.goto(U + '/thu-tuc/' + code);
    assert((await page.textContent('body')).includes('8.000 đồng/trường hợp'), 'public page');
    await context.close();
  });

  await test('counter: a business applicant received by post', async () => {
    const { context, page } = await newPage();
    await loginForm(page, U, 'demo.reception_officer');
    let r = await page.goto(U + '/quay?thu-tuc=1.001193');
    await check(page, r, 'counter-business');
    assert(await page.isHidden('#org-fields'), 'organisation fields hidden for a citizen');
    await page.selectOption('#c-channel', 'postal');
    await page.fill('#c-postal-tracking', 'rr 47312482 9 gb');
    await page.check('input[name=applicant_type][value=organisation]');
    assert(await page.isVisible('#org-fields'), 'organisation fields shown');
    await page.fill('#a-name', 'Công ty TNHH Kiểm Thử Một Cửa');
    await page.fill('#a-phone', '0912345678');
    await page.fill('#a-address', 'Số 9 đường Lê Lợi, phường Đông Thành');
    // A tax code with a wrong check digit is refused by the domain's validation.
    await page.fill('#a-tax', '0100109107');
    await page.fill('#a-rep-name', 'Trần Văn Đại Diện');
    await page.fill('#a-rep-pos', 'Giám đốc');
    for (const box of await page.$$('table.checklist input[type=checkbox]')) await box.check();
    await page.click('button[data-outcome=received]');
    await page.waitForSelector('#reception-result .notice, #reception-result .alert', { timeout: 10000 });
    assert(await page.$('#reception-result .alert'), 'bad tax code refused');
    assert((await page.textContent('#reception-result')).includes('Mã số thuế'), 'on the tax code, named in words');
    await page.fill('#a-tax', '0100109106');
    await page.click('button[data-outcome=received]');
    await page.waitForSelector('#reception-result .notice', { timeout: 10000 });
    const m = (await page.textContent('#reception-result')).match(/[0-9A-Z.]+-\d{6}-\d{4,}/);
    assert(m, 'received');
    const d = await (await page.request.get(U + '/api/v1/dossiers/' + encodeURIComponent(m[0]))).json();
    assert(d.channel === 'postal', `channel ${d.channel}`);
    assert(d.postal_shipments.length === 1 && d.postal_shipments[0].tracking_number === 'RR473124829GB' &&
      d.postal_shipments[0].direction === 'inbound', 'the parcel recorded: ' + JSON.stringify(d.postal_shipments));
    assert(d.applicant.type === 'organisation' && d.applicant.tax_code === '0100109106', 'organisation');
    assert(d.applicant.representative.full_name === 'Trần Văn Đại Diện', 'representative');
    r = await page.goto(U + '/ho-so/' + encodeURIComponent(m[0]));
    assert((await page.textContent('#d-tax-code')).includes('0100109106'), 'tax code on the dossier page');
    await context.close();
  });

  await test('online: a business applies through its representative (no JavaScript)', async () => {
    const { context, page } = await newPage({ js: false });
    await loginForm(page, U, 'demo.citizen');
    let r = await page.goto(U + '/nop-ho-so/1.001612');
    await check(page, r, 'submit-business');
    await page.check('input[name=applicant_type][value=organisation]');
    await page.fill('#full_name', 'Công ty Cổ phần Dữ Liệu Mẫu');
    await page.fill('#phone', '0987654321');
    await page.fill('#address', 'Tổ 5, phường Đông Thành');
    await page.fill('#tax_code', '0100109106');
    // No representative: refused, the typed fields kept.
    await page.setInputFiles('#f0', { name: 'giay-de-nghi.pdf', mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await page.check('input[name=confirm]');
    r = await submit(page, 'form.wizard button[type=submit]');
    assert(r.status() === 422, `no representative: ${r.status()}`);
    assert((await page.inputValue('#tax_code')) === '0100109106', 'tax code kept');
    assert(await page.isChecked('input[name=applicant_type][value=organisation]'), 'type kept');
    await page.fill('#rep_full_name', 'Nguyễn Văn An');
    await page.fill('#rep_id_number', '001085012345');
    await page.fill('#rep_position', 'Giám đốc');
    await page.setInputFiles('#f0', { name: 'giay-de-nghi.pdf', mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') });
    await page.check('input[name=confirm]');
    r = await submit(page, 'form.wizard button[type=submit]');
    const m = page.url().match(/\/ho-so\/([^?]+)\?da-nop=1/);
    assert(m, `after submission: ${page.url()} ${await page.textContent('main')}`.slice(0, 400));
    const d = await (await page.request.get(U + '/api/v1/dossiers/' + m[1])).json();
    assert(d.applicant.type === 'organisation' && d.applicant.tax_code === '0100109106', 'organisation');
    assert(d.applicant.representative.position === 'Giám đốc', 'representative');
    await context.close();
  });

  await browser.close();
  await server.stop();
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(async (e) => {
  console.error(e);
  if (browser) await browser.close().catch(() => {});
  if (server) await server.stop().catch(() => {});
  process.exit(1);
});
