export const portalLocales = ['zh-CN', 'en'] as const;
export type PortalLocale = (typeof portalLocales)[number];

/** The help center's own words, in both languages. */
const strings = {
  'zh-CN': {
    helpCenter: '帮助中心',
    searchLabel: '搜索帮助中心',
    searchPlaceholder: '输入你的问题，例如：怎么退货？',
    searchButton: '搜索',
    suggestions: '条建议，用上下方向键选择',
    categories: '问题分类',
    popular: '热门问题',
    home: '首页',
    results: (q: string, n: number) => `“${q}”的搜索结果：${n} 条`,
    noResults: '没有找到相关内容。换个说法试试，或点右下角联系客服。',
    emptySearch: '请输入要搜索的问题。',
    updated: '更新于',
    helpful: '这篇内容有帮助吗？',
    yes: '有帮助',
    no: '没帮助',
    thanks: '感谢你的反馈！',
    tellUs: '哪里没讲清楚？告诉我们（选填）',
    send: '提交',
    notFound: '页面不存在',
    notFoundBody: '你要找的内容不存在或已下线。',
    backHome: '返回帮助中心首页',
    related: '同类问题',
    items: (n: number) => `${n} 个问题`,
    contents: '目录',
    otherLang: 'English',
    contact: '还有问题？点右下角的按钮和客服聊天。',
    description: (name: string) => `${name}帮助中心：常见问题、使用指南与售后政策。`,
    submitTicket: '提交工单',
    myTickets: '我的工单',
  },
  en: {
    helpCenter: 'Help Center',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'Ask a question, e.g. How do I return an item?',
    searchButton: 'Search',
    suggestions: 'suggestions; use the up and down arrow keys to choose',
    categories: 'Categories',
    popular: 'Popular questions',
    home: 'Home',
    results: (q: string, n: number) => `${n} result${n === 1 ? '' : 's'} for “${q}”`,
    noResults: 'Nothing found. Try other words, or chat with us using the button at the bottom right.',
    emptySearch: 'Type a question to search.',
    updated: 'Updated',
    helpful: 'Was this helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for your feedback!',
    tellUs: 'What was missing? Tell us (optional)',
    send: 'Send',
    notFound: 'Page not found',
    notFoundBody: 'What you are looking for does not exist or is no longer published.',
    backHome: 'Back to the help center',
    related: 'In the same category',
    items: (n: number) => `${n} question${n === 1 ? '' : 's'}`,
    contents: 'Contents',
    otherLang: '中文',
    contact: 'Still need help? Chat with us using the button at the bottom right.',
    description: (name: string) => `${name} Help Center: answers to common questions, guides and policies.`,
    submitTicket: 'Submit a ticket',
    myTickets: 'My tickets',
  },
} as const;

export type PortalStrings = (typeof strings)[PortalLocale];

export function portalStrings(locale: PortalLocale): PortalStrings {
  return strings[locale];
}

export function otherLocale(locale: PortalLocale): PortalLocale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}

/**
 * The page's language: `?lang=` first, then the browser's Accept-Language
 * (any `zh*` → zh-CN, `en*` → en, by q order), then the workspace default;
 * always one of the workspace's locales.
 *
 * @example negotiateLocale(undefined, 'en-US,en;q=0.9', ['zh-CN', 'en'], 'zh-CN') // 'en'
 */
export function negotiateLocale(
  lang: string | undefined,
  acceptLanguage: string | undefined,
  available: readonly string[],
  fallback: string,
): PortalLocale {
  const offered = portalLocales.filter((l) => available.includes(l));
  const allowed = offered.length > 0 ? offered : [...portalLocales];
  const pick = (l: string | undefined) => allowed.find((a) => a === l);
  const chosen = pick(lang) ?? fromAcceptLanguage(acceptLanguage, allowed) ?? pick(fallback) ?? allowed[0]!;
  return chosen;
}

function fromAcceptLanguage(header: string | undefined, allowed: readonly PortalLocale[]): PortalLocale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const locale = tag.startsWith('zh') ? 'zh-CN' : tag.startsWith('en') ? 'en' : undefined;
    if (locale && allowed.includes(locale)) return locale;
  }
  return undefined;
}
