import { seeded, type Made, type Rng } from './pii-corpus-values.ts';

/**
 * Addresses and look-alikes for the PII corpus. Addresses are labelled from
 * the first place name to the last number (the sentence around them is not
 * part of the span); look-alikes are numbers that are not personal: order
 * and tracking numbers, amounts, timestamps, codes, versions, bare places.
 */

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const CITIES: [string, string, string[]][] = [
  ['', '北京市', ['朝阳区', '海淀区', '东城区', '丰台区']],
  ['', '上海市', ['浦东新区', '徐汇区', '静安区', '闵行区']],
  ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区']],
  ['广东省', '广州市', ['天河区', '越秀区', '番禺区']],
  ['浙江省', '杭州市', ['西湖区', '滨江区', '余杭区']],
  ['四川省', '成都市', ['武侯区', '锦江区', '高新区']],
  ['湖北省', '武汉市', ['洪山区', '江汉区', '武昌区']],
  ['江苏省', '南京市', ['鼓楼区', '玄武区', '江宁区']],
  ['', '重庆市', ['渝中区', '江北区', '南岸区']],
  ['山东省', '青岛市', ['市南区', '崂山区']],
  ['河北省', '石家庄市', ['长安区', '桥西区']],
  ['内蒙古自治区', '呼和浩特市', ['新城区', '赛罕区']],
];
const ROADS = [
  '建国路',
  '中山路',
  '人民南路四段',
  '文三路',
  '科苑路',
  '和平路',
  '解放大道',
  '长安街',
  '南京西路',
  '天河北路',
  '深南大道',
  '淮海中路',
  '学院路',
  '东风路',
  '滨江大道',
  '五四路',
  '香港中路',
];
const ESTATES = ['阳光花园', '万科城', '翠苑小区', '碧桂园', '锦绣家园', '华润中心', '金地公寓', '望京SOHO', '世纪新村', '东方大厦'];

/** A Chinese postal address of varying depth. */
export function zhAddress(r: Rng): string {
  const [province, city, districts] = pick(r, CITIES);
  const district = pick(r, districts);
  const road = `${pick(r, ROADS)}${int(r, 1, 999)}号`;
  const building = pick(r, [`${int(r, 1, 30)}栋`, `${int(r, 1, 20)}号楼`, `${pick(r, ['A', 'B', 'C'])}座`, `${int(r, 1, 12)}幢`]);
  const unit = r() < 0.5 ? `${int(r, 1, 6)}单元` : '';
  const room = pick(r, [`${int(r, 1, 33)}0${int(r, 1, 8)}室`, `${int(r, 1, 33)}0${int(r, 1, 8)}`, `${int(r, 2, 30)}层`]);
  const estate = r() < 0.5 ? pick(r, ESTATES) : '';
  const head = pick(r, [`${province}${city}${district}`, `${city}${district}`, `${city}${district}`, district]);
  return pick(r, [
    `${head}${road}`,
    `${head}${road}${estate}${building}${unit}${room}`,
    `${head}${pick(r, ESTATES)}${building}${unit}${room}`,
    `${city}${district}${pick(r, ['张江镇', '西丽街道', '五道口街道', '龙华镇'])}${road}`,
    `${head}${road}${building}${room}`,
  ]);
}

const STREETS = [
  'Main',
  'Oak',
  'Maple',
  'Baker',
  'Market',
  'Fifth',
  'Elm',
  'Pine',
  'Sunset',
  'Mission',
  'King',
  'Queen',
  'Victoria',
  'Park',
  'Lake Shore',
  'Old Kent',
  '42nd',
];
const TYPES = ['Street', 'St', 'Avenue', 'Ave', 'Road', 'Rd', 'Blvd', 'Lane', 'Drive', 'Dr.', 'Way', 'Court', 'Place'];
const US = [
  ['San Francisco', 'CA', '941'],
  ['New York', 'NY', '100'],
  ['Seattle', 'WA', '981'],
  ['Austin', 'TX', '787'],
  ['Chicago', 'IL', '606'],
  ['Boston', 'MA', '021'],
] as const;
const UK = [
  ['London', 'SW1A 2AA'],
  ['Manchester', 'M1 1AE'],
  ['Leeds', 'LS1 4DY'],
  ['Bristol', 'BS1 5TR'],
] as const;

/** An English postal address: street line, optional unit, city / state / ZIP or postcode. */
export function enAddress(r: Rng): string {
  const line = `${int(r, 1, 9999)}${r() < 0.1 ? 'B' : ''} ${pick(r, STREETS)} ${pick(r, TYPES)}`;
  const unit = pick(r, ['', '', `, Apt ${int(r, 1, 40)}${pick(r, ['', 'B', 'C'])}`, ` Suite ${int(r, 100, 990)}`, `, Unit ${int(r, 1, 20)}`]);
  const [city, state, zip] = pick(r, US);
  const [ukCity, postcode] = pick(r, UK);
  return pick(r, [
    `${line}${unit}`,
    `${line}${unit}, ${city}, ${state} ${zip}${digits(r, 2)}`,
    `${line}, ${city}, ${state} ${zip}${digits(r, 2)}`,
    `${line}, ${city}, ${state}`,
    `${line}, ${ukCity} ${postcode}`,
    `Flat ${int(r, 1, 12)}, ${line}, ${ukCity} ${postcode}`,
  ]);
}

const negatives: Record<string, (r: Rng) => string> = {
  order: (r) =>
    pick(r, [
      `2026${pick(r, ['11', '10', '09'])}${digits(r, 2)}${digits(r, 6)}`,
      `2026112${digits(r, 11)}`,
      `DS${digits(r, 13)}`,
      `${digits(r, 1).replace('0', '7')}${digits(r, 11)}`,
    ]),
  amount: (r) =>
    pick(r, [
      `¥${int(r, 10000, 99999)}.${digits(r, 2)}`,
      `￥${int(r, 100, 99999)}`,
      `$${int(r, 1, 9)},${digits(r, 3)}.${digits(r, 2)}`,
      `${int(r, 1000, 99999)}元`,
      `RMB ${int(r, 1000, 99999)}.00`,
    ]),
  timestamp: (r) =>
    pick(r, [
      `${int(r, 1700000000, 1799999999)}${digits(r, 3)}`,
      `${int(r, 1700000000, 1799999999)}`,
      `2026-11-${int(r, 10, 28)} ${int(r, 10, 23)}:${int(r, 10, 59)}:${int(r, 10, 59)}`,
      `2026/11/${int(r, 10, 28)}`,
      `2026.11.${int(r, 10, 28)}`,
      `20261121${int(r, 10, 23)}${int(r, 10, 59)}${int(r, 10, 59)}`,
    ]),
  tracking: (r) =>
    pick(r, [
      `SF${digits(r, 13)}`,
      `YT${digits(r, 13)}`,
      `JDVA${digits(r, 11)}`,
      `75${digits(r, 12)}`,
      `773${digits(r, 12)}`,
      `43${digits(r, 11)}`,
      `EA${digits(r, 9)}CN`,
      `1Z${digits(r, 16)}`,
      `${pick(r, ['13', '15', '18'])}${digits(r, 9)}`,
    ]),
  code: (r) => digits(r, pick(r, [4, 6, 6, 6])),
  version: (r) =>
    pick(r, [
      `v${int(r, 1, 5)}.${int(r, 0, 20)}.${int(r, 0, 9)}`,
      `${int(r, 1, 5)}.${int(r, 0, 20)}.${int(r, 0, 9)}.${int(r, 0, 999)}`,
      `iOS ${int(r, 15, 18)}.${int(r, 0, 6)}`,
    ]),
  sku: (r) => pick(r, [`690${digits(r, 10)}`, `SKU-${digits(r, 8)}`, `B0${digits(r, 8)}`]),
  place: (r) => pick(r, ['北京市朝阳区', '上海浦东', '深圳市南山区', '杭州西湖', '成都', 'New York', 'London', 'San Francisco']),
  qty: (r) => `${int(r, 2, 50)}`,
  time: (r) => `${int(r, 8, 21)}:${pick(r, ['00', '30', '15', '45'])}`,
};

/** Fill a look-alike slot: the value, never labelled. */
export function makeNegative(slot: string, r: Rng): Made | null {
  const make = negatives[slot];
  return make ? { value: make(r), kind: null } : null;
}

export const addressMakers: Record<string, (r: Rng) => Made> = {
  addr_zh: (r) => ({ value: zhAddress(r), kind: 'address' }),
  addr_en: (r) => ({ value: enAddress(r), kind: 'address' }),
};

export { seeded };
