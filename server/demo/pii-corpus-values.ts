/**
 * Value makers for the PII corpus (`pii-corpus-build.ts`): each slot name
 * yields a value and the kind it is, or null for look-alikes that are not
 * personal information (order numbers, amounts, codes, wrong checksums).
 * Checksums are computed here on their own, not with the detectors' code,
 * so the corpus does not inherit their bugs.
 */

export type Rng = () => number;

/** Small seeded generator (mulberry32), so the corpus is reproducible. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const fullWidth = (s: string) => s.replace(/[0-9+-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

export type Made = { value: string; kind: string | null };
type Maker = (r: Rng) => Made;

function mobileDigits(r: Rng): string {
  return pick(r, ['138', '139', '135', '150', '158', '186', '188', '177', '199', '166', '131', '152', '187', '147', '173']) + digits(r, 8);
}

const mobile: Maker = (r) => {
  const d = mobileDigits(r);
  const spaced = `${d.slice(0, 3)} ${d.slice(3, 7)} ${d.slice(7)}`;
  const dashed = `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
  const value = pick(r, [d, d, d, spaced, dashed, `+86 ${d}`, `+86${d}`, `+86 ${dashed}`, `0086 ${d}`, `(+86) ${spaced}`.slice(6), fullWidth(d)]);
  return { value, kind: 'mobile' };
};

const landline: Maker = (r) => {
  const local8 = `${int(r, 2, 8)}${digits(r, 7)}`;
  const local7 = `${int(r, 2, 8)}${digits(r, 6)}`;
  const value = pick(r, [
    `010-${local8}`,
    `021-${local8}`,
    `(0755)${local7}`,
    `(0755)${local8}`,
    `0571-${local8}`,
    `020 ${local8.slice(0, 4)} ${local8.slice(4)}`,
    `021 ${local8.slice(0, 4)} ${local8.slice(4)} 转 ${int(r, 100, 8999)}`,
    `010-${local8}转${int(r, 10, 999)}`,
    `028-${local8}`,
    `400-${int(r, 100, 999)}-${digits(r, 4)}`,
    `800-${int(r, 100, 999)}-${digits(r, 4)}`,
    `4008${digits(r, 6)}`,
    `（0512）${local8}`,
  ]);
  return { value, kind: 'landline' };
};

const intlPhone: Maker = (r) => {
  const value = pick(r, [
    `+1 ${int(r, 201, 989)} 555 ${digits(r, 4)}`,
    `+1 (${int(r, 201, 989)}) 555-${digits(r, 4)}`,
    `+1-${int(r, 201, 989)}-${int(r, 200, 989)}-${digits(r, 4)}`,
    `+44 20 7946 ${digits(r, 4)}`,
    `+44 7700 900${digits(r, 3)}`,
    `+81 3-${digits(r, 4)}-${digits(r, 4)}`,
    `+65 ${int(r, 6, 9)}${digits(r, 3)} ${digits(r, 4)}`,
    `+852 ${int(r, 2, 9)}${digits(r, 3)} ${digits(r, 4)}`,
    `+61 2 ${digits(r, 4)} ${digits(r, 4)}`,
    `+49 30 ${digits(r, 8)}`,
    `0044 20 7946 ${digits(r, 4)}`,
    `(${int(r, 201, 989)}) ${int(r, 200, 989)}-${digits(r, 4)}`,
    `${int(r, 201, 989)}-${int(r, 200, 989)}-${digits(r, 4)}`,
  ]);
  return { value, kind: 'intl_phone' };
};

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idCheck(body: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body[i]) * ID_W[i]!;
  return '10X98765432'[s % 11]!;
}
const REGIONS = [
  '110105',
  '110108',
  '310104',
  '310115',
  '440305',
  '440106',
  '510107',
  '330106',
  '420106',
  '320102',
  '370202',
  '500103',
  '610113',
  '350203',
  '620102',
];
function idBody(r: Rng): string {
  const y = int(r, 1950, 2006);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return `${pick(r, REGIONS)}${y}${pad(m, 2)}${pad(d, 2)}${digits(r, 3)}`;
}

const cnId: Maker = (r) => {
  const body = idBody(r);
  let id = body + idCheck(body);
  if (r() < 0.1) id = id.toLowerCase();
  const value = r() < 0.15 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id;
  return { value, kind: 'cn_id' };
};

/** Right shape, wrong checksum: not an ID. */
const badId: Maker = (r) => {
  const body = idBody(r);
  const right = idCheck(body);
  const wrong = pick(
    r,
    [...'0123456789X'].filter((c) => c !== right),
  );
  return { value: body + wrong, kind: null };
};

const cnId15: Maker = (r) => {
  const body = `${pick(r, REGIONS)}${pad(int(r, 40, 89), 2)}${pad(int(r, 1, 12), 2)}${pad(int(r, 1, 28), 2)}${digits(r, 3)}`;
  return { value: body, kind: 'cn_id' };
};

function luhnDigit(body: string): string {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    s += d;
  }
  return String((10 - (s % 10)) % 10);
}

function cardNumber(r: Rng): string {
  const [prefix, length] = pick(r, [
    ['622202', 16],
    ['622848', 19],
    ['621700', 19],
    ['621483', 16],
    ['622588', 16],
    ['625807', 16],
    ['4', 16],
    ['4', 16],
    ['51', 16],
    ['55', 16],
    ['2223', 16],
    ['37', 15],
    ['3528', 16],
  ] as const);
  const body = prefix + digits(r, length - prefix.length - 1);
  return body + luhnDigit(body);
}

const group4 = (d: string, sep: string) => d.replace(/(\d{4})(?=\d)/g, `$1${sep}`);

const card: Maker = (r) => {
  const d = cardNumber(r);
  const value = d.length === 15 ? pick(r, [d, `${d.slice(0, 4)} ${d.slice(4, 10)} ${d.slice(10)}`]) : pick(r, [d, d, group4(d, ' '), group4(d, '-')]);
  return { value, kind: 'bank_card' };
};

/** A card-shaped number failing Luhn: not a card. */
const badCard: Maker = (r) => {
  const d = cardNumber(r);
  const last = (Number(d.at(-1)) + int(r, 1, 9)) % 10;
  const bad = d.slice(0, -1) + last;
  return { value: r() < 0.5 ? bad : group4(bad, ' '), kind: null };
};

const NAMES = [
  'li.lei',
  'hanmeimei',
  'zhang_wei88',
  'wang.fang',
  'chen.jing',
  'liuyang1990',
  'amy.wong',
  'john.smith',
  'sarah.k',
  'm.garcia',
  'tom+orders',
  'xiaoming',
  'support.team',
  'k.tanaka',
];
const DOMAINS = [
  'qq.com',
  '163.com',
  '126.com',
  'gmail.com',
  'outlook.com',
  'foxmail.com',
  'sina.com',
  'yahoo.co.uk',
  'example.com',
  'shop.example.cn',
  'corp.example.org',
  'mail.tsinghua.edu.cn',
];
const email: Maker = (r) => {
  const local = r() < 0.2 ? `${int(r, 10000, 99999999)}` : pick(r, NAMES);
  return { value: `${local}@${pick(r, DOMAINS)}`, kind: 'email' };
};
const emailEncoded: Maker = (r) => ({ value: `${pick(r, NAMES)}%40${pick(r, DOMAINS)}`, kind: 'email' });

const ipv4: Maker = (r) => {
  const first = pick(r, [10, 172, 192, 58, 101, 114, 120, 203, 8, 223]);
  return { value: `${first}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`, kind: 'ip' };
};
const ipv6: Maker = (r) => {
  const h = () => int(r, 0, 0xffff).toString(16);
  const value = pick(r, [
    `2001:db8::${h()}:${h()}`,
    `240e:${h()}:${h()}:${h()}::${h()}`,
    `fe80::${h()}:${h()}:${h()}:${h()}`,
    `2408:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`,
  ]);
  return { value, kind: 'ip' };
};

const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const passport: Maker = (r) => {
  const value = pick(r, [
    `E${digits(r, 8)}`,
    `E${pick(r, [...LETTERS])}${digits(r, 7)}`,
    `G${digits(r, 8)}`,
    `C${digits(r, 8)}`,
    `C${pick(r, [...LETTERS])}${digits(r, 7)}`,
  ]);
  return { value, kind: 'passport' };
};
/** Foreign passports have no recognisable shape; the corpus puts them after a cue word. */
const passportOther: Maker = (r) => ({
  value: pick(r, [digits(r, 9), `${pick(r, [...LETTERS])}${digits(r, 8)}`, `${pick(r, [...LETTERS])}${pick(r, [...LETTERS])}${digits(r, 7)}`]),
  kind: 'passport',
});

const PROV = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼'];
const plate: Maker = (r) => {
  const head = `${pick(r, PROV)}${pick(r, [...LETTERS])}`;
  const tail5 = () => {
    const chars = Array.from({ length: 5 }, () => String(int(r, 0, 9)));
    if (r() < 0.4) chars[int(r, 0, 2)] = pick(r, [...LETTERS]);
    return chars.join('');
  };
  const value = pick(r, [
    `${head}${tail5()}`,
    `${head}${tail5()}`,
    `${head}·${tail5()}`,
    `${head}·D${digits(r, 5)}`,
    `${head}F${digits(r, 5)}`,
    `${head}${digits(r, 5)}D`,
    `${head}${digits(r, 4)}学`,
    `${head}${digits(r, 4)}警`,
  ]);
  return { value, kind: 'plate' };
};

export const makers: Record<string, Maker> = {
  mobile,
  landline,
  intl: intlPhone,
  id: cnId,
  id15: cnId15,
  bad_id: badId,
  card,
  bad_card: badCard,
  email,
  email_enc: emailEncoded,
  ip: ipv4,
  ip6: ipv6,
  passport,
  passport_other: passportOther,
  plate,
};
