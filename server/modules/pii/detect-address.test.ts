import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

const addresses = (text: string) =>
  detectPii(text)
    .filter((s) => s.kind === 'address')
    .map((s) => s.value);

describe('Chinese addresses in running text', () => {
  it.each([
    ['我住在北京市朝阳区建国路88号院3号楼2单元501，明天送', ['北京市朝阳区建国路88号院3号楼2单元501']],
    ['收货地址：广东省深圳市南山区科苑路15号科兴科学园B栋4单元1201室 张三', ['广东省深圳市南山区科苑路15号科兴科学园B栋4单元1201室']],
    ['地址是上海市浦东新区张江镇祖冲之路887弄82号', ['上海市浦东新区张江镇祖冲之路887弄82号']],
    ['我家在石家庄市长安区和平路100号', ['石家庄市长安区和平路100号']],
    ['成都市武侯区人民南路四段1号', ['成都市武侯区人民南路四段1号']],
    ['地址改成朝阳区中山路611号吧', ['朝阳区中山路611号']],
    ['阳光花园二期3栋1802', ['阳光花园二期3栋1802']],
    ['寄到武汉市洪山区滨江大道198号望京SOHO7幢5单元1104室，谢谢', ['武汉市洪山区滨江大道198号望京SOHO7幢5单元1104室']],
    ['北京市朝阳区有门店吗', []],
    ['请到3楼2号窗口办理', []],
    ['地铁2号线3号出口见', []],
    ['12月3号下午有人在家', []],
    ['我在超市买了东西', []],
  ])('%s → %j', (text, expected) => {
    expect(addresses(text)).toEqual(expected);
  });
});

describe('English addresses in running text', () => {
  it.each([
    ['Ship to 350 Fifth Avenue, New York, NY 10118 please.', ['350 Fifth Avenue, New York, NY 10118']],
    ['Flat 2, 10 Downing Street, London SW1A 2AA', ['Flat 2, 10 Downing Street, London SW1A 2AA']],
    ['I moved to 221B Baker Street last month', ['221B Baker Street']],
    ['Billing: 1600 Amphitheatre Pkwy, Mountain View, CA 94043', ['1600 Amphitheatre Pkwy, Mountain View, CA 94043']],
    ['send it to 742 Evergreen Terrace, Apt 3B, Springfield, IL', ['742 Evergreen Terrace, Apt 3B, Springfield, IL']],
    ['Billing address: 98 Old Kent Dr. Suite 760, Chicago, IL 60651', ['98 Old Kent Dr. Suite 760, Chicago, IL 60651']],
    ['My new address is 3390 Oak St. Please update the order.', ['3390 Oak St']],
    ['Our store is on Main Street', []],
    ['I ordered 3 items on Monday', []],
    ['Do you deliver to New York?', []],
  ])('%s → %j', (text, expected) => {
    expect(addresses(text)).toEqual(expected);
  });
});
