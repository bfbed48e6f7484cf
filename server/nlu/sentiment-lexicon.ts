/**
 * Kefu's hand-written sentiment lexicon for Chinese and English customer
 * messages: polarity words and phrases, intensifiers, negators, contrast and
 * concession markers, anger and anxiety cues, and complaint-risk phrases.
 * Written by us for customer service; not derived from any dataset.
 *
 * Each group is `[attributes, terms]`, terms separated by spaces (`_` stands
 * for a space inside an English phrase). A term listed in several groups gets
 * all their attributes (垃圾: negative and angry). `stop` terms carry no
 * meaning and exist so the longest match swallows them (快递 is not 快,
 * 不好意思 is not 不好, 工商银行 is not 工商).
 */

export type CueRole = 'negator' | 'intensifier' | 'contrast' | 'concession' | 'hypothetical' | 'stop';

export interface CueAttributes {
  /** Valence, about -3..3, before intensifiers and negation. */
  polarity?: number;
  anger?: number;
  anxiety?: number;
  /** A threat to escalate outside the company: hand off at once. */
  risk?: 'high';
  role?: CueRole;
  /** Intensifier multiplier (很 1.3, 有点 0.7). */
  factor?: number;
}

type Group = [CueAttributes, string];

const ZH: Group[] = [
  [
    { polarity: 3 },
    '完美 超赞 太棒了 棒极了 好极了 非常满意 五星好评 强烈推荐 极力推荐 物超所值 超值 惊喜 赞不绝口 无可挑剔 爱死了 一百个赞 神速 很满意 超级满意 特别满意 十分满意',
  ],
  [
    { polarity: 2 },
    '好评 满意 喜欢 喜爱 推荐 值得 值得购买 棒 赞 点赞 优秀 出色 精美 漂亮 美观 好看 好吃 好用 实用 方便 舒适 舒服 干净 整洁 快捷 及时 迅速 贴心 热情 周到 耐心 专业 靠谱 可靠 给力 划算 实惠 优惠 性价比高 物美价廉 准时 开心 高兴 愉快 感谢 感激 辛苦了 完好 清晰 流畅 稳定 精致 细心 礼貌 友好 亲切 安静 宽敞 新鲜 美味 可口 好香 很香 真香 正品 超快 很快 挺快 飞快 放心 省心 满分 爱了 可爱 美丽 快乐 温馨 豪华 大气 高档 赞赞 厉害 完美解决',
  ],
  [
    { polarity: 1.5 },
    '谢谢 多谢 谢啦 谢了 不错 挺好 蛮好 很好 好好 合适 适合 顺利 解决了 没问题 没有问题 没什么问题 满足 清楚 便宜 快速 大方 结实 耐用 好的呢 好滴 收到了 有用 有效 值 认真 温柔 速度快 发货快 送得快 效率高 质量好 服务好 态度好 好喝 爽',
  ],
  [{ polarity: 1 }, '还行 还可以 还好 好 ok 快 不贵 还不错 可以的 没毛病 满意度 正常 好在'],
  // Product, food and hotel reviews.
  [
    { polarity: 2 },
    '物有所值 不虚此行 好评如潮 精彩 感人 受益匪浅 经典 引人入胜 爱不释手 值得收藏 值得一看 值得一读 推荐购买 回头客 还会再来 还会光顾 下次还来 下次还会 会再来 明亮 便利 入味 分量足 量大 份量足 良心 周全 到位 用心 超出预期 没得说 没话说 一流 顶呱呱 信得过 放心购买 五星 满分好评 好吃不贵 喜欢吃 很喜欢 最爱 首选 必备 方便快捷 干净卫生 物流快 正版 性价比 很赞 很棒 超好 太好了 非常好 特别好 相当好 很不错 挺不错 蛮不错 真不错',
  ],
  [
    { polarity: -2 },
    '劣质 粗糙 廉价感 做工差 掉漆 发烫 闪屏 蓝屏 花屏 黑屏 老化 潮湿 霉味 吵闹 嘈杂 蟑螂 冷漠 冷淡 爱理不理 一塌糊涂 乱七八糟 乏味 枯燥 没意思 不推荐 别买 千万别 慎买 不会再来 不会再买 再也不 再也不会 一星 退货了 量少 份量少 太少了 洒了 送错 超时 晚点 隔音差 不值这个价 不划算 坑人 浪费 浪费钱 浪费时间 上当受骗 吃亏 心寒 寒心 没诚信 不诚信 虚假宣传 货不对板 以次充好 偷工减料 缩水 太小 很小 偏小 不舒服 不干净 一股味 有味道 不好吃 不好用 不好看 不满意的 差到极点 不合格 瑕疵 划痕 掉色 起球 开线 褪色',
  ],
  [
    { polarity: -3 },
    '垃圾 骗子 骗人 欺骗 诈骗 坑人 坑爹 太差 极差 超差 差劲 恶心 气死 气死了 烂透了 失望透顶 忍无可忍 岂有此理 什么破 破玩意 破东西 黑心 奸商 滚 他妈 妈的 tmd 假货 山寨 欺诈 被骗 骗钱 欺人太甚 受够了 什么玩意 烂 太烂 最差 差评 无耻 流氓 强盗 坑钱',
  ],
  [
    { polarity: -2 },
    '差 很差 不好 不行 失望 生气 愤怒 不满 不满意 糟糕 难用 难吃 难看 难喝 慢 太慢 很慢 好慢 好差 坏了 破损 损坏 故障 质量问题 后悔 上当 吐槽 不值 不值得 脏 脏乱 吵 噪音 异味 臭 发霉 过期 变质 漏水 卡顿 很卡 太卡 死机 闪退 崩溃 慢死了 烦死了 不靠谱 敷衍 推卸 推脱 踢皮球 态度差 态度恶劣 不理人 不回复 没人理 没人管 没人回 不负责 一拖再拖 延误 少发 漏发 发错 错发 丢件 丢了 不见了 难吃死了 乱收费 霸王条款 忽悠 无语 离谱 太离谱 过分 太过分 投诉 气人 气愤 恼火 火大 烦 很烦 好烦 傲慢 怠慢 昂贵 太贵 坑 骗 不能用 用不了 无法使用 没法用 打不开 开不了机 连不上 登不上 登录不了 收不到 退不了 不给退 不退 不发货 不处理 不解决 没反应 没用 有问题 出问题 不耐烦 无聊 不合理 扯淡 凭什么 差差 冷了 凉了 不新鲜 缺斤少两 太咸 油腻 难闻 等了很久 等了好久 等了半天 等这么久 等了这么久 遗憾 可怕 讨厌 痛苦 伤心 难过 倒霉',
  ],
  [{ polarity: -1.5 }, '退款慢 还没到 还没收到 还没发货 还没有到 还没有收到 还没发 还没退 还没处理 还没回复 还没解决 怎么还 怎么还没 一直没 迟迟不'],
  [
    { polarity: -1 },
    '一般 凑合 勉强 不太好 旧 陈旧 老旧 破旧 贵 着急 可惜 郁闷 麻烦 不足 缺点 不便 不方便 不够 太少 偏贵 小气 延迟 迟迟 晚了 迟到 缺货 到底 催了 等不及 来不及 不清楚 担心',
  ],
  [
    { anger: 1.2 },
    '气死 气死了 愤怒 火大 恼火 岂有此理 欺人太甚 忍无可忍 受够了 骗子 滚 他妈 妈的 tmd 什么破 什么玩意 破玩意 无耻 流氓 强盗 奸商 黑心',
  ],
  [
    { anger: 0.8 },
    '生气 气人 气愤 太过分 过分 垃圾 坑人 坑爹 骗人 欺骗 被骗 骗钱 坑钱 搞什么 搞什么鬼 有病 无语 离谱 太离谱 扯淡 凭什么 态度恶劣 敷衍 一拖再拖 踢皮球 耍我 糊弄 烂透了 失望透顶 傲慢 不理人 没人理 没人管 不负责 差评 忽悠 怎么搞的 什么意思 开什么玩笑',
  ],
  [{ anger: 0.5 }, '投诉 怎么还 怎么还没 到底 烦死了 恶心 太差 极差 差劲 离谱了 算了 不想说了 说了多少次 讲了多少遍'],
  [
    { anxiety: 1 },
    '着急 急 急用 急需 急死了 急死 很急 好急 担心 害怕 焦虑 不安 紧张 怎么办 能不能快点 能不能快一点 快点 快一点 赶紧 赶快 急事 紧急 等不及 来不及 怕 万一 心急 慌 不放心 不耐烦',
  ],
  [
    { anxiety: 0.6 },
    '尽快 还没到 还没收到 还没发货 还没有到 还没有收到 还没发 还没退 还没处理 还没回复 还没解决 怎么还 怎么还没 迟迟 迟迟不 一直没 催 催了 恐怕 到底 什么时候能 啥时候能 多久能 还要等多久 要等多久 等了很久 等了好久 等了半天 等这么久 等了这么久',
  ],
  [
    { risk: 'high', polarity: -2, anger: 0.5 },
    '投诉 12315 12345 315晚会 3·15 消协 消费者协会 消保委 曝光 媒体 记者 找记者 电视台 律师 起诉 法院 诉讼 打官司 仲裁 法律途径 工商 工商局 市场监管 市场监管局 市场监督管理局 监管部门 报警 黑猫投诉 微博曝光 举报 维权',
  ],
  [
    { role: 'negator' },
    '不 没 没有 别 无 未 不是 并不 并没有 从不 从来不 从没 从来没有 毫不 一点也不 一点都不 不怎么 没那么 不算 不太 不大 不会 不要 不用 不必 甭 不再 绝不 决不 不曾',
  ],
  [{ role: 'intensifier', factor: 1.3 }, '很 真 真的 实在 挺 蛮 确实 那么 这么 如此 更 越来越 更加'],
  [{ role: 'intensifier', factor: 1.5 }, '非常 太 特别 超 超级 极 极其 十分 相当 简直 巨 贼 最 完全 彻底 根本 严重 太太 特'],
  [{ role: 'intensifier', factor: 0.7 }, '有点 有点儿 有些 稍微 略 略微 比较 还算 一点 稍 较 些许'],
  [{ role: 'contrast' }, '但 但是 可是 不过 然而 只是 却 但就是 就是太'],
  [{ role: 'concession' }, '虽然 虽 虽说 尽管 即使 哪怕'],
  [{ role: 'hypothetical' }, '如果 要是 假如 假设 若 是否 能否 有没有 是不是 可不可以 能不能 会不会'],
  [
    { role: 'stop' },
    '快递 快递员 快到 快要 加快 快速度 好像 好几 好多 好久不见 好不容易 只好 好吧 好的 最好 你好 您好 大家好 问好 早上好 晚上好 下午好 好处 好歹 好奇 不好意思 好友 刚好 正好 好么 好不好 好了吗 差不多 出差 差价 补差价 差异 时差 误差 偏差 相差 差点 慢慢 慢用 贵姓 贵公司 贵司 宝贵 贵宾 贵州 贵阳 富贵 依旧 仍旧 差旅 慢走 臭豆腐 麻烦您 麻烦你 麻烦帮 麻烦了 烦请 一般来说 一般情况 一般多久 一般几天 一般什么时候 一般是 有个问题 有问题想 有一个问题 有几个问题 报警器 灿烂 客气 不客气 天气 空气 力气 运气 口气 滚动 滚筒 依靠 靠近 操作 体操 突破 破解 多媒体 工商银行 中国工商银行 工商管理 别人 区别 分别 别的 级别 告别 特别是 不知道 不得不 不管 不但 不仅 不断 不久 要不 不然 不如 无论 无线 无需 没想到 没事 没关系 没错 没用过 不一定 不错过 可能 可以 可是说 可乐 可口可乐 哪怕是 赶快递 值班 价值 数值 充值 值得一提 满减 没多久 不少 不止 媒体播放 急诊 笑死 爽约 冷藏 冷冻 凉拌 有效期',
  ],
];

const EN: Group[] = [
  [
    { polarity: 3 },
    'excellent amazing awesome fantastic perfect wonderful outstanding brilliant superb love loved lovely exceptional incredible delighted thrilled best_service five_stars 5_stars highly_recommend',
  ],
  [
    { polarity: 2 },
    'great good nice happy glad pleased satisfied thank thanks thank_you thankyou appreciate appreciated helpful fast quick quickly smooth easy recommend beautiful clean comfortable friendly polite patient professional reliable solved resolved fixed works_great works_perfectly well_done kind efficient impressed enjoy enjoyed like_it liked i_like cheers',
  ],
  [{ polarity: 1 }, 'fine ok okay cool decent reasonable fair no_problem no_worries not_bad works worked affordable'],
  [
    { polarity: -3 },
    'terrible awful horrible worst scam scammer scammers scammed fraud fraudulent ridiculous unacceptable disgusting pathetic useless garbage trash crap rubbish incompetent furious outraged livid hate hated sucks rip-off rip_off ripoff liar liars lied cheated cheat stole stolen wtf shit shitty fucking fuck bullshit appalling atrocious nightmare never_again what_a_joke a_joke',
  ],
  [
    { polarity: -2 },
    "bad poor slow broken damaged defective faulty wrong missing late delayed disappointed disappointing disappointment annoyed annoying angry upset frustrated frustrating unhappy dissatisfied waste wasted expensive overpriced rude lazy mess messed_up not_working doesn't_work doesnt_work does_not_work didn't_work stopped_working not_received haven't_received havent_received hasn't_arrived hasnt_arrived not_arrived never_arrived never_received didn't_arrive did_not_arrive didn't_receive not_delivered never_delivered still_not still_no still_waiting still_hasn't still_haven't charged_twice double_charged overcharged complaint complain complaining fed_up sick_of sick_and_tired pissed pissed_off damn unreliable ignored ignoring no_response no_reply nobody_replied dirty noisy smelly cold_food stuck crashed crashes crashing unusable bogus misleading",
  ],
  [
    { polarity: -1 },
    'problem problems issue issues confusing confused mediocre so-so so_so meh average delay unclear worried worry worrying concerned nervous anxious scared afraid difficult inconvenient hassle long_wait taking_forever forever unfortunately',
  ],
  [
    { anger: 1.2 },
    'furious outraged livid wtf fuck fucking shit bullshit pissed_off how_dare are_you_kidding kidding_me what_the_hell what_the_heck sick_and_tired enough_is_enough had_enough fed_up scam scammer scammers scammed liar liars',
  ],
  [
    { anger: 0.8 },
    'angry ridiculous unacceptable pathetic incompetent useless disgusting hate hated sucks rip-off rip_off ripoff cheated lied stole stolen fraud garbage trash crap rubbish rude annoyed pissed sick_of this_is_a_joke what_a_joke a_joke never_again damn appalling atrocious ignored ignoring no_response nobody_replied',
  ],
  [{ anger: 0.5 }, 'worst terrible awful horrible frustrated frustrating complaint complain complaining unhappy annoying last_time'],
  [
    { anxiety: 1 },
    'worried worry worrying anxious nervous scared afraid urgent urgently asap as_soon_as_possible hurry emergency desperate panic panicking need_it_now need_it_today please_help help_me stressed concerned',
  ],
  [
    { anxiety: 0.6 },
    "still_waiting still_not still_no still_hasn't still_haven't where_is_my where's_my wheres_my when_will not_received haven't_received havent_received hasn't_arrived hasnt_arrived not_arrived never_arrived didn't_arrive did_not_arrive not_delivered right_now immediately deadline stuck taking_forever long_wait how_long",
  ],
  [
    { risk: 'high', polarity: -2, anger: 0.5 },
    'chargeback chargebacks charge_back lawyer lawyers attorney attorneys sue suing sued lawsuit legal_action court small_claims report_you reporting_you bbb better_business_bureau consumer_protection dispute_the_charge dispute_the_payment dispute_this_charge file_a_dispute ftc trading_standards ombudsman regulator cfpb attorney_general go_public the_media the_press complaint complain complaining',
  ],
  [
    { role: 'negator' },
    "not no never none nobody nothing neither nor don't dont doesn't doesnt didn't didnt isn't isnt wasn't wasnt aren't arent weren't werent can't cant cannot couldn't couldnt won't wont wouldn't wouldnt shouldn't shouldnt haven't havent hasn't hasnt hadn't hadnt without hardly barely ain't",
  ],
  [{ role: 'intensifier', factor: 1.3 }, 'very really so too quite pretty such truly much more'],
  [
    { role: 'intensifier', factor: 1.5 },
    'extremely incredibly absolutely totally super completely utterly highly most seriously insanely way_too so_so_so',
  ],
  [{ role: 'intensifier', factor: 0.7 }, 'slightly somewhat a_bit a_little kind_of kinda sort_of a_tad fairly rather'],
  [{ role: 'contrast' }, 'but however yet though except nevertheless nonetheless whereas'],
  [{ role: 'concession' }, 'although even_though despite even_if'],
  [{ role: 'hypothetical' }, 'if whether unless could_you can_you would_you do_you is_it is_there are_there'],
  [
    { role: 'stop' },
    "how_do_i like_to would_like i'd_like like_this like_that looks_like good_morning good_afternoon good_evening good_night thanks_in_advance pretty_much no_one no_longer not_sure not_only no_matter never_mind good_day fine_print fair_enough food_court",
  ],
];

/** Emoji say as much as words in chat. */
const EMOJI: Group[] = [
  [{ polarity: 2 }, '👍 😊 😄 😁 😃 🥰 😍 ❤ 💯 🎉'],
  [{ polarity: 1.5 }, '🙏 👌 😀 🙂'],
  [{ polarity: -2, anger: 1 }, '😡 🤬 💢 😠'],
  [{ polarity: -1.5 }, '👎 😭 😢 😞 😤 🙄'],
  [{ polarity: -1, anxiety: 1 }, '😰 😨 😟 😥 😱'],
];

export interface Cue {
  /** The lexicon term as it matched, in normalised form. */
  term: string;
  start: number;
  end: number;
  attributes: CueAttributes;
}

/** Keyed by UTF-16 code unit, so scanning allocates no one-character strings. */
interface TrieNode {
  next: Map<number, TrieNode>;
  cue?: { term: string; attributes: CueAttributes };
}

/** Letters, digits and the apostrophe: an English term must not start or end inside a word. */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 39;
}

function buildTrie(groups: Group[]): TrieNode {
  const root: TrieNode = { next: new Map() };
  for (const [attributes, terms] of groups) {
    for (const raw of terms.split(/\s+/).filter(Boolean)) {
      const term = raw.replace(/_/g, ' ');
      let node = root;
      for (let k = 0; k < term.length; k++) {
        let child = node.next.get(term.charCodeAt(k));
        if (!child) node.next.set(term.charCodeAt(k), (child = { next: new Map() }));
        node = child;
      }
      node.cue = { term, attributes: { ...node.cue?.attributes, ...attributes } };
    }
  }
  return root;
}

const TRIE = buildTrie([...ZH, ...EN, ...EMOJI]);

/** Waiting times ("等了三天", "waited 2 weeks") and "N天了": impatience the word lists cannot spell out. */
const PATTERNS: { pattern: RegExp; attributes: CueAttributes }[] = [
  {
    pattern: /等了?(?:\d+|[一二两三四五六七八九十几半好整]+)(?:个)?(?:多)?(?:天|周|星期|礼拜|月|小时|钟头|分钟)/g,
    attributes: { polarity: -2, anxiety: 1, anger: 0.4 },
  },
  { pattern: /(?:\d+|[一二两三四五六七八九十几半]+)(?:个)?(?:多)?(?:天|周|星期|礼拜|月)了/g, attributes: { polarity: -1, anxiety: 0.8 } },
  {
    pattern:
      /\b(?:waited|waiting|been|for)(?: for)? (?:\d+|two|three|four|five|six|seven|several|many|a few|over a|over) (?:days?|weeks?|months?|hours?)\b/g,
    attributes: { polarity: -2, anxiety: 1, anger: 0.4 },
  },
];

/** Scan a normalised text: greedy longest match of lexicon terms, plus the waiting-time patterns. */
export function findCues(normalized: string): Cue[] {
  const text = normalized.replace(/[’‘`]/g, "'");
  const cues: Cue[] = [];
  for (let i = 0; i < text.length;) {
    if (i > 0 && isWordCode(text.charCodeAt(i - 1)) && isWordCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let node: TrieNode | undefined = TRIE;
    let best: TrieNode | undefined;
    let end = i;
    for (let j = i; node && j < text.length; j++) {
      node = node.next.get(text.charCodeAt(j));
      if (node?.cue && !(isWordCode(text.charCodeAt(j)) && isWordCode(text.charCodeAt(j + 1)))) [best, end] = [node, j + 1];
    }
    if (best?.cue) cues.push({ ...best.cue, start: i, end });
    i = best ? end : i + 1;
  }
  for (const { pattern, attributes } of PATTERNS) {
    for (const m of text.matchAll(pattern)) cues.push({ term: m[0], start: m.index, end: m.index + m[0].length, attributes });
  }
  cues.sort((a, b) => a.start - b.start || b.end - a.end);
  return cues.filter((cue, i) => i === 0 || cue.start >= cues[i - 1]!.end);
}
