import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { permissions } from './permissions.ts';

describe('permissions', () => {
  it('the console knows the same permissions, in the same order, as the server (web/src/session.tsx copies the list)', () => {
    const source = readFileSync(new URL('../../web/src/session.tsx', import.meta.url), 'utf8');
    const list = /export const permissions = \[([\s\S]*?)\] as const;/.exec(source)?.[1];
    expect(list, 'web/src/session.tsx no longer declares `permissions = [...] as const`').toBeDefined();
    const web = [...list!.matchAll(/'([a-z_.]+)'/g)].map((m) => m[1]);
    expect(web).toEqual([...permissions]);
  });
});
