import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { demoBotContent } from '../../demo/search-eval.ts';
import { buildBrain, type Brain } from './brain.ts';
import { decideTurn, defaultPolicyConfig, type DialogueState, type TurnDecision } from './dialogue.ts';
import { botLineVariants } from './replies.ts';
import type { FlowLocale } from './flow-schema.ts';

/**
 * End-to-end check of the demo bot: realistic first messages (written for
 * this test, not copied from the demo content) through the real NLU pipeline
 * and the dialogue policy, scored against the outcome a customer expects.
 */

const evalTurnSchema = z.array(
  z.object({
    locale: z.enum(['zh-CN', 'en']),
    text: z.string().min(1),
    /** Acceptable outcomes: `faq:<key>`, `intent:<name>`, `flow:<name>`, `handoff`, `clarify`. */
    expect: z.array(z.string()).min(1),
  }),
);

const evalTurns = evalTurnSchema.parse(JSON.parse(readFileSync(new URL('../../demo/eval-turns.json', import.meta.url), 'utf8')));

/** Share of the set that must come out right; measured 67/72 zh, 61/68 en (91%) when set. */
const accuracyFloor = 0.88;

let brain: Brain;

beforeAll(() => {
  brain = buildBrain(demoBotContent());
}, 120_000);

/** One customer message after `state` (a new conversation when omitted). */
function say(text: string, state?: DialogueState, locale?: FlowLocale): TurnDecision {
  const message = brain.understand(text);
  const loc = locale ?? (message.lang === 'en' ? 'en' : 'zh-CN');
  return decideTurn({
    state,
    message,
    attachments: 0,
    locale: loc,
    config: defaultPolicyConfig,
    knowledge: brain.knowledge(loc),
    understand: (t) => brain.understand(t),
    now: Date.now(),
  });
}

/** What the customer got, in the vocabulary of eval-turns.json. */
function outcome(d: TurnDecision, before?: DialogueState): string {
  if (d.actions.some((a) => a.type === 'handoff')) return 'handoff';
  if (d.state.pending?.kind === 'clarify') return 'clarify';
  const flows = d.state.tried.flows;
  if (flows.length > (before?.tried.flows.length ?? 0)) return `flow:${flows.at(-1)?.name}`;
  const answered = d.state.tried.answers;
  if (answered.length > (before?.tried.answers.length ?? 0)) return `${answered.at(-1)?.kind}:${answered.at(-1)?.id}`;
  return d.state.pending?.kind === 'offer_human' ? 'offer_human' : 'not_understood';
}

describe('the demo bot on realistic first messages', () => {
  it(`gets at least ${accuracyFloor * 100}% of the evaluation set right`, () => {
    const misses: string[] = [];
    const byLocale: Record<string, { right: number; total: number }> = {};
    for (const turn of evalTurns) {
      const got = outcome(say(turn.text, undefined, turn.locale));
      const tally = (byLocale[turn.locale] ??= { right: 0, total: 0 });
      tally.total += 1;
      if (turn.expect.includes(got)) tally.right += 1;
      else misses.push(`${turn.text} → ${got} (expected ${turn.expect.join(' / ')})`);
    }
    const summary = Object.entries(byLocale).map(([l, t]) => `${l} ${t.right}/${t.total}`);
    const right = Object.values(byLocale).reduce((n, t) => n + t.right, 0);
    expect(right / evalTurns.length, `${summary.join(', ')}\nmisses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(accuracyFloor);
  });
});

/** Runs a conversation; each step's decision, in order. */
function converse(...texts: string[]): TurnDecision[] {
  const out: TurnDecision[] = [];
  for (const text of texts) out.push(say(text, out.at(-1)?.state));
  return out;
}

const faqAnswer = (key: string, locale: FlowLocale) => brain.knowledge(locale).faqAnswer(key)?.answer;

describe('conversations that went wrong in the widget', () => {
  it.each([
    ['我的手机13812345678，帮我查下退款', '帮我查下退款'],
    ['身份证11010519491231002X，银行卡6222 0212 3456 7894，我的退款到哪了', '我的退款到哪了'],
    ['my phone number is 13812345678, where is my refund?', 'where is my refund?'],
    ['my email is li.lei@example.com, I want to return my order', 'I want to return my order'],
  ])('"%s" is understood as "%s": contact details do not drown the question', (withDetails, plain) => {
    const got = outcome(say(withDetails));
    expect(got).not.toBe('not_understood');
    expect(got).toBe(outcome(say(plain)));
    // The details are still there for flows and the hand-off summary.
    expect(brain.understand(withDetails).entities.map((e) => e.type)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(phone|id_number|email)$/)]),
    );
  });

  it('"how much is shipping?" is answered, not turned into a "did you mean"', () => {
    const [shipping] = converse('how much is shipping?');
    expect(shipping?.replies).toEqual([faqAnswer('shipping-fee', 'en')]);
    expect(shipping?.state.pending).toBeUndefined();
  });

  it('a new request right after a "did you mean" is taken as itself, not as a pick by a shared word', () => {
    const asked = say('what about it');
    expect(asked.state.pending?.kind).toBe('clarify');
    const next = say('I want to return something', asked.state);
    expect(outcome(next, asked.state)).toBe('flow:return_request');
    expect(next.replies.join(' ')).toMatch(/order number/i);
  });

  it.each(['skip', 'blah blah'])('"%s" outside a flow offers no list of unrelated questions', (text) => {
    const [r] = converse(text);
    expect(r?.state.pending).toBeUndefined();
    expect(botLineVariants('rephrase', 'en')).toContain(r?.replies[0]);
  });

  it('"yes" accepts the offer of a person even after a "did you mean" came in between', () => {
    const turns = converse('asdf', 'qwer zzz', 'what about it', 'yes');
    expect(turns[1]?.state.pending?.kind).toBe('offer_human');
    expect(turns[2]?.state.pending?.kind).toBe('clarify');
    expect(turns[3]?.actions.find((a) => a.type === 'handoff')).toMatchObject({ reason: 'low_confidence' });
  });

  it.each([
    ['this is ridiculous, I have waited two weeks!!!', /order number/i],
    ['太离谱了，等了两个星期还没到！！！', /订单号|人工/u],
  ])('an upset "%s" is soothed, then asked for the order number or offered a person', (text, next) => {
    const [r] = converse(text);
    expect(r?.replies).toHaveLength(2);
    expect(r?.replies[1]).toMatch(next);
    expect(botLineVariants('rephrase', 'en')).not.toContain(r?.replies[1]);
  });

  it('"那退款呢?" after the return-shipping answer is about refunds, not the same answer again', () => {
    const [first, followUp] = converse('退货运费谁出', '那退款呢?');
    expect(first?.replies).toEqual([faqAnswer('return-shipping-fee', 'zh-CN')]);
    expect(followUp?.replies[0]).toMatch(/退款/u);
    expect(followUp?.replies[0]).not.toBe(first?.replies[0]);
  });

  it('an order number with "到哪了" gets the order-status answer, not "I did not follow"', () => {
    const [r] = converse('订单号DS2026112000123到哪了');
    expect(outcome(r as TurnDecision)).toMatch(/^intent:(?:order_status|track_package)$/);
  });
});

describe('demo answers use what the customer already said', () => {
  it.each([
    ['订单DS2026112000123现在什么状态', 'DS2026112000123', /请告诉我订单号/u],
    ['status of DS2026110900789', 'DS2026110900789', /tell me its number/],
  ])('"%s" names the order instead of asking for its number', (text, order, asking) => {
    const [r] = converse(text);
    expect(outcome(r as TurnDecision)).toBe('intent:order_status');
    expect(r?.replies[0]).toContain(order);
    expect(r?.replies[0]).not.toMatch(asking);
  });

  it('without an order number the answer asks for one', () => {
    const [r] = converse('我的订单怎么样了');
    expect(r?.replies[0]).toMatch(/请告诉我订单号/u);
  });
});
