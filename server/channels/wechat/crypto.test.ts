import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptMessage, encryptMessage, signatureMatches, wechatSignature, WechatCryptoError } from './crypto.ts';
import { buildXml, childText, parseXml, XmlError } from './xml.ts';

/** The test vector of WeChat's official sample code (WXBizMsgCrypt, 消息加解密示例). */
const sample = {
  token: 'spamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wx2c2769f8efd9abc2',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};

describe('WeChat signatures', () => {
  it.each([
    // 接入指引 example: Token "AAAAA".
    [['AAAAA', '1714037059', '486452656'], '899cf89e464efb63f54ddac96b0a0a235f53aa78'],
    [['AAAAA', '1714036504', '1514711492'], 'f464b24fc39322e44b38aa78f5edd27bd1441696'],
    // The official sample's msg_signature over [token, timestamp, nonce, Encrypt].
    [[sample.token, sample.timestamp, sample.nonce, sample.encrypt], sample.msgSignature],
  ])('sha1(sort(%j)) = %s', (parts, expected) => {
    expect(wechatSignature(...parts)).toBe(expected);
    expect(signatureMatches(expected.toUpperCase(), expected)).toBe(true);
    expect(signatureMatches(undefined, expected)).toBe(false);
    expect(signatureMatches(expected.slice(1), expected)).toBe(false);
  });
});

describe('WeChat message encryption', () => {
  it("decrypts the official sample's ciphertext to its text message and AppID", () => {
    const { message, appId } = decryptMessage(sample.encrypt, sample.encodingAESKey);
    expect(appId).toBe(sample.appId);
    const root = parseXml(message);
    expect(['FromUserName', 'MsgType', 'Content', 'MsgId'].map((t) => childText(root, t))).toEqual([
      'oyORnuP8q7ou2gfYjqLzSIWZf0rs',
      'text',
      'abcdteT',
      '6054768590064713728',
    ]);
  });

  it('round-trips any message, padding to 32-byte blocks (a full block of padding when already aligned)', () => {
    for (const text of ['', 'a', '你好'.repeat(100), 'x'.repeat(64 - 20 - sample.appId.length)]) {
      const sealed = encryptMessage(text, sample.appId, sample.encodingAESKey);
      expect(Buffer.from(sealed, 'base64').length % 32).toBe(0);
      expect(decryptMessage(sealed, sample.encodingAESKey)).toEqual({ message: text, appId: sample.appId });
    }
  });

  it.each([
    ['not base64', '!!!!'],
    ['not whole blocks', Buffer.alloc(20).toString('base64')],
    ['a tampered block', `A${sample.encrypt.slice(1)}`],
    ['a truncated ciphertext', Buffer.from(sample.encrypt, 'base64').subarray(0, 32).toString('base64')],
  ])('refuses %s', (_name, encrypted) => {
    expect(() => decryptMessage(encrypted, sample.encodingAESKey)).toThrow(WechatCryptoError);
  });
});

describe('WeChat XML', () => {
  it.each([
    [
      'CDATA, text and the five predefined entities',
      '<xml><A><![CDATA[<b>&amp;</b>]]></A><B>1 &lt; 2 &amp;&gt;&quot;&apos;&#20320;&#x597D;</B></xml>',
      { A: '<b>&amp;</b>', B: '1 < 2 &>"\'你好' },
    ],
    [
      'a declaration, whitespace and split CDATA',
      '<?xml version="1.0" encoding="utf-8"?>\n<xml>\n <A> <![CDATA[x]]]]><![CDATA[>y]]> </A>\n</xml>\n',
      { A: 'x]]>y' },
    ],
    ['nested elements and attributes', '<xml><ScanCodeInfo><ScanType a="1">qrcode</ScanType></ScanCodeInfo><Empty/></xml>', { Empty: '' }],
  ])('parses %s', (_name, xml, fields) => {
    const root = parseXml(xml);
    for (const [name, value] of Object.entries(fields)) expect(childText(root, name)).toBe(value.trim());
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><A>&a;</A></xml>'],
    ['an undeclared entity', '<xml><A>&a;</A></xml>'],
    ['a bare ampersand', '<xml><A>a & b</A></xml>'],
    ['a NUL character reference', '<xml><A>&#0;</A></xml>'],
    ['a processing instruction', '<xml><?php echo 1 ?></xml>'],
    ['mismatched tags', '<xml><A></B></xml>'],
    ['an unterminated document', '<xml><A>x</A>'],
    ['two roots', '<xml></xml><xml></xml>'],
    ['text outside the root', 'hello<xml></xml>'],
    ['deep nesting', `${'<a>'.repeat(20)}${'</a>'.repeat(20)}`],
  ])('refuses %s', (_name, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
  });

  it('builds documents that survive hostile text', () => {
    const xml = buildXml({ ToUserName: 'o_1', CreateTime: 1700000000, Content: 'a]]>b<c>\u0001d' });
    expect(xml).toBe(
      '<xml><ToUserName><![CDATA[o_1]]></ToUserName><CreateTime>1700000000</CreateTime><Content><![CDATA[a]]]]><![CDATA[>b<c>d]]></Content></xml>',
    );
    expect(childText(parseXml(xml), 'Content')).toBe('a]]>b<c>d');
  });

  it('either parses or throws XmlError, whatever the input', () => {
    const valid = '<?xml version="1.0"?><xml><A><![CDATA[x]]></A><B>1 &amp; 2</B><C/></xml>';
    const fragments = fc.constantFrom(
      '<',
      '>',
      '</',
      '/>',
      '<![CDATA[',
      ']]>',
      '&',
      ';',
      '&#',
      '&#x',
      '<!--',
      '-->',
      '<!DOCTYPE',
      '<?',
      '"',
      "'",
      '=',
      'xml',
      'A',
      '\u0000',
      '\ud800',
    );
    const mutated = fc
      .tuple(fc.nat(valid.length), fc.array(fc.oneof(fragments, fc.string()), { maxLength: 6 }))
      .map(([at, parts]) => valid.slice(0, at) + parts.join('') + valid.slice(at));
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string()), (input) => {
        try {
          parseXml(input);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
