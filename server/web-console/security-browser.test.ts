import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../modules/auth/index.ts';
import { CHROMIUM } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { consoleContext, customerSays, signIn, startConsoleRig, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

/** Everything the page's CSP refused, and any dialog a script opened (an XSS would). */
function watch(page: Page): { violations: string[]; dialogs: string[] } {
  const seen = { violations: [] as string[], dialogs: [] as string[] };
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) seen.violations.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

describe.skipIf(!existsSync(CHROMIUM))('the console and help center under their CSP', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
  }, 300_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('signs an agent in with a TOTP code and shows a hostile message as text', async () => {
    const { email, password } = rig.ws.users.agent;
    const enrol = await call(rig.kefu, 'POST', '/api/v1/auth/2fa/enrol', rig.ws.tokens.agent);
    const code = (offset = 0) => totp(base32Decode(enrol.body.secret), Date.now() + offset * 30_000);
    expect((await call(rig.kefu, 'POST', '/api/v1/auth/2fa/confirm', rig.ws.tokens.agent, { code: code() })).status).toBe(200);

    const hostile = '<img src=x onerror=alert(1)>';
    const { conversationId } = await customerSays(rig, [hostile]);

    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    const seen = watch(page);
    await page.goto(`${rig.baseUrl}/login`);
    await page.locator('input[type="email"]').fill(email);
    await page.locator('input[type="password"]').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.getByText('Enter your code').waitFor();
    await page.locator('input[name="code"]').fill(code(1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/inbox/);

    await page.goto(`${rig.baseUrl}/inbox/${conversationId}`);
    await expect.poll(() => page.locator('.timeline').innerText(), poll).toContain(hostile);
    expect(await page.locator('.timeline img[src="x"]').count()).toBe(0);
    expect(seen).toEqual({ violations: [], dialogs: [] });
    await context.close();
  }, 120_000);

  it('enrols from the account page with a QR code to scan and the key shown for typing (zh-CN)', async () => {
    const context = await consoleContext(rig, 'zh-CN');
    const page = await context.newPage();
    const seen = watch(page);
    await signIn(page, rig, rig.ws.users.admin);
    await page.goto(`${rig.baseUrl}/account`);
    await page.getByRole('button', { name: '开启两步验证' }).click();

    const qr = page.getByTestId('tfa-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('alt')).toBe('将此账号加入身份验证器的二维码');
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    // The image decoded and drew under the CSP (a refused or broken image has no natural size).
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)), poll).toBeGreaterThan(0);

    const secret = (await page.getByTestId('tfa-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await page.locator('input[name="code"]').fill(totp(base32Decode(secret), Date.now()));
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count(), poll).toBe(10);
    await page.getByRole('button', { name: '我已保存这些恢复码' }).click();
    await page.getByTestId('two-factor').getByText('已开启').waitFor();
    expect((await call(rig.kefu, 'GET', '/api/v1/auth/2fa', rig.ws.tokens.admin)).body).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect(seen).toEqual({ violations: [], dialogs: [] });
    await context.close();
  }, 120_000);

  it('renders the help center without a CSP violation', async () => {
    const context = await rig.browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    const seen = watch(page);
    const res = await page.goto(`${rig.baseUrl}/help/${rig.ws.slug}`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('form[role="search"], form').first().waitFor();
    expect(seen).toEqual({ violations: [], dialogs: [] });
    await context.close();
  }, 60_000);
});
