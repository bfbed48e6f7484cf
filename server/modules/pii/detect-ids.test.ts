import { describe, expect, it } from 'vitest';
import { detectPii, isResidentId, isValidCnId, passesLuhn, type PiiKind } from './index.ts';

const found = (text: string) => detectPii(text).map((s) => [s.kind, s.value] as [PiiKind, string]);

describe('resident IDs', () => {
  it.each([
    ['身份证号11010519491231002X', '11010519491231002X'],
    ['身份证 11010519491231002x 实名失败', '11010519491231002x'],
    ['ID 110105 19491231 002X', '110105 19491231 002X'],
    ['证件号码440305199003071234?', null],
    ['身份证110105194912310021', null],
    ['202611211234567890 是订单号', null],
    ['订单 202611200711084886 什么时候到', null],
    ['身份证号 110105491231002', '110105491231002'],
    ['编号 110105491231002', null],
  ])('%s → %s', (text, id) => {
    expect(found(text).filter(([k]) => k === 'cn_id')).toEqual(id ? [['cn_id', id]] : []);
  });

  it('checks the GB 11643 checksum and the birth date', () => {
    expect(isValidCnId('11010519491231002X')).toBe(true);
    expect(isValidCnId('110105194912310021')).toBe(false);
    expect(isResidentId('11010519491231002X')).toBe(true);
    expect(isResidentId('11010519491331002X')).toBe(false);
  });
});

describe('bank cards', () => {
  it.each([
    ['退款到卡号6222020000000007', '6222020000000007'],
    ['卡号 6222 0200 0000 0007 工行', '6222 0200 0000 0007'],
    ['card 4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['Visa 4111111111111111 charged twice', '4111111111111111'],
    ['Amex 378282246310005', '378282246310005'],
    ['Amex 3782 822463 10005', '3782 822463 10005'],
    ['农行 6228480402564890018', '6228480402564890018'],
    ['卡号 6222020000000006 不对', null],
    ['4111 1111 1111 1112', null],
    ['订单号 6222020000000007', null],
    ['2026112112345678', null],
    ['条码 6901234567892', null],
    ['这个号码350203199306146659是身份证吗？', null],
  ])('%s → %s', (text, card) => {
    expect(found(text).filter(([k]) => k === 'bank_card')).toEqual(card ? [['bank_card', card]] : []);
  });

  it('runs Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });
});

describe('passports and permits', () => {
  it.each([
    ['护照号E12345678', 'E12345678'],
    ['passport EA1234567 for my mother', 'EA1234567'],
    ['新版护照 G12345678', 'G12345678'],
    ['港澳通行证 C12345678', 'C12345678'],
    ['通行证 CA1234567 过期了', 'CA1234567'],
    ['Passport number: 533123456', '533123456'],
    ['My passport no. K12345678 expires', 'K12345678'],
    ['护照号码：X1234567', 'X1234567'],
    ['EMS EA123456789CN 到了', null],
    ['型号E1234567', null],
    ['order 533123456', null],
  ])('%s → %s', (text, passport) => {
    expect(found(text).filter(([k]) => k === 'passport')).toEqual(passport ? [['passport', passport]] : []);
  });
});
