import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installDemoGraph } from '../flows/seed-demo.ts';
import { CHROMIUM, launchChromium } from '../test/browser.ts';
import { call } from '../test/factories.ts';
import { buildTestKefu, createTestWorkspace, listenTestKefu } from '../test/harness.ts';
import { consoleContext, root, signIn, type ConsoleRig } from './console-kit.ts';

const poll = { timeout: 15_000, interval: 100 };

describe.skipIf(!existsSync(CHROMIUM))('the knowledge graph page', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    // The demo graph without the demo bot: this page does not need a trained bot.
    execFileSync(process.execPath, ['web/scripts/ensure-build.mjs'], { cwd: root, stdio: 'pipe' });
    const kefu = await buildTestKefu();
    const ws = await createTestWorkspace(kefu);
    const baseUrl = await listenTestKefu(kefu);
    await installDemoGraph(kefu.ctx, ws.id);
    const browser = await launchChromium();
    const close = async () => {
      await browser.close();
      await kefu.close();
    };
    rig = { kefu, ws, baseUrl, inboxId: '', browser, close };
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('finds an entity, draws its neighbourhood, adds an entity and a relation, and tries a question', async () => {
    const context = await consoleContext(rig, 'en');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.operator);
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.getByRole('link', { name: 'Knowledge graph' }).click();
    await page.waitForURL(/\/knowledge\/graph/);

    await page.getByLabel('Search names and aliases').fill('X3');
    await page.getByRole('button', { name: /X3 earbuds/ }).click();
    const relations = page.locator('.graph-relations');
    await expect.poll(() => relations.innerText(), poll).toContain("won't charge");
    expect(await relations.innerText()).toContain('has fault');
    await expect.poll(() => page.locator('.graph-chart canvas').count(), poll).toBeGreaterThan(0);
    await page.getByRole('button', { name: '2 step(s)' }).click();
    await expect.poll(() => page.getByRole('button', { name: '2 step(s)' }).getAttribute('aria-pressed'), poll).toBe('true');
    expect(await relations.innerText()).toContain("won't charge");

    await page.getByRole('button', { name: 'New entity' }).click();
    const form = page.locator('.graph-editor');
    await form.getByLabel('Type').selectOption('fault');
    await form.getByLabel('Name (Chinese)').fill('有杂音');
    await form.getByLabel('Name (English)').fill('crackling sound');
    await form.getByRole('button', { name: 'Create entity' }).click();
    await page.waitForURL(/id=kge_/);
    const faultId = new URL(page.url()).searchParams.get('id')!;

    await relations.getByLabel('Relation').selectOption({ label: 'fault of' });
    await relations.getByPlaceholder('Find an entity').fill('X3');
    await expect.poll(() => relations.getByLabel('Entity').innerText(), poll).toContain('X3 earbuds');
    await relations.getByRole('button', { name: 'Add relation' }).click();
    await expect.poll(() => relations.innerText(), poll).toMatch(/fault of\s*X3 earbuds/);
    const near = await call(rig.kefu, 'GET', `/api/v1/knowledge/graph/entities/${faultId}/neighbourhood`, rig.ws.tokens.agent);
    expect(near.body.relations).toEqual([expect.objectContaining({ type: 'has_fault', toId: faultId })]);

    await page.getByLabel('Try a question').fill('X3 耳机充不进电怎么办');
    await page.getByRole('button', { name: 'Try a question' }).click();
    await expect.poll(() => page.locator('.graph-reply').innerText(), poll).toMatch(/^X3 earbuds · won't charge → Solution: /);
    await context.close();
  }, 120_000);

  it('shows the graph to agents without the editing controls', async () => {
    const context = await consoleContext(rig, 'zh-CN');
    const page = await context.newPage();
    await signIn(page, rig, rig.ws.users.agent);
    await page.goto(`${rig.baseUrl}/knowledge/graph`);
    await page.getByLabel('搜索名称和别名').fill('七天');
    await page.getByRole('button', { name: /七天无理由退货/ }).click();
    await expect.poll(() => page.locator('.graph-relations').innerText(), poll).toContain('适用于');
    expect(await page.getByRole('button', { name: '新建实体' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '添加关系' }).count()).toBe(0);
    await context.close();
  }, 60_000);
});
