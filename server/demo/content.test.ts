import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTextAnalyzer, normalizeText } from '../nlu/text.ts';
import { demoTrainingData, loadDemoContent, readDemoContentParts } from './content.ts';

const locales = ['zh-CN', 'en'] as const;
const here = new URL('./', import.meta.url);
const content = readDemoContentParts();

/** Two texts a customer would consider the same utterance: case, width, spaces and punctuation ignored. */
const sameText = (text: string) => normalizeText(text).replace(/[\p{P}\p{S}\s]/gu, '');

/** Texts that carry more than one label, as "text: label, label". */
function conflicts(entries: { text: string; label: string }[]): string[] {
  const labels = new Map<string, Set<string>>();
  for (const { text, label } of entries) {
    const key = sameText(text);
    labels.set(key, (labels.get(key) ?? new Set()).add(label));
  }
  return [...labels].filter(([, set]) => set.size > 1).map(([text, set]) => `${text}: ${[...set].join(', ')}`);
}

/** `{name}` placeholders in a text. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

describe('demo content', () => {
  it('parses file by file', () => {
    expect(content.intents.length).toBeGreaterThan(0);
    expect(content.flows.map((f) => f.name).sort()).toEqual(['book_appointment', 'password_reset', 'return_request']);
  });

  it('passes the whole-content schema, minimum counts included', () => {
    expect(() => loadDemoContent()).not.toThrow();
  });

  it('uses no example text in two intents, nor twice in one', () => {
    for (const locale of locales) {
      const examples = content.intents.flatMap((intent) => intent.examples[locale].map((text) => ({ text, label: intent.name })));
      expect(conflicts(examples), locale).toEqual([]);
      const seen = new Set<string>();
      const repeated = examples.filter((e) => seen.size === seen.add(sameText(e.text)).size).map((e) => `${e.label}: ${e.text}`);
      expect(repeated, locale).toEqual([]);
    }
  });

  it('starts flows only from intents that exist and are marked as flows', () => {
    const intents = new Map(content.intents.map((intent) => [intent.name, intent]));
    for (const flow of content.flows) {
      for (const name of flow.intents) expect(intents.get(name)?.action, `${flow.name} → ${name}`).toBe('flow');
    }
  });

  it('names every intent with action "flow" in a flow', () => {
    const started = new Set(content.flows.flatMap((flow) => flow.intents));
    const orphans = content.intents.filter((intent) => intent.action === 'flow' && !started.has(intent.name)).map((i) => i.name);
    expect(orphans).toEqual([]);
  });

  it('gives every answering intent a reply in both languages, with only entity placeholders', () => {
    const entities = new Set(['order_number', 'phone', 'email', 'date', 'amount', 'product', 'id_number']);
    for (const intent of content.intents.filter((i) => i.action !== 'flow')) {
      expect(intent.response, intent.name).toBeDefined();
      for (const locale of locales) {
        const unknown = placeholders(intent.response?.[locale] ?? '').filter((p) => !entities.has(p));
        expect(unknown, `${intent.name} ${locale}`).toEqual([]);
      }
    }
  });

  it("names in flow texts only the flow's own slots and {request_number}", () => {
    for (const flow of content.flows) {
      const known = new Set([...flow.slots.map((s) => s.name), 'request_number']);
      const texts = [flow.done, flow.cancelled, flow.confirm, ...flow.slots.flatMap((s) => [s.prompt, s.invalid])];
      const named = texts.flatMap((t) => (t ? [...placeholders(t['zh-CN']), ...placeholders(t.en)] : []));
      expect(
        named.filter((n) => !known.has(n)),
        flow.name,
      ).toEqual([]);
    }
  });

  it.each([
    ['DS2026112000123', true],
    ['ds2026112000123', true],
    ['DS202611200012', false],
    ['DS20261120001234', false],
    ['XS2026112000123', false],
    ['2026112000123', false],
  ])('takes %s as an order number in the return flow: %s', (text, valid) => {
    const slot = content.flows.find((f) => f.name === 'return_request')?.slots.find((s) => s.name === 'order_number');
    expect(slot?.type === 'entity' && slot.pattern ? new RegExp(slot.pattern).test(text) : undefined).toBe(valid);
  });

  it('keeps every FAQ question and similar question to one item', () => {
    for (const locale of locales) {
      const questions = content.faqs.flatMap((faq) => [faq[locale].question, ...faq[locale].similar].map((text) => ({ text, label: faq.key })));
      expect(conflicts(questions), locale).toEqual([]);
    }
  });

  it.each(locales)('labels no %s training utterance twice (intents against FAQ too)', (locale) => {
    expect(conflicts(demoTrainingData(content, locale).examples)).toEqual([]);
  });

  it.each(locales)('has at least 30 intents in %s', (locale) => {
    const labels = new Set(
      demoTrainingData(content, locale)
        .examples.map((e) => e.label)
        .filter((l) => !l.startsWith('faq:')),
    );
    expect(labels.size).toBeGreaterThanOrEqual(30);
  });

  it.each(locales)('has at least 150 FAQ items in %s', (locale) => {
    expect(demoTrainingData(content, locale).faqs.length).toBeGreaterThanOrEqual(150);
  });

  it('keeps every dictionary word whole when tokenising', () => {
    const analyzer = createTextAnalyzer(content.dictionary);
    const split = content.dictionary
      .map(({ word }) => word)
      .filter((word) => !analyzer.analyze(`请问${word}怎么办`).tokens.includes(normalizeText(word)));
    expect(split).toEqual([]);
  });
});

describe('readDemoContentParts', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A copy of the demo folder's intents, flows and dictionary, without FAQ files. */
  async function copyDemo(): Promise<URL> {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kefu-demo-'));
    for (const file of ['intents.json', 'flows.json', 'dictionary.json']) await cp(new URL(file, here), path.join(dir, file));
    return pathToFileURL(`${dir}/`);
  }

  it('treats a missing FAQ file as empty', async () => {
    const parts = readDemoContentParts(await copyDemo());
    expect(parts.faqs).toEqual([]);
    expect(parts.intents.length).toBe(content.intents.length);
  });

  it('names the file, the item and the field of an invalid entry', async () => {
    const copy = await copyDemo();
    const intents = structuredClone(content.intents);
    intents[1]!.examples.en = ['too few'];
    await writeFile(new URL('intents.json', copy), JSON.stringify(intents));
    expect(() => readDemoContentParts(copy)).toThrow(new RegExp(`intents\\.json \\[1\\] \\("${content.intents[1]!.name}"\\) at examples\\.en`));
  });

  it('names the file that is not JSON', async () => {
    const copy = await copyDemo();
    await writeFile(new URL('faqs-b.json', copy), '[{"key": ');
    expect(() => readDemoContentParts(copy)).toThrow(/faqs-b\.json: /);
  });
});
