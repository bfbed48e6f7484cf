import type { GraphEntity, GraphEntityType, GraphLocalized, GraphRelationType } from './graph-catalogue.ts';
import type { GraphIndex } from './graph-link.ts';
import type { GraphHit, NluComponent } from './types.ts';

/**
 * Answering from the knowledge graph: from the entities a question names and
 * the relation it asks about, walk product/model → has_fault → fault →
 * solved_by → solution, product ← applies_to ← policy, or product → has_model
 * → models, and say the path and the answer in both languages.
 */

type Locale = keyof GraphLocalized;
/** Entity types a walk starts from, most specific first. */
const ANCHORS: readonly GraphEntityType[] = ['model', 'product', 'function'];

/** Share of a fault alias's content words the question must contain for the fault to match by its words. */
const FAULT_WORD_SHARE = 0.5;

function neighbours(index: GraphIndex, id: string, type: GraphRelationType, direction: 'out' | 'in'): GraphEntity[] {
  const rels = (direction === 'out' ? index.out : index.in).get(id) ?? [];
  return rels.filter((r) => r.type === type).flatMap((r) => index.entities.get(direction === 'out' ? r.toId : r.fromId) ?? []);
}

/** An anchor and what it belongs to: a model's product, a function's product or model (policies and faults may hang on either). */
function lineage(index: GraphIndex, anchor: GraphEntity): GraphEntity[] {
  const up = [...neighbours(index, anchor.id, 'has_model', 'in'), ...neighbours(index, anchor.id, 'has_function', 'in')];
  const grand = up.flatMap((e) => neighbours(index, e.id, 'has_model', 'in'));
  return [anchor, ...up, ...grand];
}

/** Faults reachable from an anchor: its own, its functions', and (for a product) its models'. */
function faultsOf(index: GraphIndex, anchor: GraphEntity): GraphEntity[] {
  const below = [anchor, ...neighbours(index, anchor.id, 'has_model', 'out')];
  const withFunctions = below.flatMap((e) => [e, ...neighbours(index, e.id, 'has_function', 'out')]);
  const seen = new Map<string, GraphEntity>();
  for (const e of [...withFunctions, ...lineage(index, anchor)]) for (const f of neighbours(index, e.id, 'has_fault', 'out')) seen.set(f.id, f);
  return [...seen.values()];
}

/** The anchor's fault the question names: by an alias, else by most of an alias's words (“keeps disconnecting” ~ “disconnects”). */
function matchFault(index: GraphIndex, text: string, anchor: GraphEntity, linked: GraphEntity[]): GraphEntity | undefined {
  const faults = faultsOf(index, anchor);
  const named = faults.find((f) => linked.some((l) => l.id === f.id));
  if (named) return named;
  const words = index.contentWords(text);
  let best: { fault: GraphEntity; share: number } | undefined;
  for (const fault of faults) {
    for (const form of [fault.name['zh-CN'], fault.name.en, ...fault.aliases]) {
      const formWords = index.contentWords(form);
      if (formWords.size === 0) continue;
      const share = [...formWords].filter((w) => words.has(w)).length / formWords.size;
      if (share >= FAULT_WORD_SHARE && share > (best?.share ?? 0)) best = { fault, share };
    }
  }
  return best?.fault;
}

const both = (f: (locale: Locale) => string): GraphLocalized => ({ 'zh-CN': f('zh-CN'), en: f('en') });
const other = (locale: Locale): Locale => (locale === 'en' ? 'zh-CN' : 'en');
const nameIn = (e: GraphEntity, locale: Locale) => e.name[locale] || e.name[other(locale)];
const textIn = (e: GraphEntity, locale: Locale) => e.description[locale] || e.description[other(locale)] || '';

function withText(entities: GraphEntity[]): GraphEntity[] {
  return entities.filter((e) => textIn(e, 'zh-CN'));
}

/** "1. …\n2. …" when there are several texts, the text alone when one. */
function joinTexts(entities: GraphEntity[], locale: Locale): string {
  if (entities.length === 1) return textIn(entities[0]!, locale);
  return entities.map((e, i) => `${i + 1}. ${nameIn(e, locale)}：${textIn(e, locale)}`).join('\n');
}

const LABEL = {
  solution: { 'zh-CN': '解决办法：', en: 'Solution: ' },
  policy: { 'zh-CN': '政策：', en: 'Policy: ' },
  models: { 'zh-CN': '型号：', en: 'Models: ' },
} as const;

function hit(kind: GraphHit['kind'], path: GraphEntity[], answers: GraphEntity[], reply: GraphLocalized): GraphHit {
  return { kind, path: path.map((e) => e.id), answers: answers.map((e) => e.id), reply };
}

function faultAnswer(index: GraphIndex, anchor: GraphEntity, fault: GraphEntity): GraphHit | undefined {
  const solutions = withText(neighbours(index, fault.id, 'solved_by', 'out'));
  if (solutions.length === 0) return undefined;
  const reply = both((l) => `${nameIn(anchor, l)} · ${nameIn(fault, l)} → ${LABEL.solution[l]}${joinTexts(solutions, l)}`);
  return hit('fault', [anchor, fault], solutions, reply);
}

/** The entities whose names or aliases share a content word with the question; all of them when none does. */
function byWords(index: GraphIndex, text: string, entities: GraphEntity[]): GraphEntity[] {
  const words = index.contentWords(text);
  const shares = (e: GraphEntity) => [e.name['zh-CN'], e.name.en, ...e.aliases].some((f) => [...index.contentWords(f)].some((w) => words.has(w)));
  const matching = entities.filter(shares);
  return matching.length ? matching : entities;
}

function policyAnswer(index: GraphIndex, text: string, anchor: GraphEntity | undefined, linked: GraphEntity[]): GraphHit | undefined {
  const named = withText(linked.filter((e) => e.type === 'policy'));
  const applying = anchor ? withText(lineage(index, anchor).flatMap((e) => neighbours(index, e.id, 'applies_to', 'in'))) : [];
  const policies = named.length ? named.filter((p) => !anchor || applying.some((a) => a.id === p.id)) : byWords(index, text, applying);
  const unique = [...new Map(policies.map((p) => [p.id, p])).values()];
  if (unique.length === 0) return undefined;
  const path = anchor ? [anchor] : [];
  const reply = both((l) => {
    const head = anchor ? `${nameIn(anchor, l)} · ${unique.map((p) => nameIn(p, l)).join(' / ')}` : unique.map((p) => nameIn(p, l)).join(' / ');
    return `${head} → ${LABEL.policy[l]}${joinTexts(unique, l)}`;
  });
  return hit('policy', path, unique, reply);
}

function modelsAnswer(index: GraphIndex, anchor: GraphEntity): GraphHit | undefined {
  const models = neighbours(index, anchor.id, 'has_model', 'out');
  if (models.length === 0) return undefined;
  const reply = both((l) => `${nameIn(anchor, l)} → ${LABEL.models[l]}${models.map((m) => nameIn(m, l)).join(l === 'en' ? ', ' : '、')}`);
  return hit('models', [anchor], models, reply);
}

/** The anchor to walk from: a model over a product over a function; among equals, the first named. */
function pickAnchor(linked: GraphEntity[]): GraphEntity | undefined {
  const rank = (e: GraphEntity) => ANCHORS.indexOf(e.type);
  return linked.filter((e) => rank(e) >= 0).sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * The graph's answer to a question, or undefined when it names no entity the
 * graph can walk from, or asks nothing the graph knows.
 *
 * @example answerFromGraph(index, 'X3 耳机充不进电怎么办')?.reply['zh-CN'] // 'X3 耳机 · 充不进电 → 解决办法：…'
 */
export function answerFromGraph(index: GraphIndex, text: string): GraphHit | undefined {
  const linked = index.link(text);
  if (linked.length === 0) return undefined;
  const cues = index.cues(text);
  const anchor = pickAnchor(linked);
  const faults = linked.filter((e) => e.type === 'fault');
  if (anchor) {
    const fault = faults.length > 0 || cues.has('fault') ? matchFault(index, text, anchor, linked) : undefined;
    if (fault) return faultAnswer(index, anchor, fault);
  } else if (faults.length > 0) {
    // No product named: answer only when the named fault is not ambiguous (one fault, one owner).
    const owners = faults.length === 1 ? index.in.get(faults[0]!.id)?.filter((r) => r.type === 'has_fault') : undefined;
    const owner = owners?.length === 1 ? index.entities.get(owners[0]!.fromId) : undefined;
    if (owner) return faultAnswer(index, owner, faults[0]!);
  }
  if (cues.has('policy') || linked.some((e) => e.type === 'policy')) {
    const policy = policyAnswer(index, text, anchor, linked);
    if (policy) return policy;
  }
  if (anchor && cues.has('models')) return modelsAnswer(index, anchor);
  return undefined;
}

/** The pipeline step: sets `message.graph` when the graph answers the message. */
export function graphComponent(index: GraphIndex): NluComponent {
  return {
    name: 'graph',
    process: (message) => {
      const graph = answerFromGraph(index, message.text);
      return graph ? { ...message, graph } : message;
    },
  };
}
