import { describe, expect, it } from 'vitest';
import { encodeS3Segment, sha256Hex, signS3Request } from './sigv4.ts';

/** The example account, bucket and clock of AWS's "Examples: Signature Calculations in AWS Signature Version 4" (S3 API reference). */
const example = {
  host: 'examplebucket.s3.amazonaws.com',
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  now: new Date('2013-05-24T00:00:00Z'),
};
const empty = sha256Hex('');
const welcome = sha256Hex('Welcome to Amazon S3.');

describe('signS3Request: the signatures AWS publishes for its examples', () => {
  it.each([
    [
      'GET Object with a Range header',
      'GET',
      '/test.txt',
      {},
      { Range: 'bytes=0-9' },
      empty,
      'host;range;x-amz-content-sha256;x-amz-date',
      'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    ],
    [
      'PUT Object with a storage class ($ in the key)',
      'PUT',
      `/${encodeS3Segment('test$file.text')}`,
      {},
      { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
      welcome,
      'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
      '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
    ],
    [
      'GET Bucket lifecycle (a parameter without value)',
      'GET',
      '/',
      { lifecycle: '' },
      {},
      empty,
      'host;x-amz-content-sha256;x-amz-date',
      'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
    ],
    [
      'GET Bucket, parameters given out of order',
      'GET',
      '/',
      { prefix: 'J', 'max-keys': '2' },
      {},
      empty,
      'host;x-amz-content-sha256;x-amz-date',
      '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
    ],
  ])('%s', (_name, method, path, query, headers, payloadHash, signedHeaders, signature) => {
    const signed = signS3Request({ ...example, method, path, query, headers, payloadHash });
    expect(signed.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    );
    expect(signed).toMatchObject({ host: example.host, 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': payloadHash });
  });

  it('gives another signature when the secret, the region or a signed header differ', () => {
    const base = { ...example, method: 'GET', path: '/test.txt', payloadHash: empty };
    const signature = (request: typeof base & { headers?: Record<string, string> }) => signS3Request(request).authorization?.split('Signature=')[1];
    const reference = signature(base);
    expect(signature({ ...base, credentials: { ...base.credentials, secretAccessKey: 'other' } })).not.toBe(reference);
    expect(signature({ ...base, region: 'cn-north-1' })).not.toBe(reference);
    expect(signature({ ...base, headers: { 'content-type': 'image/png' } })).not.toBe(reference);
  });
});

describe('encodeS3Segment', () => {
  it.each([
    ['plain-name_1.txt', 'plain-name_1.txt'],
    ['a b', 'a%20b'],
    ["it's (1)!*", 'it%27s%20%281%29%21%2A'],
    ['发票.pdf', '%E5%8F%91%E7%A5%A8.pdf'],
    ['a/b', 'a%2Fb'],
    ['~tilde', '~tilde'],
  ])('%s → %s', (value, encoded) => {
    expect(encodeS3Segment(value)).toBe(encoded);
  });
});
