import { describe, expect, it } from 'vitest';
import { evalPii } from './eval.ts';

describe('the labelled corpus', () => {
  it('finds every well-formed value and flags no look-alike', async () => {
    const result = await evalPii({});
    expect(result.messages).toBeGreaterThanOrEqual(500);
    for (const kind of ['mobile', 'landline', 'intl_phone', 'cn_id', 'bank_card', 'email', 'ip', 'passport', 'plate'] as const) {
      expect(result.kinds[kind]?.recall, kind).toBe(1);
      expect(result.kinds[kind]?.precision, kind).toBeGreaterThanOrEqual(0.98);
    }
    expect(result.kinds.address?.overlapRecall).toBeGreaterThanOrEqual(0.95);
  });
});
