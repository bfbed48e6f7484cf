import { describe, expect, it } from 'vitest';
import { assertTimezone, extractDates, parseZhNumber, todayIn } from './dates.ts';
import { foldText } from './text.ts';

/** Friday 2026-11-20, noon in Shanghai. */
const FRIDAY = new Date('2026-11-20T04:00:00Z');
/** Sunday 2026-11-22, noon in Shanghai. */
const SUNDAY = new Date('2026-11-22T04:00:00Z');

/** The longest date mention in `text`, as the entity extractor would keep it. */
function dateIn(text: string, now = FRIDAY, timezone = 'Asia/Shanghai') {
  const found = extractDates(foldText(text), now, timezone).sort((a, b) => b.end - b.start - (a.end - a.start));
  return found[0] && { text: text.slice(found[0].start, found[0].end), value: found[0].value };
}

describe('parseZhNumber', () => {
  it.each([
    ['7', 7],
    ['15.5', 15.5],
    ['一', 1],
    ['两', 2],
    ['十', 10],
    ['十五', 15],
    ['二十', 20],
    ['二十三', 23],
    ['两百', 200],
    ['一百零五', 105],
    ['一百二', 120],
    ['三千五百', 3500],
    ['三千五', 3500],
    ['一千零二十', 1020],
    ['两万五', 25000],
    ['三百五十万', 3_500_000],
    ['一亿两千万', 120_000_000],
    ['1.5万', 15000],
    ['3千5', 3500],
    ['二〇二六', 2026],
  ])('%s = %d', (text, value) => {
    expect(parseZhNumber(text)).toBe(value);
  });

  it.each(['', '一下', '百分', 'abc', '十块'])('%j is not a number', (text) => {
    expect(parseZhNumber(text)).toBeUndefined();
  });
});

describe('extractDates on Friday 2026-11-20 (Asia/Shanghai)', () => {
  it.each([
    // absolute
    ['2026-11-20', '2026-11-20', '2026-11-20'],
    ['发货日期 2026/11/20', '2026/11/20', '2026-11-20'],
    ['2026.3.5 下的单', '2026.3.5', '2026-03-05'],
    ['2026年11月20日', '2026年11月20日', '2026-11-20'],
    ['二〇二六年十一月二十日', '二〇二六年十一月二十日', '2026-11-20'],
    ['11月20日能到吗', '11月20日', '2026-11-20'],
    ['11月20号下的单', '11月20号', '2026-11-20'],
    ['十二月一号', '十二月一号', '2026-12-01'],
    ['明年3月1日', '明年3月1日', '2027-03-01'],
    ['去年12月5号买的', '去年12月5号', '2025-12-05'],
    ['20号能发货吗', '20号', '2026-11-20'],
    ['二十三号', '二十三号', '2026-11-23'],
    ['5号', '5号', '2026-12-05'],
    ['Nov 20', 'Nov 20', '2026-11-20'],
    ['on November 3rd', 'November 3rd', '2026-11-03'],
    ['20 November 2026', '20 November 2026', '2026-11-20'],
    ['the 2nd of december', '2nd of december', '2026-12-02'],
    ['Dec. 24, 2026', 'Dec. 24, 2026', '2026-12-24'],
    ['arrive 5 May', '5 May', '2027-05-05'],
    ['11/20', '11/20', '2026-11-20'],
    ['20/11/2026', '20/11/2026', '2026-11-20'],
    ['1/2/27', '1/2/27', '2027-01-02'],
    ['1月31日', '1月31日', '2027-01-31'],
    // relative, Chinese
    ['今天', '今天', '2026-11-20'],
    ['明天能到吗', '明天', '2026-11-21'],
    ['后天', '后天', '2026-11-22'],
    ['大后天', '大后天', '2026-11-23'],
    ['昨天下的单', '昨天', '2026-11-19'],
    ['前天', '前天', '2026-11-18'],
    ['上周三', '上周三', '2026-11-11'],
    ['这周五', '这周五', '2026-11-20'],
    ['本周一', '本周一', '2026-11-16'],
    ['下周一', '下周一', '2026-11-23'],
    ['下个星期五', '下个星期五', '2026-11-27'],
    ['下下周二', '下下周二', '2026-12-01'],
    ['周日', '周日', '2026-11-22'],
    ['礼拜天', '礼拜天', '2026-11-22'],
    ['星期四', '星期四', '2026-11-26'],
    ['周五', '周五', '2026-11-20'],
    ['下周', '下周', '2026-11-23'],
    ['上个星期', '上个星期', '2026-11-09'],
    ['周末', '周末', '2026-11-21'],
    ['下周末', '下周末', '2026-11-28'],
    ['下个月5号', '下个月5号', '2026-12-05'],
    ['上个月', '上个月', '2026-10-01'],
    ['本月', '本月', '2026-11-01'],
    ['三天后', '三天后', '2026-11-23'],
    ['3天前', '3天前', '2026-11-17'],
    ['十天之后', '十天之后', '2026-11-30'],
    ['两周后', '两周后', '2026-12-04'],
    ['一个月后', '一个月后', '2026-12-20'],
    ['两个月前', '两个月前', '2026-09-20'],
    ['明天後天', '明天', '2026-11-21'],
    // relative, English
    ['today', 'today', '2026-11-20'],
    ['Tomorrow please', 'Tomorrow', '2026-11-21'],
    ['yesterday', 'yesterday', '2026-11-19'],
    ['the day after tomorrow', 'the day after tomorrow', '2026-11-22'],
    ['next Friday', 'next Friday', '2026-11-27'],
    ['last Monday', 'last Monday', '2026-11-09'],
    ['this Wednesday', 'this Wednesday', '2026-11-18'],
    ['on Sunday', 'Sunday', '2026-11-22'],
    ['in 3 days', 'in 3 days', '2026-11-23'],
    ['in two weeks', 'in two weeks', '2026-12-04'],
    ['2 days ago', '2 days ago', '2026-11-18'],
    ['a week ago', 'a week ago', '2026-11-13'],
    ['next week', 'next week', '2026-11-23'],
    ['last month', 'last month', '2026-10-01'],
    ['this weekend', 'this weekend', '2026-11-21'],
  ])('%s', (text, mention, value) => {
    expect(dateIn(text)).toEqual({ text: mention, value });
  });

  it.each([
    '等一下',
    '一直没到',
    '3号线地铁站',
    '5号电池',
    '2号楼',
    '500日元',
    '三日',
    '这个月饼好吃',
    '一周一次',
    '等了三天',
    'it may be late',
    'these 2 may be faulty',
    'you may 2x the order',
    '2月30日',
    '13/13',
    'I bought 3 items',
    'version 1.2.3',
    'mar',
  ])('no date in %j', (text) => {
    expect(dateIn(text)).toBeUndefined();
  });
});

describe('extractDates conventions', () => {
  it('a weekend asked about on Sunday is today; 这周五 on Sunday is already past', () => {
    expect(dateIn('周末', SUNDAY)?.value).toBe('2026-11-22');
    expect(dateIn('这周五', SUNDAY)?.value).toBe('2026-11-20');
    expect(dateIn('下周一', SUNDAY)?.value).toBe('2026-11-23');
  });

  it('resolves "today" in the workspace timezone, not the server’s', () => {
    const lateUtc = new Date('2026-11-20T17:00:00Z'); // 01:00 on the 21st in Shanghai, noon on the 20th in New York
    expect(dateIn('今天', lateUtc, 'Asia/Shanghai')?.value).toBe('2026-11-21');
    expect(dateIn('today', lateUtc, 'America/New_York')?.value).toBe('2026-11-20');
    expect(todayIn(lateUtc, 'Europe/London')).toBe(Date.UTC(2026, 10, 20));
  });

  it('month arithmetic clamps to the end of a shorter month', () => {
    expect(dateIn('一个月后', new Date('2027-01-31T04:00:00Z'))?.value).toBe('2027-02-28');
    expect(dateIn('in 1 month', new Date('2028-01-31T04:00:00Z'))?.value).toBe('2028-02-29');
  });

  it('a date without a year takes the nearest year, a day alone the nearest month', () => {
    const newYearsEve = new Date('2026-12-31T04:00:00Z');
    expect(dateIn('1月3号', newYearsEve)?.value).toBe('2027-01-03');
    expect(dateIn('12月25日', newYearsEve)?.value).toBe('2026-12-25');
    expect(dateIn('2号', newYearsEve)?.value).toBe('2027-01-02');
    expect(dateIn('28号', newYearsEve)?.value).toBe('2026-12-28');
  });

  it('an unknown timezone is a clear error', () => {
    expect(() => assertTimezone('Mars/Olympus')).toThrow(/Unknown timezone "Mars\/Olympus"/);
    expect(() => assertTimezone('Asia/Shanghai')).not.toThrow();
  });
});
