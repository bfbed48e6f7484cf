import type { AppContext } from '../../context.ts';
import { DEMO_SLUG } from '../../flows/seed-demo.ts';
import { listInboxes } from '../../modules/inboxes/index.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/index.ts';

/** The demo workspace's first enabled widget inbox, if the demo was seeded. */
export async function findDemoWidgetInbox(ctx: AppContext): Promise<string | null> {
  const workspace = await findWorkspaceBySlug(ctx.db, DEMO_SLUG);
  if (!workspace) return null;
  const inbox = (await listInboxes(ctx.db, workspace.id)).find((row) => row.channel === 'widget' && row.enabled);
  return inbox?.id ?? null;
}

export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const text = {
  'zh-CN': {
    title: '演示商城 Demo Shop',
    tagline: '这是一个假的网店页面，用来演示 Kefu 网页聊天插件。点右下角的按钮和客服聊天。',
    products: [
      ['无线降噪耳机', '¥ 899'],
      ['机械键盘（青轴）', '¥ 459'],
      ['保温杯 500ml', '¥ 129'],
    ],
    buy: '加入购物车',
    orders: '我的订单',
    order: '订单 #20261121-0042 · 已发货 · 预计 3 天内送达',
    other: 'English',
    missing: '演示工作区还没有网页聊天收件箱：用默认设置（KEFU_SEED_DEMO=true）启动一次 Kefu 即可创建。',
  },
  en: {
    title: 'Demo Shop 演示商城',
    tagline: 'A pretend online shop that shows the Kefu chat widget. Use the button at the bottom right to chat with support.',
    products: [
      ['Noise-cancelling headphones', '¥ 899'],
      ['Mechanical keyboard', '¥ 459'],
      ['Vacuum flask 500 ml', '¥ 129'],
    ],
    buy: 'Add to cart',
    orders: 'My orders',
    order: 'Order #20261121-0042 · shipped · arrives within 3 days',
    other: '中文',
    missing: 'The demo workspace has no widget inbox yet: start Kefu once with the default settings (KEFU_SEED_DEMO=true) to create it.',
  },
} as const;

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1c2024;background:#f6f7f9}
header{background:#fff;border-bottom:1px solid #e4e7eb;padding:14px 24px;display:flex;justify-content:space-between;align-items:center}
header b{font-size:18px}header a{color:#2563eb;text-decoration:none}
main{max-width:960px;margin:0 auto;padding:24px}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:16px}
.card{background:#fff;border:1px solid #e4e7eb;border-radius:10px;padding:16px}.pic{height:120px;border-radius:8px;background:linear-gradient(135deg,#dbeafe,#fce7f3);margin-bottom:12px}
.price{color:#dc2626;font-weight:600}button{border:0;border-radius:6px;background:#111827;color:#fff;padding:8px 14px;font:inherit;cursor:pointer}
.order{background:#fff;border:1px solid #e4e7eb;border-radius:10px;padding:16px;margin-top:24px}
`;

/**
 * The demo shop page: a plain page embedding the widget exactly as a
 * customer's site would, with one `<script>` tag.
 */
export function renderDemoPage(inboxId: string | null, locale: 'zh-CN' | 'en'): string {
  const t = text[locale];
  const other = locale === 'zh-CN' ? 'en' : 'zh-CN';
  const products = t.products
    .map(
      ([name, price]) =>
        `<div class="card"><div class="pic"></div><div>${name}</div><div class="price">${price}</div><p><button type="button">${t.buy}</button></p></div>`,
    )
    .join('');
  const embed = inboxId
    ? `<script src="/widget/kefu-widget.js" data-inbox="${inboxId}" data-locale="${locale}" async></script>`
    : `<p class="order">${t.missing}</p>`;
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t.title}</title><link rel="icon" href="/favicon.svg"><style>${STYLE}</style></head>
<body><header><b>${t.title}</b><a href="?lang=${other}">${t.other}</a></header>
<main><p>${t.tagline}</p><div class="grid">${products}</div>
<div class="order"><b>${t.orders}</b><div>${t.order}</div></div></main>
${embed}
</body></html>
`;
}
