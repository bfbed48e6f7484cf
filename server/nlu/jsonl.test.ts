import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonl } from './jsonl.ts';

const dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-jsonl-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const Row = z.object({ text: z.string(), label: z.string() });

async function file(name: string, content: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

describe('readJsonl', () => {
  it('reads valid lines, skipping blank ones and a BOM', async () => {
    const rows = await readJsonl(await file('ok.jsonl', '\uFEFF{"text":"a","label":"x"}\n\n{"text":"b","label":"y"}\r\n'), Row);
    expect(rows).toEqual([
      { text: 'a', label: 'x' },
      { text: 'b', label: 'y' },
    ]);
  });

  it.each([
    ['broken JSON', '{"text":"a","label":"x"}\n{"text":', /bad\.jsonl:2: not JSON/],
    ['a field of the wrong type', '{"text":"a","label":"x"}\n\n{"text":"b","label":3}\n', /bad\.jsonl:3: label: /],
  ])('names the file and line of %s', async (_, content, message) => {
    await expect(readJsonl(await file('bad.jsonl', content), Row)).rejects.toThrow(message);
  });
});
