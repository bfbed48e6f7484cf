import { describe, expect, it } from 'vitest';
import { detectPii, type PiiKind } from './index.ts';

const only = (text: string, kind: PiiKind) =>
  detectPii(text)
    .filter((s) => s.kind === kind)
    .map((s) => s.value);

describe('emails', () => {
  it.each([
    ['发票请发到 li.lei@qq.com 谢谢', ['li.lei@qq.com']],
    ['邮箱：zhang_wei88@mail.tsinghua.edu.cn。', ['zhang_wei88@mail.tsinghua.edu.cn']],
    ['mailto:tom+orders@example.com', ['tom+orders@example.com']],
    ['https://news.example.com/optout?user=amy.wong%40gmail.com&t=1', ['amy.wong%40gmail.com']],
    ['全角邮箱ｌｉ＠ｑｑ．ｃｏｍ', ['ｌｉ＠ｑｑ．ｃｏｍ']],
    ['@zhangsan 你看一下', []],
    ['https://shop.example.com/item/123', []],
    ['version@2.0', []],
  ])('%s → %j', (text, emails) => {
    expect(only(text, 'email')).toEqual(emails);
  });
});

describe('IP addresses', () => {
  it.each([
    ['登录IP显示192.168.1.20，不是我', ['192.168.1.20']],
    ['server 8.8.8.8 timed out', ['8.8.8.8']],
    ['IPv6 2001:db8::8a2e:370:7334 连不上', ['2001:db8::8a2e:370:7334']],
    ['fe80::1ff:fe23:4567:890a%eth0', ['fe80::1ff:fe23:4567:890a']],
    ['版本 v1.2.3.4', []],
    ['APP版本2.10.3', []],
    ['日期 2026.11.21', []],
    ['10:30:45 到', []],
    ['MAC 00:1A:2B:3C:4D:5E', []],
    ['256.1.1.1', []],
  ])('%s → %j', (text, ips) => {
    expect(only(text, 'ip')).toEqual(ips);
  });
});
