import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evalTickets, splitTickets } from './eval-tickets.ts';
import { loadDemoTickets } from './ticket-demo-data.ts';

const demo = loadDemoTickets();

describe('eval tickets', () => {
  it('holds out whole phrasings in the template split, and a quarter of the tickets in the random one', () => {
    const template = splitTickets(demo, 'template', 1);
    const trained = new Set(template.train.map((t) => t.template));
    expect(template.test.length).toBeGreaterThan(0);
    expect(template.test.every((t) => !trained.has(t.template))).toBe(true);
    expect(new Set(template.test.map((t) => t.category.join('/'))).size).toBe(new Set(demo.map((t) => t.category.join('/'))).size);
    const random = splitTickets(demo, 'random', 3);
    expect(random.test.length).toBe(Math.round(demo.length / 4));
    expect(splitTickets(demo, 'random', 3).test).toEqual(random.test);
    expect(splitTickets(demo, 'random', 4).test).not.toEqual(random.test);
  });

  it('scores a small file and reports every figure, overall and per language', async () => {
    const leaves = new Set(['payments/refund/refund_not_received', 'delivery/delivery_issue/lost_parcel', 'account/security/scam']);
    const rows = demo.filter((t) => leaves.has(t.category.join('/')));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kefu-tickets-')), 'small.jsonl');
    writeFileSync(file, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const result = await evalTickets({ data: file, split: 'random', seed: 1, log: () => {} });
    expect(result).toMatchObject({ n_train: rows.length - Math.round(rows.length / 4), n_test: Math.round(rows.length / 4) });
    for (const key of ['category_l1_accuracy', 'category_leaf_accuracy', 'priority_accuracy', 'urgent_recall', 'predict_p99_ms']) {
      expect(result[key]).toEqual(expect.any(Number));
    }
    expect(result.category_leaf_accuracy).toBeGreaterThan(0.8);
    expect(result.zh).toMatchObject({ category_leaf_accuracy: expect.any(Number) });
    expect(result.en).toMatchObject({ category_leaf_accuracy: expect.any(Number) });
  }, 60_000);
});
