import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createWidgetInbox, openSession, WidgetClient } from '../channels/widget/test-client.ts';
import { installDemoBot } from '../flows/seed-demo.ts';
import { brainFor } from '../modules/bot/index.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu, type TestKefu, type TestWorkspace } from '../test/harness.ts';

/** Browser tests of the agent console: a served Kefu, a workspace with the demo bot on a widget inbox, and Chromium. */

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ConsoleRig {
  kefu: TestKefu;
  ws: TestWorkspace;
  baseUrl: string;
  inboxId: string;
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * Kefu with a workspace, listening, and Chromium. With `bot` (the default) the workspace also has a
 * widget inbox answered by the demo bot; pages that need no chat (audit, SLA) skip that.
 */
export async function startConsoleRig({ bot = true }: { bot?: boolean } = {}): Promise<ConsoleRig> {
  execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
  const kefu = await buildTestKefu();
  const ws = await createTestWorkspace(kefu);
  const baseUrl = await listenTestKefu(kefu);
  let inboxId = '';
  if (bot) {
    inboxId = await createWidgetInbox(kefu, ws.tokens.admin);
    await call(kefu, 'PATCH', `/api/v1/inboxes/${inboxId}`, ws.tokens.admin, { botEnabled: true });
    await installDemoBot(kefu.ctx, ws.id);
    await brainFor(kefu.ctx, ws.id);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    kefu,
    ws,
    baseUrl,
    inboxId,
    browser,
    close: async () => {
      await browser.close();
      await kefu.close();
    },
  };
}

/** A browser window for the console in `locale` (the language is chosen once; the switch in the page may change it). */
export async function consoleContext(
  rig: ConsoleRig,
  locale: 'en' | 'zh-CN' = 'en',
  viewport = { width: 1440, height: 900 },
): Promise<BrowserContext> {
  const context = await rig.browser.newContext({ locale: locale === 'en' ? 'en-US' : 'zh-CN', viewport });
  await context.addInitScript((l) => {
    if (!window.localStorage.getItem('kefu.locale')) window.localStorage.setItem('kefu.locale', l);
  }, locale);
  return context;
}

/** Sign in through the login form (in whichever language it shows) and wait for the inbox's live feed. */
export async function signIn(page: Page, rig: ConsoleRig, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${rig.baseUrl}/login`);
  await page.locator('input[type="email"]').fill(who.email);
  await page.locator('input[type="password"]').fill(who.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/inbox/);
  await page.locator('.link-state.link-live').waitFor();
}

/** The chat widget as a customer opens it, on the test's demo page. */
export async function openWidget(page: Page, rig: ConsoleRig, lang = 'zh-CN'): Promise<void> {
  await page.goto(`${rig.baseUrl}/demo/widget?inbox=${rig.inboxId}&lang=${lang}`);
  await page.locator('.launcher').click();
  await page.locator('.status').waitFor({ state: 'hidden' });
}

let sent = 0;

/** A customer talking over the widget socket (no browser), and the conversation their first message opened. */
export async function customerSays(rig: ConsoleRig, texts: string[]): Promise<{ client: WidgetClient; conversationId: string; contactId: string }> {
  const session = (await openSession(rig.kefu, rig.inboxId)).body;
  const client = await WidgetClient.open(rig.baseUrl, rig.inboxId, session.visitorToken);
  await client.hello();
  let conversationId = '';
  for (const text of texts) conversationId = (await client.say(text, `console-${process.pid}-${++sent}`)).conversationId as string;
  const conversation = await call(rig.kefu, 'GET', `/api/v1/conversations/${conversationId}`, rig.ws.tokens.admin);
  return { client, conversationId, contactId: conversation.body.contactId as string };
}

/** Write a PNG under docs/screenshots when KEFU_SCREENSHOTS is set (the README uses them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.KEFU_SCREENSHOTS) return;
  const dir = path.join(root, 'docs', 'screenshots');
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, name) });
}
