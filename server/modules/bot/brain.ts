import { createEntityExtractor, entityComponent } from '../../nlu/entities.ts';
import { contactDetailsComponent } from '../../nlu/contact-details.ts';
import { buildFaqIndex, faqComponent } from '../../nlu/faq-retriever.ts';
import { buildPassageIndex, passageComponent, type PassageDoc } from '../../nlu/passage-retriever.ts';
import type { GraphData } from '../../nlu/graph-catalogue.ts';
import { buildGraphIndex } from '../../nlu/graph-link.ts';
import { graphComponent } from '../../nlu/graph-walk.ts';
import { intentComponent, trainIntentClassifier, type IntentModel } from '../../nlu/intent-classifier.ts';
import { sentimentComponent } from '../../nlu/sentiment.ts';
import { createTextAnalyzer } from '../../nlu/text.ts';
import type { Lang, NluComponent, NluMessage, TrainingData } from '../../nlu/types.ts';
import { answerAsText, type ArticlePassage, type FaqRow } from '../knowledge/index.ts';
import type { BotKnowledge, IntentKnowledge } from './dialogue.ts';
import type { FlowDefinition, FlowLocale } from './flow-schema.ts';
import type { FlowRow, IntentRow } from './schema.ts';

/** Everything a workspace's bot is built from. */
export interface BotContent {
  intents: IntentRow[];
  flows: FlowRow[];
  /** Published items only. */
  faqs: FaqRow[];
  dictionary: { word: string; type: 'product' | 'term' }[];
  /** Passages of published articles: answers when no FAQ item matches well. */
  passages?: ArticlePassage[];
  /** The knowledge graph, walked when no FAQ item answers. */
  graph?: GraphData;
}

/** A trained bot: the NLU pipeline and the content it answers from. Immutable; a retrain builds a new one. */
export interface Brain {
  readonly trainedAt: Date;
  readonly trainMs: number;
  readonly stats: { intents: number; faqs: number; examples: number; flows: number; dictionary: number; passages: number };
  /** Run the pipeline (text → entities → intent → FAQ → sentiment) on one message. */
  understand(text: string, lang?: Lang): NluMessage;
  /** The content in one locale (falling back to the other), short answers for channels that want them. */
  knowledge(locale: FlowLocale, options?: { short?: boolean }): BotKnowledge;
  flowNamed(name: string): FlowDefinition | undefined;
  /** The published FAQ items it was trained on: the help center shows exactly what the bot answers from. */
  readonly faqs: readonly FaqRow[];
}

/** FAQ candidates kept per message: enough for a "did you mean" list. */
const FAQ_CANDIDATES = 5;
/** Passage candidates kept per message (agent assist shows a few). */
const PASSAGE_CANDIDATES = 3;

/** The classifier learns intents from their examples and FAQ items from their questions (`faq:<key>`). */
export function trainingData(content: BotContent): TrainingData {
  const examples: TrainingData['examples'] = [];
  for (const intent of content.intents) {
    for (const text of [...intent.examples['zh-CN'], ...intent.examples.en]) examples.push({ text, label: intent.name });
  }
  const questions = new Map<string, string[]>();
  for (const faq of content.faqs) {
    const list = questions.get(faq.key) ?? [];
    list.push(faq.question, ...faq.similar);
    questions.set(faq.key, list);
  }
  for (const [key, list] of questions) for (const text of list) examples.push({ text, label: `faq:${key}` });
  return {
    examples,
    faqs: [...questions].map(([id, list]) => ({ id, questions: list })),
    dictionary: content.dictionary,
  };
}

/**
 * Train a workspace's bot (seconds for tens of thousands of examples);
 * pass an `intentModel` trained elsewhere (a worker thread) to skip the slow part.
 *
 * @example const brain = buildBrain(content); brain.understand('我想退货，订单号DS2026112000123');
 */
export function buildBrain(content: BotContent, options: { orderNumberPattern?: string; intentModel?: IntentModel } = {}): Brain {
  const started = performance.now();
  const data = trainingData(content);
  const analyzer = createTextAnalyzer(content.dictionary);
  const products = content.dictionary.filter((d) => d.type === 'product').map((d) => d.word);
  const pipeline: NluComponent[] = [
    entityComponent(createEntityExtractor({ orderNumberPattern: options.orderNumberPattern, products })),
    contactDetailsComponent(analyzer),
    intentComponent(options.intentModel ?? trainIntentClassifier(data)),
    faqComponent(buildFaqIndex(data.faqs, analyzer), FAQ_CANDIDATES),
    passageComponent(buildPassageIndex(passageDocs(content.passages ?? []), analyzer), PASSAGE_CANDIDATES),
    sentimentComponent(),
    ...(content.graph?.entities.length ? [graphComponent(buildGraphIndex(content.graph, content.dictionary))] : []),
  ];
  const trainMs = performance.now() - started;
  const knowledge = knowledgeOf(content);
  return {
    trainedAt: new Date(),
    trainMs,
    stats: {
      intents: content.intents.length,
      faqs: data.faqs.length,
      examples: data.examples.length,
      flows: content.flows.length,
      dictionary: content.dictionary.length,
      passages: content.passages?.length ?? 0,
    },
    understand(text, lang) {
      let message: NluMessage = analyzer.analyze(text, lang);
      for (const component of pipeline) message = component.process(message);
      return message;
    },
    knowledge,
    flowNamed: (name) => content.flows.find((f) => f.name === name)?.definition,
    faqs: content.faqs,
  };
}

function knowledgeOf(content: BotContent): Brain['knowledge'] {
  const faqs = new Map<string, Map<string, FaqRow>>();
  for (const row of content.faqs) faqs.set(row.key, (faqs.get(row.key) ?? new Map()).set(row.locale, row));
  const intents = new Map(content.intents.map((i) => [i.name, i]));
  const flows = new Map<string, FlowDefinition>();
  for (const { definition } of content.flows) for (const intent of definition.intents) if (!flows.has(intent)) flows.set(intent, definition);
  const passages = new Map((content.passages ?? []).map((p) => [p.id, p]));
  const other = (locale: FlowLocale): FlowLocale => (locale === 'en' ? 'zh-CN' : 'en');
  return (locale, { short = false } = {}) => ({
    faqAnswer(faqId) {
      const byLocale = faqs.get(faqId);
      const row = byLocale?.get(locale) ?? byLocale?.get(other(locale));
      // Answers are Markdown-lite; customers' channels show text.
      return row && { question: row.question, answer: answerAsText((short && row.shortAnswer) || row.answer) };
    },
    intent(name): IntentKnowledge | undefined {
      const row = intents.get(name);
      if (!row) return undefined;
      return { action: row.action, ...(row.response ? { response: row.response } : {}) };
    },
    flowFor: (intentName) => flows.get(intentName),
    passage: (id) => passages.get(id),
  });
}

/** Passages as the retriever indexes them: in their article's language. */
function passageDocs(passages: readonly ArticlePassage[]): PassageDoc[] {
  return passages.map((p) => ({ id: p.id, lang: p.locale === 'en' ? 'en' : 'zh', title: p.title, headings: p.headings, text: p.text }));
}
