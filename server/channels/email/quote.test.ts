import { describe, expect, it } from 'vitest';
import { messageIds } from './parse.ts';
import { stripQuotedReply } from './quote.ts';

describe('stripQuotedReply', () => {
  it.each([
    ['no history', 'Where is my order?', 'Where is my order?', null],
    [
      'Gmail history',
      'Thanks!\n\nOn Mon, 1 Jan 2024 at 10:00, Shop <s@shop.test> wrote:\n> Shipped.',
      'Thanks!',
      'On Mon, 1 Jan 2024 at 10:00, Shop <s@shop.test> wrote:\n> Shipped.',
    ],
    [
      'Gmail history wrapped over two lines',
      'Thanks!\n\nOn Mon, 1 Jan 2024 at 10:00, Shop Support <support@shop.test>\nwrote:\n> Shipped.',
      'Thanks!',
      expect.stringContaining('wrote:'),
    ],
    [
      'Chinese client history',
      '收到，谢谢\n\n在 2024年1月1日 10:00，客服 <s@shop.test> 写道：\n> 已发货',
      '收到，谢谢',
      expect.stringContaining('写道'),
    ],
    ['Outlook history', 'OK\r\n\r\n-----Original Message-----\r\nFrom: Shop\r\nSent: Monday', 'OK', expect.stringContaining('From: Shop')],
    ['QQ Mail history', '好的\n\n------------------ 原始邮件 ------------------\n发件人: 客服', '好的', expect.stringContaining('发件人')],
    ['a trailing > block', 'Yes, the blue one.\n\n> Which colour?\n> Blue or red?', 'Yes, the blue one.', '> Which colour?\n> Blue or red?'],
    ['answers between quoted lines stay', '> Which colour?\nBlue.\n> Which size?\nM.', '> Which colour?\nBlue.\n> Which size?\nM.', null],
    ['only history: everything is kept', '> forwarded text\n> more', '> forwarded text\n> more', null],
    ['"On … wrote:" inside a sentence is text', 'On Monday my son wrote: please help', 'On Monday my son wrote: please help', null],
  ])('%s', (_name, text, reply, quoted) => {
    expect(stripQuotedReply(text)).toEqual({ reply, quoted });
  });
});

describe('messageIds', () => {
  it.each([
    ['<a@x>', ['a@x']],
    ['<a@x> <b@y>\r\n <c@z>', ['a@x', 'b@y', 'c@z']],
    [
      ['<a@x>', '<b@y>'],
      ['a@x', 'b@y'],
    ],
    ['bare@id', ['bare@id']],
    ['not an id', []],
    [undefined, []],
  ])('%j → %j', (value, ids) => {
    expect(messageIds(value)).toEqual(ids);
  });
});
