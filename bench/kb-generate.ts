/**
 * A synthetic bilingual knowledge base for bench/kb-search.ts: products ×
 * models × support topics, each item a standard question plus paraphrases in
 * zh-CN and en, written from our own templates (no dataset text). One
 * paraphrase per item and locale is held out as a query the index has not seen.
 */
import type { FaqRow } from '../server/modules/knowledge/index.ts';

const PRODUCTS: [zh: string, en: string][] = [
  ['蓝牙耳机', 'Bluetooth earbuds'],
  ['智能手表', 'smart watch'],
  ['扫地机器人', 'robot vacuum'],
  ['空气净化器', 'air purifier'],
  ['电动牙刷', 'electric toothbrush'],
  ['移动电源', 'power bank'],
  ['路由器', 'router'],
  ['电饭煲', 'rice cooker'],
  ['投影仪', 'projector'],
  ['吸尘器', 'vacuum cleaner'],
  ['加湿器', 'humidifier'],
  ['智能门锁', 'smart lock'],
  ['行车记录仪', 'dash cam'],
  ['护眼台灯', 'desk lamp'],
  ['体脂秤', 'body fat scale'],
  ['咖啡机', 'coffee machine'],
  ['电热水壶', 'electric kettle'],
  ['平板电脑', 'tablet'],
  ['机械键盘', 'mechanical keyboard'],
  ['无线鼠标', 'wireless mouse'],
  ['显示器', 'monitor'],
  ['监控摄像头', 'security camera'],
  ['智能音箱', 'smart speaker'],
  ['快充充电器', 'fast charger'],
  ['洗碗机', 'dishwasher'],
  ['空调', 'air conditioner'],
  ['冰箱', 'fridge'],
  ['洗衣机', 'washing machine'],
  ['落地扇', 'standing fan'],
  ['电动滑板车', 'e-scooter'],
];
const MODELS = ['X1', 'X3', 'S5', 'S7 Max', 'Pro 2', 'Lite', 'Mini 4', 'Air', 'Ultra', 'M8', 'Neo 3', 'Plus'];

/** Support topics: question templates per locale (`{p}` is the product); the last one is held out as the query. */
const TOPICS: { zh: string[]; en: string[]; answer: [string, string] }[] = [
  t(
    ['{p}充不进电怎么办', '{p}无法充电', '{p}充电没反应', '{p}插上电也不充'],
    ["{p} won't charge", 'my {p} is not charging', '{p} does not charge when plugged in', 'cannot charge {p}'],
    ['请换一根原装线和插头再试', 'Try the original cable and plug'],
  ),
  t(
    ['{p}怎么连接手机', '{p}蓝牙连不上', '{p}配对失败怎么办', '手机搜不到{p}'],
    ['how do I pair the {p} with my phone', "{p} won't connect", 'pairing the {p} fails', 'phone cannot find my {p}'],
    ['长按配对键 5 秒', 'Hold the pairing button for 5 seconds'],
  ),
  t(
    ['{p}怎么恢复出厂设置', '{p}如何重置', '{p}要怎么复位', '把{p}还原成出厂状态'],
    ['how to factory reset the {p}', 'reset {p} to defaults', 'how do I restore the {p}', 'wipe my {p} back to factory settings'],
    ['按住复位孔 10 秒', 'Press the reset hole for 10 seconds'],
  ),
  t(
    ['{p}保修多久', '{p}的质保期是多长', '{p}保修期几年', '{p}坏了还在保修吗'],
    ['how long is the warranty on the {p}', '{p} warranty period', 'is the {p} covered for two years', 'is my broken {p} still under warranty'],
    ['整机保修两年', 'Two years of warranty'],
  ),
  t(
    ['{p}能七天无理由退货吗', '{p}不想要了可以退吗', '{p}怎么申请退货', '买的{p}不合适想退掉'],
    [
      'can I return the {p} within 7 days',
      'return policy for {p}',
      'how do I send back the {p}',
      "I want to return the {p} I bought, it doesn't suit me",
    ],
    ['签收 7 天内可无理由退货', 'Returns within 7 days of delivery'],
  ),
  t(
    ['{p}固件怎么升级', '{p}如何更新系统', '{p}升级失败', '{p}提示有新版本要不要更新'],
    ['how to update the {p} firmware', 'upgrade {p} software', '{p} update failed', 'should I install the new version on my {p}'],
    ['在 App 里点固件升级', 'Open the app and tap Firmware update'],
  ),
  t(
    ['{p}续航多久', '{p}充满电能用多长时间', '{p}电池不耐用', '{p}掉电特别快'],
    ['how long does the {p} battery last', 'battery life of {p}', '{p} battery drains fast', 'my {p} runs out of power quickly'],
    ['正常使用约 8 小时', 'About 8 hours of normal use'],
  ),
  t(
    ['{p}有杂音', '{p}声音很大', '{p}工作时噪音大', '{p}一直嗡嗡响'],
    ['{p} makes a noise', '{p} is too loud', 'noisy {p} when running', 'my {p} keeps buzzing'],
    ['请检查是否放置平稳', 'Check that it stands level'],
  ),
  t(
    ['{p}说明书在哪里下载', '{p}有没有使用手册', '{p}说明书丢了', '哪里能看{p}的说明书'],
    ['where can I download the {p} manual', 'user guide for {p}', 'I lost the {p} manual', 'where do I read the {p} instructions'],
    ['官网支持页可下载', 'Download it from the support page'],
  ),
  t(
    ['{p}有哪些配件', '{p}配件在哪买', '{p}的配件多少钱', '想给{p}买个备用配件'],
    ['what accessories does the {p} have', 'where to buy {p} accessories', 'price of {p} spare parts', 'I want a spare accessory for my {p}'],
    ['配件在官方商城有售', 'Accessories are sold in our store'],
  ),
  t(
    ['{p}怎么清洁', '{p}脏了怎么洗', '{p}如何保养', '{p}能用水冲吗'],
    ['how do I clean the {p}', 'washing the {p}', 'how to look after the {p}', 'can I rinse the {p} with water'],
    ['用软布擦拭即可', 'Wipe with a soft cloth'],
  ),
  t(
    ['{p}指示灯一直闪', '{p}红灯闪烁', '{p}亮红灯什么意思', '{p}灯一闪一闪的'],
    ['{p} light keeps blinking', 'red light flashing on {p}', 'what does the red light on the {p} mean', 'the {p} light is flashing'],
    ['红灯闪烁表示电量低', 'A blinking red light means low battery'],
  ),
  t(
    ['{p}怎么绑定App', '{p}添加设备失败', '{p}App里找不到设备', '{p}绑不上账号'],
    ['how do I add the {p} to the app', 'adding {p} in the app fails', 'app cannot find the {p}', "can't link {p} to my account"],
    ['打开 App 点添加设备', 'Tap Add device in the app'],
  ),
  t(
    ['{p}发烫正常吗', '{p}很烫', '{p}用一会就发热', '{p}温度太高了'],
    ['is it normal for the {p} to get hot', '{p} is very hot', '{p} heats up after a while', 'my {p} overheats'],
    ['轻微发热属正常', 'Slight warmth is normal'],
  ),
  t(
    ['{p}防水吗', '{p}能淋雨吗', '{p}进水了怎么办', '{p}防水等级是多少'],
    ['is the {p} waterproof', 'can the {p} get wet in the rain', 'water got into my {p}', 'what is the water resistance of the {p}'],
    ['防水等级 IPX4', 'Rated IPX4'],
  ),
  t(
    ['{p}什么时候发货', '{p}几天能到', '{p}下单后多久发', '买了{p}还没发货'],
    ['when will the {p} ship', 'how many days until the {p} arrives', 'how soon do you dispatch the {p}', 'my {p} order has not shipped yet'],
    ['48 小时内发货', 'Ships within 48 hours'],
  ),
  t(
    ['{p}怎么开发票', '{p}能开专票吗', '{p}发票在哪下载', '买{p}要发票'],
    ['how do I get an invoice for the {p}', 'VAT invoice for {p}', 'where to download the {p} invoice', 'I need a receipt for my {p}'],
    ['在订单详情申请发票', 'Request it in the order details'],
  ),
  t(
    ['{p}维修多少钱', '{p}坏了修一下要多少钱', '{p}过保维修收费吗', '{p}修理费用'],
    ['how much does a {p} repair cost', 'repair price for {p}', 'do you charge to fix an out-of-warranty {p}', 'cost to repair my {p}'],
    ['过保维修按配件收费', 'Out of warranty we charge for parts'],
  ),
  t(
    ['{p}屏幕碎了', '{p}屏坏了能换吗', '{p}摔了屏幕裂了', '{p}换屏多少钱'],
    ['{p} screen is cracked', 'can you replace the {p} screen', 'I dropped my {p} and the display broke', 'price of a new screen for the {p}'],
    ['可寄修更换屏幕', 'Send it in for a screen replacement'],
  ),
  t(
    ['{p}有几种颜色', '{p}有黑色的吗', '{p}颜色怎么选', '{p}还有别的颜色吗'],
    ['what colours does the {p} come in', 'is there a black {p}', 'colour options for {p}', 'does the {p} come in other colours'],
    ['有黑白两色', 'Black and white'],
  ),
  t(
    ['{p}支持苹果手机吗', '{p}兼容安卓吗', '{p}能和iPhone一起用吗', '{p}华为手机能用吗'],
    [
      'does the {p} work with iPhone',
      'is the {p} compatible with Android',
      'can I use the {p} with an iPhone',
      'will the {p} work with my Huawei phone',
    ],
    ['iOS 与安卓都支持', 'Works with iOS and Android'],
  ),
  t(
    ['{p}耗电量大吗', '{p}一天用多少度电', '{p}功率是多少', '{p}费电吗'],
    ['how much power does the {p} use', 'energy use of the {p} per day', 'what is the wattage of the {p}', 'is the {p} expensive to run'],
    ['额定功率 45 瓦', 'Rated at 45 W'],
  ),
  t(
    ['{p}怎么设置定时', '{p}能预约吗', '{p}定时功能在哪', '让{p}自动开关'],
    ['how to set a timer on the {p}', 'can I schedule the {p}', 'where is the timer on the {p}', 'make the {p} turn on and off by itself'],
    ['在 App 里设置定时', 'Set a schedule in the app'],
  ),
  t(
    ['{p}有童锁吗', '{p}怎么开启童锁', '{p}童锁怎么解除', '小孩乱按{p}怎么办'],
    [
      'does the {p} have a child lock',
      'how to turn on the child lock on the {p}',
      'unlock the child lock on the {p}',
      'stop my kid pressing buttons on the {p}',
    ],
    ['长按锁键 3 秒', 'Hold the lock key for 3 seconds'],
  ),
  t(
    ['{p}能以旧换新吗', '{p}旧机回收', '{p}以旧换新怎么算', '旧的{p}能抵钱吗'],
    ['can I trade in my old {p}', '{p} recycling', 'how does the {p} trade-in work', 'will I get credit for an old {p}'],
    ['以旧换新最高抵 200 元', 'Trade-in credit up to 200'],
  ),
  t(
    ['{p}怎么安装', '{p}需要师傅上门装吗', '{p}安装收费吗', '{p}自己能装吗'],
    ['how do I install the {p}', 'do you send someone to install the {p}', 'is {p} installation free', 'can I set up the {p} myself'],
    ['免费上门安装', 'Free installation at home'],
  ),
  t(
    ['{p}和上一代有什么区别', '{p}比老款好在哪', '{p}新旧款对比', '{p}值得升级吗'],
    [
      'what is new in the {p} compared to the last one',
      'how is the {p} better than the old model',
      '{p} old vs new',
      'is it worth upgrading to the {p}',
    ],
    ['新款续航更长', 'The new one lasts longer'],
  ),
  t(
    ['{p}有优惠吗', '{p}什么时候降价', '{p}能便宜点吗', '{p}有没有优惠券'],
    ['is there a discount on the {p}', 'when will the {p} go on sale', 'can I get the {p} cheaper', 'any coupon for the {p}'],
    ['关注店铺领券', 'Follow the store for coupons'],
  ),
];

function t(zh: string[], en: string[], answer: [string, string]) {
  return { zh, en, answer };
}

export interface GeneratedKb {
  rows: FaqRow[];
  /** Held-out paraphrases with the key they should find, per locale. */
  queries: { zh: { text: string; key: string }[]; en: { text: string; key: string }[] };
}

/** `count` items (keys), each in zh-CN and en: the shape `trainingData` reads from the database. */
export function generateKb(count: number): GeneratedKb {
  const rows: FaqRow[] = [];
  const queries: GeneratedKb['queries'] = { zh: [], en: [] };
  let n = 0;
  for (const model of MODELS) {
    for (const [zhName, enName] of PRODUCTS) {
      for (const [ti, topic] of TOPICS.entries()) {
        if (n >= count) return { rows, queries };
        const key = `gen-${n++}`;
        const category = [zhName, `topic-${ti}`];
        for (const [locale, templates, product, answer] of [
          ['zh-CN', topic.zh, `${model}${zhName}`, topic.answer[0]],
          ['en', topic.en, `${enName} ${model}`, topic.answer[1]],
        ] as const) {
          const texts = templates.map((tpl) => tpl.replaceAll('{p}', product));
          rows.push(row(key, locale, texts.slice(0, -1), `${answer}。`, category));
          queries[locale === 'en' ? 'en' : 'zh'].push({ text: texts.at(-1)!, key });
        }
      }
    }
  }
  return { rows, queries };
}

function row(key: string, locale: 'zh-CN' | 'en', questions: string[], answer: string, category: string[]): FaqRow {
  const now = new Date(0);
  return {
    workspaceId: 'ws_bench',
    id: `faq_${key}_${locale}`,
    key,
    locale,
    question: questions[0]!,
    similar: questions.slice(1),
    answer,
    shortAnswer: null,
    category,
    tags: [],
    status: 'published',
    validFrom: null,
    validUntil: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
