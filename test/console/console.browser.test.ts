import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { FINDING_CODES } from '@gongkai/domain';
import { connectToService } from '../../apps/cli/src/demo/demo-service';
import { DEMO_SCENARIO } from '../../apps/cli/src/demo/demo-scenario';
import { DEMO_PARTIES } from '../../apps/cli/src/demo/sample-parties';
import { runDemo, supervisorGrant } from '../../apps/cli/src/demo/run-demo';
import { ADMIN_TOKEN, startService, type RunningService } from '../service/harness';
import { NANTONG_CENTRE, createToken, event, eventsPath } from '../service/fixtures';
import { waitForProjections } from '../service/read-model-support';

/**
 * The web console in a real browser: Debian's chromium driven by playwright-core, against the real service
 * with the demo's data. Screenshots go to test-artifacts/console (gitignored).
 */
jest.setTimeout(240_000);

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'console');
const TIANJIN = '1201162026E000058001';
const XINCHENG = DEMO_PARTIES.xinchengBuild.creditCode;

describe('the supervisors’ console in a browser', () => {
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let supervisor: string;
  const api = async (pathname: string, token?: string) =>
    (await service.call('GET', pathname, { token })).body as Record<string, unknown>;
  const shot = (name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    service = await startService();
    const run = await runDemo(connectToService(service.url, ADMIN_TOKEN), DEMO_SCENARIO);
    expect(run.outcomes.every((o) => o.asExpected)).toBe(true);
    supervisor = await createToken(service, supervisorGrant(DEMO_SCENARIO));
    await waitForProjections(service);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    context = await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('logs in with the token typed into a password field, keeps it out of the URL, and shows the overview', async () => {
    await page.goto(`${service.url}/console`);
    const field = page.getByLabel('访问令牌');
    expect(await field.getAttribute('type')).toBe('password');
    await field.focus();
    await page.keyboard.type(supervisor);
    await page.keyboard.press('Enter');
    await page.getByTestId('kpi-published').waitFor();
    expect(page.url()).not.toContain(supervisor);
    expect(await page.evaluate('sessionStorage.getItem("gongkai.token")')).toBe(supervisor);
    expect(await page.evaluate('document.cookie')).toBe('');

    const timeliness = (await api('/v1/reports/timeliness', supervisor)) as {
      totals: Record<string, number>;
    };
    for (const key of ['published', 'onTime', 'late', 'missing']) {
      expect(Number(await page.getByTestId(`kpi-${key}`).textContent())).toBe(timeliness.totals[key]);
    }
    const flags = (await api('/v1/red-flags', supervisor)) as { total: number };
    await page.getByTestId('red-flags-total').waitFor();
    expect(await page.getByTestId('red-flags-total').textContent()).toContain(String(flags.total));
    expect(flags.total).toBeGreaterThan(0);
    await page.locator('svg[role="img"]').first().waitFor();
    expect(await page.locator('svg[role="img"]').count()).toBe(4);
    await shot('overview');
  });

  it('renders Chinese with a CJK font, not with boxes (fonts-noto-cjk, installed by .ci/run)', async () => {
    await page.goto(`${service.url}/console`);
    const heading = page.locator('main h1');
    await heading.waitFor();
    const text = (await heading.textContent())!;
    expect(text).toMatch(/\p{Script=Han}/u);
    // Chromium itself says which installed fonts drew the heading's glyphs.
    const cdp = await context.newCDPSession(page);
    const { root } = (await cdp.send('DOM.getDocument', { depth: 0 })) as { root: { nodeId: number } };
    const { nodeId } = (await cdp.send('DOM.querySelector', {
      nodeId: root.nodeId,
      selector: 'main h1',
    })) as { nodeId: number };
    await cdp.send('CSS.enable');
    const { fonts } = (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })) as {
      fonts: Array<{ familyName: string; glyphCount: number }>;
    };
    await cdp.detach();
    const han = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
    const cjk = fonts.filter((f) => /CJK/.test(f.familyName));
    expect(cjk.reduce((n, f) => n + f.glyphCount, 0)).toBeGreaterThanOrEqual(han);
    // And the glyphs are full-width ideographs: each one advances by one em in the heading's font, where a
    // missing-glyph box from a Latin font is narrower.
    const widths = (await page.evaluate(`(() => {
      const style = getComputedStyle(document.querySelector('main h1'));
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
      const size = parseFloat(style.fontSize);
      return [...'公共资源交易'].map((c) => ctx.measureText(c).width / size);
    })()`)) as number[];
    for (const em of widths) expect(em).toBeCloseTo(1, 1);
  });

  it('findings: figures match the API, sort, export CSV and XLSX, and drill down', async () => {
    await page.goto(`${service.url}/console#/findings`);
    await page.getByTestId('findings').waitFor();
    const findings = (await api('/v1/findings?limit=500', supervisor)) as { total: number };
    expect(await page.getByTestId('findings-count').textContent()).toContain(String(findings.total));
    expect(await page.locator('[data-testid=findings] tbody tr').count()).toBe(findings.total);
    // The code filter offers every code the service stores (RECORDED_LATE, conduct findings...).
    const codes = await page
      .locator('#f-code option')
      .evaluateAll((os) => os.map((o) => o.getAttribute('value')));
    expect(codes).toEqual(['', ...FINDING_CODES]);

    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 CSV' }).click();
    const csvText = readFileSync((await (await csv).path())!, 'utf8');
    expect(csvText).toContain(TIANJIN);
    const xlsx = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    const bytes = readFileSync((await (await xlsx).path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.toString('utf8')).toContain('xl/worksheets/sheet1.xml');
    expect(bytes.toString('utf8')).toContain(TIANJIN);

    // Sorting by a column header is a button: keyboard users can sort too.
    await page.getByRole('button', { name: '类型' }).press('Enter');
    expect(await page.locator('th[aria-sort="ascending"]').count()).toBe(1);
    await shot('findings');
    await page.getByRole('link', { name: TIANJIN }).first().click();
    await page.getByTestId('timeline').waitFor();
    expect(page.url()).toContain(`#/transaction/${TIANJIN}`);
  });

  it('transaction: timeline, a diff between two versions, the version in force, and a verify in the browser', async () => {
    await page.goto(`${service.url}/console#/transaction/${TIANJIN}`);
    await page.getByTestId('timeline').waitFor();
    const versions = (await api(`/v1/transactions/${TIANJIN}/versions`, supervisor)) as {
      versions: unknown[];
    };
    expect(await page.locator('[data-testid=timeline] tbody tr').count()).toBe(versions.versions.length);
    expect(await page.getByTestId('view').textContent()).toContain('full');

    await page.getByLabel('比较自版本').selectOption('4');
    await page.getByLabel('比较至版本').selectOption('5');
    await page.getByTestId('diff-submit').click();
    await page.getByTestId('diff').waitFor();
    const diffText = await page.getByTestId('diff').textContent();
    expect(diffText).toContain('state.contract.amount');
    expect(diffText).toContain('49910000.00');

    // Every stage with the versions that published or changed it; the contract's variation is compared
    // with the contract as signed, and the contract stage shows the varied amount.
    const stages = page.getByTestId('stages');
    expect(await stages.locator('li').count()).toBe(versions.versions.length);
    const contractRow = stages.locator('tr', { hasText: '合同订立' });
    expect(
      await contractRow
        .locator('li')
        .evaluateAll((items) =>
          items.map((li) => `${li.getAttribute('data-revision')}:${li.getAttribute('data-change')}`),
        ),
    ).toEqual(['4:published', '5:changed']);
    await contractRow.getByRole('button', { name: '比较 4 → 5' }).click();
    await page
      .locator('[data-testid=diff] code', { hasText: 'stages.ContractSigned.contractAmount' })
      .waitFor();
    expect(await page.getByLabel('比较自版本').inputValue()).toBe('4');

    const award = (versions.versions as Array<{ publishedAt: string }>)[3]!;
    const beijingLocal = new Date(Date.parse(award.publishedAt) + 8 * 3600_000).toISOString().slice(0, 16);
    await page.getByLabel('时间点').fill(beijingLocal);
    await page.getByLabel('依据').selectOption('published');
    await page.getByRole('button', { name: '显示' }).click();
    await page.getByTestId('in-force').waitFor();
    expect(await page.getByTestId('in-force').textContent()).toContain('3');

    await page.getByTestId('verify').click();
    await page.locator('[data-testid=verify-summary].good, [data-testid=verify-summary].bad').waitFor();
    const checks = await page.locator('[data-testid=verify-results] li').evaluateAll((items) =>
      items.map((li) => ({
        check: li.getAttribute('data-check'),
        state: li.className,
        text: li.textContent,
      })),
    );
    expect(checks).toEqual([
      expect.objectContaining({ check: 'chain', state: 'good' }),
      expect.objectContaining({ check: 'content', state: 'good' }),
      expect.objectContaining({ check: 'signature', state: 'good' }),
      expect.objectContaining({ check: 'inclusion', state: 'good' }),
    ]);
    expect(await page.getByTestId('verify-summary').textContent()).toContain('验证通过');
    await shot('transaction');
  });

  it('verify fails in the browser when one value of the trail was changed on the way', async () => {
    await page.route(`**/v1/transactions/${TIANJIN}/events`, async (route) => {
      const response = await route.fetch();
      const trail = (await response.json()) as { events: Array<{ data: Record<string, unknown> }> };
      trail.events[3]!.data.bidAmount = '40000000.00';
      await route.fulfill({ response, json: trail });
    });
    await page.goto(`${service.url}/console#/transaction/${TIANJIN}`);
    await page.getByTestId('verify').click();
    await page.locator('[data-testid=verify-summary].bad').waitFor();
    const content = page.locator('[data-testid=verify-results] li[data-check=content]');
    expect(await content.getAttribute('class')).toBe('bad');
    expect(await content.textContent()).toContain('revision 3');
    await page.unroute(`**/v1/transactions/${TIANJIN}/events`);
  });

  it('completeness, credit and the annual report show what the APIs answer', async () => {
    await page.goto(`${service.url}/console#/completeness`);
    await page.getByTestId('coverage-total').waitFor();
    const completeness = (await api('/v1/reports/completeness', supervisor)) as {
      totals: { due: number; onTime: number; late: number };
    };
    expect(await page.getByTestId('coverage-total').textContent()).toContain(
      `(${completeness.totals.onTime + completeness.totals.late}/${completeness.totals.due})`,
    );
    await shot('completeness');

    // The credit page lists the subjects on record in the token's regions; each opens its profile.
    await page.goto(`${service.url}/console#/credit`);
    await page.locator('[data-testid=credit-subjects] tbody tr').first().waitFor();
    const subjects = (await api('/v1/credit', supervisor)) as { items: Array<{ creditCode: string }> };
    expect(subjects.items.map((s) => s.creditCode)).toContain(XINCHENG);
    expect(await page.locator('[data-testid=credit-subjects] tbody tr').count()).toBe(subjects.items.length);
    await page.getByRole('link', { name: XINCHENG }).click();
    await page.waitForURL(`**/console#/credit/${XINCHENG}`);

    await page.goto(`${service.url}/console#/credit/${XINCHENG}`);
    await page.getByTestId('blacklist').waitFor();
    expect(await page.locator('[data-testid=blacklist] tbody tr').count()).toBe(1);
    expect(await page.getByTestId('credit-subject').textContent()).toContain('南通鑫诚建设工程有限公司');
    await shot('credit');

    await page.goto(`${service.url}/console#/annual`);
    await page.getByLabel('年度').fill('2026');
    await page.getByLabel('年度').press('Enter');
    await page.getByTestId('template').waitFor();
    const annual = (await api('/v1/reports/annual?year=2026', supervisor)) as {
      timeliness: Record<string, number>;
    };
    for (const key of ['published', 'late']) {
      expect(Number(await page.getByTestId(`annual-${key}`).textContent())).toBe(annual.timeliness[key]);
    }
    await shot('annual');

    await page.getByTestId('lang').click();
    expect(await page.locator('main h1').textContent()).toBe('Annual report');
    await page.getByTestId('lang').click();
  });

  it('every page of the navigation shows the demo’s data, without an error (issue 12: done when)', async () => {
    await page.goto(`${service.url}/console#/overview`);
    await page.getByTestId('kpi-published').waitFor();
    const links = await page
      .locator('nav a')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('href')!, a.textContent!] as const));
    // What each page shows once loaded, and a figure that says it holds data.
    const shows: Record<string, { ready: string; rows: string }> = {
      '#/overview': { ready: '[data-testid=red-flags]', rows: '[data-testid=red-flags] tbody tr' },
      '#/findings': { ready: '[data-testid=findings]', rows: '[data-testid=findings] tbody tr' },
      '#/transaction': { ready: '[data-testid=transactions]', rows: '[data-testid=transactions] tbody tr' },
      '#/completeness': { ready: '[data-testid=catalogues]', rows: '[data-testid=catalogues] tbody tr' },
      '#/credit': { ready: '#credit-code', rows: '#credit-code' },
      '#/annual': { ready: '[data-testid=template]', rows: '[data-testid=template] tbody tr' },
      '#/public': { ready: '[data-testid=public-results]', rows: '[data-testid=public-results] tbody tr' },
      '#/disclosures': { ready: '[data-testid=disclosures]', rows: '[data-testid=disclosures] tbody tr' },
    };
    expect(links.map(([href]) => href).sort()).toEqual(Object.keys(shows).sort());
    for (const [href, name] of links) {
      await page.getByRole('link', { name, exact: true }).click();
      await page.waitForURL(`**/console${href}`);
      await page.locator(shows[href]!.ready).first().waitFor();
      expect(await page.locator('main .error').count()).toBe(0);
      expect(await page.locator(shows[href]!.rows).count()).toBeGreaterThan(0);
    }
    // The credit page opens a subject: the demo's blacklisted bidder.
    await page.goto(`${service.url}/console#/credit`);
    await page.getByLabel('统一社会信用代码').fill(XINCHENG);
    await page.getByLabel('统一社会信用代码').press('Enter');
    await page.getByTestId('blacklist').waitFor();
    expect(await page.locator('[data-testid=blacklist] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('main .error').count()).toBe(0);
  });

  it('operations are for admins', async () => {
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await adminPage.goto(`${service.url}/console`);
    await adminPage.getByLabel('访问令牌').fill(ADMIN_TOKEN);
    await adminPage.getByRole('button', { name: '登录' }).click();
    await adminPage.getByRole('link', { name: '运维' }).click();
    await adminPage.getByTestId('projections').waitFor();
    expect(await adminPage.getByTestId('projections').textContent()).toContain('red-flags');
    await adminPage.getByTestId('tokens').waitFor();
    await adminPage.screenshot({ path: path.join(ARTIFACTS, 'operations.png'), fullPage: true });
    await admin.close();
    // A supervisor is not offered the page.
    expect(await page.getByRole('link', { name: '运维' }).count()).toBe(0);
  });

  it('public pages: anonymous search and a transaction’s public trail, verified in the browser', async () => {
    const anonymous = await browser.newContext();
    const publicPage = await anonymous.newPage();
    await publicPage.goto(`${service.url}/console#/public`);
    await publicPage.getByTestId('public-results').waitFor();
    await publicPage.getByRole('link', { name: TIANJIN }).click();
    await publicPage.getByTestId('timeline').waitFor();
    await publicPage.getByTestId('verify').click();
    await publicPage.locator('[data-testid=verify-summary].good').waitFor();
    const states = await publicPage
      .locator('[data-testid=verify-results] li')
      .evaluateAll((items) => items.map((li) => `${li.getAttribute('data-check')}:${li.className}`));
    // The public view is redacted: links, signature and inclusion are checked, content hashes are not; the
    // data shown is checked against each event's committed form (its log entry).
    expect(states).toEqual(['chain:good', 'content:skipped', 'signature:good', 'inclusion:good']);
    await publicPage.screenshot({ path: path.join(ARTIFACTS, 'public-trail.png'), fullPage: true });

    // A disclosed value changed on the way is caught in the public view too (it was not before commitments).
    await publicPage.route(`**/v1/transactions/${TIANJIN}/events`, async (route) => {
      const response = await route.fetch();
      const trail = (await response.json()) as { events: Array<{ data: Record<string, unknown> }> };
      trail.events[3]!.data.bidAmount = '40000000.00';
      await route.fulfill({ response, json: trail });
    });
    await publicPage.reload();
    await publicPage.getByTestId('timeline').waitFor();
    await publicPage.getByTestId('verify').click();
    await publicPage.locator('[data-testid=verify-summary].bad').waitFor();
    const inclusion = publicPage.locator('[data-testid=verify-results] li[data-check=inclusion]');
    expect(await inclusion.getAttribute('class')).toBe('bad');
    expect(await inclusion.textContent()).toContain(
      'revision 3: the data shown is not the data the log committed to',
    );
    await anonymous.close();
  });

  it('disclosures outside a transaction: listed, opened, and linked from the transaction they concern', async () => {
    const anonymous = await browser.newContext();
    const publicPage = await anonymous.newPage();
    await publicPage.goto(`${service.url}/console#/disclosures`);
    await publicPage.getByTestId('disclosures').waitFor();
    const listed = (await api('/v1/disclosures')) as { items: Array<{ title: string; late: boolean }> };
    expect(await publicPage.locator('[data-testid=disclosures] tbody tr').count()).toBe(listed.items.length);
    expect(listed.items.filter((d) => d.late)).toHaveLength(1);
    await publicPage.getByRole('link', { name: '晋江市2026年度国有建设用地供应计划' }).click();
    await publicPage.getByTestId('disclosure-versions').waitFor();
    expect(await publicPage.getByTestId('disclosure-summary').textContent()).toContain('晋江市自然资源局');
    expect(await publicPage.getByTestId('disclosure-fields').textContent()).toContain('386.4');
    // The supply plan names the parcel the demo offers: its public trail lists the plan.
    await publicPage.getByRole('link', { name: 'JJ2026P07' }).click();
    await publicPage.getByTestId('related-disclosures').waitFor();
    expect(await publicPage.getByTestId('related-disclosures').textContent()).toContain('土地供应计划');
    expect(await publicPage.locator('main .error').count()).toBe(0);
    await publicPage.screenshot({ path: path.join(ARTIFACTS, 'disclosures.png'), fullPage: true });
    await anonymous.close();
    // A supervisor's transaction page lists the approval of the project it tenders.
    await page.goto(`${service.url}/console#/transaction/3206022026A000127001`);
    await page.getByTestId('related-disclosures').waitFor();
    expect(await page.getByTestId('related-disclosures').textContent()).toContain('审批核准备案');
    expect(await page.locator('main .error').count()).toBe(0);
  });

  it('a correction that extends the bid period: the findings page shows the cure, the transaction its versions', async () => {
    const centre = await createToken(service, NANTONG_CENTRE);
    const id = '3206022026A000777001';
    const announcement = event('AnnouncementPublished', 'engineering', id);
    const short = {
      ...announcement,
      data: { ...(announcement.data as object), bidDeadline: '2026-03-20T09:30:00+08:00' },
    };
    const correction = event('AnnouncementCorrected', 'engineering', id);
    const moved = {
      ...correction,
      data: { ...(correction.data as object), bidDeadline: '2026-03-25T09:30:00+08:00' },
    };
    for (const body of [short, moved]) {
      const answer = await service.call('POST', eventsPath(id), { token: centre, body });
      expect([answer.status, answer.text]).toEqual([201, answer.text]);
    }
    await waitForProjections(service);

    await page.goto(`${service.url}/console#/findings?cured=true`);
    await page.locator('[data-testid=findings] tbody tr').first().waitFor();
    const cured = (await api('/v1/findings?cured=true', supervisor)) as {
      items: Array<{ transactionId: string }>;
    };
    expect(await page.locator('[data-testid=findings] tbody tr').count()).toBe(cured.items.length);
    const row = page.locator('[data-testid=findings] tbody tr', { hasText: id });
    expect(await row.textContent()).toContain('更正公告');
    await shot('findings-cured');

    await page.goto(`${service.url}/console#/transaction/${id}`);
    await page.getByTestId('timeline').waitFor();
    expect(await page.getByTestId('cure').count()).toBe(1);
    expect(await page.locator('[data-testid=stages] li[data-change=corrected]').count()).toBe(1);
    await page.locator('[data-testid=stages] li[data-change=corrected] button').click();
    await page.getByTestId('diff').waitFor();
    expect(await page.getByTestId('diff').textContent()).toContain(
      'stages.AnnouncementPublished.bidDeadline',
    );
    await shot('transaction-corrected');

    await page.goto(`${service.url}/console#/annual`);
    await page.getByLabel('年度').fill('2026');
    await page.getByLabel('年度').press('Enter');
    await page.getByTestId('period-findings').waitFor();
    const annual = (await api('/v1/reports/annual?year=2026', supervisor)) as {
      periodFindings: { periodTooShort: number; cured: number };
    };
    expect(annual.periodFindings.cured).toBeGreaterThan(0);
    expect(await page.getByTestId('period-findings').textContent()).toContain(
      `${annual.periodFindings.periodTooShort} (${annual.periodFindings.cured})`,
    );
  });
});
