import { describe, expect, it } from 'vitest';
import { detectPii } from './index.ts';

const plates = (text: string) =>
  detectPii(text)
    .filter((s) => s.kind === 'plate')
    .map((s) => s.value);

describe('licence plates', () => {
  it.each([
    ['车牌京A12345停在B2', ['京A12345']],
    ['粤B·D12345 新能源', ['粤B·D12345']],
    ['粤BD12345进不了小区', ['粤BD12345']],
    ['沪A12345F', ['沪A12345F']],
    ['京A·8H2K9', ['京A·8H2K9']],
    ['教练车 川A1234学', ['川A1234学']],
    ['警车 京A1234警', ['京A1234警']],
    ['使馆车 使014578', ['使014578']],
    ['京ABCDEF 不是车牌', []],
    ['京A1234 太短', []],
    ['浙江A12345的订单', []],
  ])('%s → %j', (text, expected) => {
    expect(plates(text)).toEqual(expected);
  });
});
