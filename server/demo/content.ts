import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { flowSchema } from '../modules/bot/flow-schema.ts';
import type { Lang, TrainingData } from '../nlu/types.ts';
import { demoContentSchema, demoFaqSchema, demoIntentSchema, type DemoContent } from './schema.ts';

/** The FAQ files are written in two halves; the loader joins them in this order. */
const FAQ_FILES = ['faqs-a.json', 'faqs-b.json'] as const;

const dictionaryEntrySchema = demoContentSchema.shape.dictionary.element;

/** Which files a top-level key of DemoContent comes from, for error messages about the whole. */
const SOURCES: Record<keyof DemoContent, string> = {
  faqs: FAQ_FILES.join(' + '),
  intents: 'intents.json',
  flows: 'flows.json',
  dictionary: 'dictionary.json',
};

let cached: DemoContent | undefined;

/**
 * The demo workspace's bot content (FAQ, intents, flows, dictionary), read
 * from the JSON files next to this module, validated and cached for the
 * process. Each file is checked against its item schema first, so an error
 * names the file and the item; then the whole against `demoContentSchema`
 * (minimum counts). A FAQ file that does not exist counts as empty.
 * Throws an `Error` whose message lists the file, path and problem.
 *
 * @example
 * const { intents, flows } = loadDemoContent();
 */
export function loadDemoContent(): DemoContent {
  if (cached) return cached;
  const parts = readDemoContentParts();
  const result = demoContentSchema.safeParse(parts);
  if (!result.success) {
    throw new Error(`Invalid demo content:\n${describeIssues(result.error, (key) => SOURCES[key as keyof DemoContent] ?? 'demo content')}`);
  }
  cached = result.data;
  return cached;
}

/**
 * Each demo content file validated on its own, without the whole-content
 * minimums (≥ 150 FAQ items…): what the seed and the tests can use while the
 * content is still being written. Throws like `loadDemoContent`. `dir` is
 * this folder unless a test points it elsewhere.
 */
export function readDemoContentParts(dir: URL = new URL('./', import.meta.url)): DemoContent {
  return {
    faqs: FAQ_FILES.flatMap((file) => readPart(dir, file, z.array(demoFaqSchema), { optional: true })),
    intents: readPart(dir, 'intents.json', z.array(demoIntentSchema)),
    flows: readPart(dir, 'flows.json', z.array(flowSchema)),
    dictionary: readPart(dir, 'dictionary.json', z.array(dictionaryEntrySchema)),
  };
}

/**
 * What the NLU pipeline trains on for one language of the demo: intent
 * examples labelled with the intent's name, FAQ standard and similar
 * questions labelled `faq:<key>`, the FAQ items for the retriever, and the
 * whole dictionary (product names are shared by both languages).
 *
 * @example
 * const data = demoTrainingData(loadDemoContent(), 'zh-CN');
 * await pipeline.train(data);
 */
export function demoTrainingData(content: DemoContent, locale: 'zh-CN' | 'en'): TrainingData {
  const lang: Lang = locale === 'en' ? 'en' : 'zh';
  const faqs = content.faqs.map((faq) => ({ id: faq.key, questions: [faq[locale].question, ...faq[locale].similar], lang }));
  const intentExamples = content.intents.flatMap((intent) => intent.examples[locale].map((text) => ({ text, label: intent.name })));
  const faqExamples = faqs.flatMap((faq) => faq.questions.map((text) => ({ text, label: `faq:${faq.id}` })));
  return {
    lang,
    examples: [...intentExamples, ...faqExamples],
    faqs,
    dictionary: content.dictionary.map(({ word, type }) => ({ word, type })),
  };
}

/** One JSON file of `dir` parsed with `schema`; a missing optional file is an empty list. */
function readPart<T>(dir: URL, file: string, schema: z.ZodType<T[]>, options: { optional?: boolean } = {}): T[] {
  const url = new URL(file, dir);
  if (options.optional && !existsSync(url)) return [];
  const absolute = fileURLToPath(url);
  const relative = path.relative(process.cwd(), absolute);
  const shown = relative.startsWith('..') ? absolute : relative;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid demo content: ${shown}: ${(error as Error).message}`, { cause: error });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new Error(`Invalid demo content:\n${describeIssues(result.error, (index) => `${shown}${itemLabel(raw, index)}`)}`);
  }
  return result.data;
}

/** ` [12] ("return-policy")`: the index and the key or name, so a person finds the item without counting. */
function itemLabel(raw: unknown, index: PropertyKey | undefined): string {
  if (index === undefined) return '';
  const item = Array.isArray(raw) && typeof index === 'number' ? (raw[index] as Record<string, unknown> | undefined) : undefined;
  const id = item && typeof item === 'object' ? (item.key ?? item.name ?? item.word) : undefined;
  return typeof id === 'string' ? ` [${String(index)}] (${JSON.stringify(id)})` : ` [${String(index)}]`;
}

/** At most ten issues, one a line: `<where the path starts> at <rest of the path>: <message>`. */
function describeIssues(error: z.ZodError, where: (first: PropertyKey | undefined) => string): string {
  const lines = error.issues.slice(0, 10).map((issue) => {
    const [first, ...rest] = issue.path;
    return `  ${where(first)}${rest.length ? ` at ${rest.map(String).join('.')}` : ''}: ${issue.message}`;
  });
  if (error.issues.length > 10) lines.push(`  …and ${error.issues.length - 10} more`);
  return lines.join('\n');
}
