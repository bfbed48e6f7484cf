import type { Detector, Found } from './detect-text.ts';

/**
 * Postal addresses in running text. Chinese ones are read as a run of
 * components — a name and its suffix (省, 市, 区, 街道, 路, 小区…) or a number
 * and its unit (88号, 3栋, 2单元, 501室) — so the span starts at the first
 * place name, not at "我住在". English ones are a house number, a street
 * name and its type (St, Ave, Road…), an optional unit, city, state and
 * ZIP / postcode. A lone city or district ("北京市朝阳区") is a place, not an address.
 */

/** Characters that end a place name leftwards: pronouns, verbs and particles around an address. */
const STOP = '我你他她它们的了与及或请把从往为吧呢吗啊哦呀嘛在住到是于寄送去过给址订单让要想能就也还只已将被这那哪么什收填写改换说问帮麻烦谢您位个次';
const NAME = `[[\\p{Script=Han}·]--[${STOP}]]`;
const ADMIN = '自治区|特别行政区|自治州|地区|省|市|区|县|旗|盟';
const TOWN = '街道|镇|乡';
const STREET = '大道|大街|胡同|路|街|巷|弄|里';
const ESTATE = '小区|花园|公寓|大厦|家园|广场|新村|村|苑|园区|园|中心|城';
const UNIT = '号院|号楼|号|栋|幢|座|单元|层|楼|室|房|段|期|区|组|排';
const NUMBER = '(?:[A-Za-z]?\\d{1,5}(?:-\\d{1,5})*[A-Za-z]?|[A-Za-z]|[一二三四五六七八九十]{1,3})';
/** Group 1: a place name with its suffix (or a building called like 望京SOHO); otherwise a number with its unit. */
const COMPONENT = new RegExp(
  `(${NAME}{1,10}?(?:${ADMIN}|${TOWN}|${STREET}|${ESTATE})+|${NAME}{1,6}[A-Z]{2,8}(?=\\d))|${NUMBER}(?:${UNIT}|弄|巷)`,
  'gv',
);
const PROVINCE =
  /北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门/u;

type Part = { start: number; end: number; named: boolean; local: boolean };

function classify(m: RegExpExecArray): Part {
  const text = m[0];
  const named = m[1] !== undefined;
  const admin = named && new RegExp(`(?:${ADMIN})$`).test(text);
  return { start: m.index, end: m.index + text.length, named, local: !admin };
}

/** Whether a run of components is an address: a street-level part and a second part, or three numbered parts. */
function isAddress(run: Part[]): boolean {
  const named = run.filter((p) => p.named).length;
  if (named === 0) return run.length >= 3;
  return run.length >= 2 && run.some((p) => p.local);
}

function* zhRuns(norm: string): Iterable<Part[]> {
  let run: Part[] = [];
  for (const m of norm.matchAll(COMPONENT)) {
    const part = classify(m);
    const last = run.at(-1);
    if (last && (part.start === last.end || (part.start === last.end + 1 && norm[last.end] === ' '))) run.push(part);
    else {
      if (run.length) yield run;
      run = [part];
    }
  }
  if (run.length) yield run;
}

function* detectZh(text: string, norm: string): Iterable<Found> {
  for (const run of zhRuns(norm)) {
    if (!isAddress(run)) continue;
    let start = run[0]!.start;
    const province = PROVINCE.exec(norm.slice(start, run[0]!.end));
    if (province && province.index > 0) start += province.index;
    else if (/[改换变写]成$/u.test(norm.slice(Math.max(0, start - 1), start + 1))) start++;
    let end = run.at(-1)!.end;
    if (!run.at(-1)!.named) end += /^\d{2,5}(?!\d)/.exec(norm.slice(end))?.[0].length ?? 0;
    yield { start, end, value: text.slice(start, end) };
  }
}

const HOUSE = String.raw`\d{1,6}[A-Za-z]?(?:-\d{1,4})?`;
const WORD = String.raw`(?:[A-Z][A-Za-z'’]*\.?|\d{1,3}(?:st|nd|rd|th))`;
const TYPE = String.raw`(?:(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Way|Terrace|Parkway|Highway|Square|Circle|Crescent|Close|Row|Plaza)\b|(?:St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Pkwy|Hwy|Sq)\b(?:\.(?!\s+(?!(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Room)\b)[A-Z]))?)`;
const UNIT_EN = String.raw`(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|Room|Rm|#)\.?\s*#?[A-Za-z0-9-]{1,6}`;
const CITY = String.raw`[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2}`;
const POSTCODE = String.raw`(?:\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})`;
const EN = new RegExp(
  String.raw`(?<![\w])(?:${UNIT_EN},?\s+)?${HOUSE}\s+(?:${WORD}\s+){1,4}${TYPE}(?:,?\s+${UNIT_EN})?` +
    String.raw`(?:,\s*${CITY}(?:,\s*[A-Z]{2})?,?\s+${POSTCODE}|,\s*${CITY},\s*[A-Z]{2}\b)?(?![\w])`,
  'g',
);

function* detectEn(text: string, norm: string): Iterable<Found> {
  for (const m of norm.matchAll(EN)) yield { start: m.index, end: m.index + m[0].length, value: text.slice(m.index, m.index + m[0].length) };
}

export const detectAddress: Detector = function* (text, norm) {
  yield* detectZh(text, norm);
  yield* detectEn(text, norm);
};

/**
 * How much of a Chinese address names the province and city (kept when masked).
 * @example addressHeadLength('广东省深圳市南山区科技路1号') // 6
 */
export function addressHeadLength(value: string): number {
  return /^(?:[^省市区]{2,7}?(?:省|自治区|特别行政区))?(?:[^省市区]{2,7}?(?:市|自治州|盟|地区))?/u.exec(value)?.[0].length ?? 0;
}
