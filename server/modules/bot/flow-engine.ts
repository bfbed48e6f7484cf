import type { FlowDefinition, FlowLocale, FlowSlot } from './flow-schema.ts';
import { botLine } from './replies.ts';
import {
  entityValue,
  formatSlotValue,
  isCancel,
  parseOrdinal,
  parseYesNo,
  renderTemplate,
  sharedTerms,
  validateSlot,
  type SlotAnswer,
  type SlotValue,
} from './slot-values.ts';

/**
 * Runs one slot-filling flow (flow-schema.ts) turn by turn: fill what is
 * already known, ask each missing slot in order, validate and re-ask,
 * confirm, then hand back the flow's actions. Pure: the state goes in and
 * comes out as plain JSON.
 */

export type FlowStep =
  { kind: 'slot'; slot: string; attempts: number } | { kind: 'confirm'; attempts: number } | { kind: 'change'; attempts: number };

export interface FlowState {
  name: string;
  /** The intent that started it; `knowledge.flowFor(intent)` finds the definition again next turn. */
  intent: string;
  /** Filled slots; a key with `null` is an optional slot the customer skipped. */
  slots: Record<string, SlotValue>;
  step: FlowStep;
  startedAt: number;
}

/** What a finished flow asks the wiring layer to do, in the flow's order. */
export type FlowActionRequest =
  | { type: 'create_request'; kind: string; flow: string; slots: Record<string, SlotValue> }
  | { type: 'webhook'; url: string; payload: { flow: string; locale: FlowLocale; slots: Record<string, SlotValue> } }
  | { type: 'handoff'; flow: string; slots: Record<string, SlotValue> };

/** `invalid`: re-asked; `stuck`: re-asked and a human offered; `done`/`cancelled`: the flow is over (`state` undefined). */
export type FlowOutcome = 'asking' | 'confirming' | 'invalid' | 'stuck' | 'done' | 'cancelled';

export interface FlowTurn {
  outcome: FlowOutcome;
  replies: string[];
  state?: FlowState;
  actions: FlowActionRequest[];
}

/** An answer plus what the flow needs to word its reply. */
export interface FlowInput extends SlotAnswer {
  locale: FlowLocale;
}

const confirmMaxAttempts = 3;

/** The slots as display strings in the locale, for `{slot}` placeholders. */
export function slotTexts(flow: FlowDefinition, slots: Readonly<Record<string, SlotValue>>, locale: FlowLocale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const slot of flow.slots) out[slot.name] = formatSlotValue(slot, slots[slot.name], locale);
  return out;
}

/**
 * The flow's `done` text with its slots and any extra values filled in.
 * The wiring layer calls this after running a `create_request` action, with
 * the number it got back: `renderDone(flow, slots, { request_number: 'R1024' }, 'zh-CN')`.
 *
 * @example renderDone(returnFlow, { order_number: 'E1234567890' }, { request_number: 'R1024' }, 'en')
 */
export function renderDone(
  flow: FlowDefinition,
  slots: Readonly<Record<string, SlotValue>>,
  extra: Readonly<Record<string, string>>,
  locale: FlowLocale,
): string {
  return renderTemplate(flow.done[locale], { ...slotTexts(flow, slots, locale), ...extra });
}

/** The slot the flow is waiting for, if it is waiting for one. */
export function pendingSlot(flow: FlowDefinition, state: FlowState): FlowSlot | undefined {
  return state.step.kind === 'slot' ? flow.slots.find((s) => s.name === (state.step as { slot: string }).slot) : undefined;
}

function slotPrompt(slot: FlowSlot, locale: FlowLocale): string {
  const prompt = slot.prompt[locale];
  const mentionsSkip = /跳过|skip/i.test(prompt);
  return slot.optional && !mentionsSkip ? `${prompt}${locale === 'en' ? ' ' : ''}${botLine('skip_hint', locale)}` : prompt;
}

/** A slot's short name for the "which one to change" list: its prompt up to the first question mark, colon or bracket. */
function slotLabel(slot: FlowSlot, locale: FlowLocale): string {
  const prompt = slot.prompt[locale];
  return prompt.split(/[?？:：(（\n]/u)[0]?.trim() || prompt;
}

function changeList(flow: FlowDefinition, state: FlowState, locale: FlowLocale): string {
  const texts = slotTexts(flow, state.slots, locale);
  const items = flow.slots.map((s, i) => `${i + 1}. ${slotLabel(s, locale)}${locale === 'en' ? ': ' : '：'}${texts[s.name]}`);
  return [botLine('change_which', locale), ...items].join('\n');
}

/**
 * What the flow is asking right now (slot prompt, confirmation or the list
 * of slots to change), e.g. to ask again after answering a side question.
 */
export function currentQuestion(flow: FlowDefinition, state: FlowState, locale: FlowLocale): string {
  if (state.step.kind === 'change') return changeList(flow, state, locale);
  if (state.step.kind === 'confirm' && flow.confirm) return renderTemplate(flow.confirm[locale], slotTexts(flow, state.slots, locale));
  const slot = pendingSlot(flow, state);
  return slot ? slotPrompt(slot, locale) : '';
}

function complete(flow: FlowDefinition, state: FlowState, locale: FlowLocale): FlowTurn {
  const slots = { ...state.slots };
  const actions = flow.actions.map((a): FlowActionRequest => {
    if (a.type === 'create_request') return { type: 'create_request', kind: a.kind, flow: flow.name, slots };
    if (a.type === 'webhook') return { type: 'webhook', url: a.url, payload: { flow: flow.name, locale, slots } };
    return { type: 'handoff', flow: flow.name, slots };
  });
  // With a request to create, `done` waits for its number: the wiring layer renders it (renderDone).
  const replies = actions.some((a) => a.type === 'create_request') ? [] : [renderDone(flow, slots, {}, locale)];
  return { outcome: 'done', replies, actions };
}

/** Asks the next missing slot, or confirms, or completes. */
function advance(flow: FlowDefinition, state: FlowState, locale: FlowLocale, lead: string[] = []): FlowTurn {
  const missing = flow.slots.find((s) => !(s.name in state.slots));
  if (missing) {
    const next: FlowState = { ...state, step: { kind: 'slot', slot: missing.name, attempts: 0 } };
    return { outcome: 'asking', replies: [...lead, slotPrompt(missing, locale)], state: next, actions: [] };
  }
  if (!flow.confirm) return complete(flow, state, locale);
  const next: FlowState = { ...state, step: { kind: 'confirm', attempts: 0 } };
  return { outcome: 'confirming', replies: [...lead, currentQuestion(flow, next, locale)], state: next, actions: [] };
}

/**
 * Starts a flow: slots are filled first from this message's entities and
 * attachments, then from `remembered` entities (an order number the customer
 * gave earlier in the conversation); then the first missing slot is asked.
 *
 * @example startFlow(returnFlow, 'return_request', { text: '我要退货 E1234567890', entities, attachments: 0, locale: 'zh-CN' }, [], Date.now())
 */
export function startFlow(flow: FlowDefinition, intent: string, input: FlowInput, remembered: SlotAnswer['entities'], now: number): FlowTurn {
  const slots: Record<string, SlotValue> = {};
  for (const slot of flow.slots) {
    if (slot.type !== 'entity') continue;
    const found = entityValue(slot, { text: '', entities: input.entities });
    const recalled = found.ok ? found : entityValue(slot, { text: '', entities: remembered });
    if (recalled.ok) slots[slot.name] = recalled.value;
  }
  const photo = flow.slots.find((s) => s.type === 'attachment');
  if (photo && input.attachments > 0) slots[photo.name] = input.attachments;
  const state: FlowState = { name: flow.name, intent, slots, step: { kind: 'slot', slot: '', attempts: 0 }, startedAt: now };
  return advance(flow, state, input.locale);
}

function reask(flow: FlowDefinition, state: FlowState, locale: FlowLocale, invalid: string, maxAttempts: number): FlowTurn {
  const attempts = state.step.attempts + 1;
  const next: FlowState = { ...state, step: { ...state.step, attempts } };
  const stuck = attempts >= maxAttempts;
  const replies = [`${invalid}${locale === 'en' ? ' ' : ''}${currentQuestion(flow, next, locale)}`, ...(stuck ? [botLine('stuck', locale)] : [])];
  return { outcome: stuck ? 'stuck' : 'invalid', replies, state: next, actions: [] };
}

function answerSlot(flow: FlowDefinition, state: FlowState, input: FlowInput): FlowTurn {
  const slot = pendingSlot(flow, state);
  if (!slot) return advance(flow, state, input.locale);
  const check = validateSlot(slot, input);
  if (check.ok) return advance(flow, { ...state, slots: { ...state.slots, [slot.name]: check.value } }, input.locale);
  const invalid = slot.invalid?.[input.locale] ?? botLine('invalid_generic', input.locale);
  return reask(flow, state, input.locale, invalid, slot.maxAttempts);
}

/** An entity in the answer that changes an already filled entity slot ("不对，订单号是 E…"). */
function correction(flow: FlowDefinition, state: FlowState, input: FlowInput): FlowState | undefined {
  for (const slot of flow.slots) {
    if (slot.type !== 'entity') continue;
    const check = entityValue(slot, { text: '', entities: input.entities });
    if (check.ok && JSON.stringify(check.value) !== JSON.stringify(state.slots[slot.name])) {
      return { ...state, slots: { ...state.slots, [slot.name]: check.value } };
    }
  }
  return undefined;
}

function answerConfirm(flow: FlowDefinition, state: FlowState, input: FlowInput): FlowTurn {
  const corrected = correction(flow, state, input);
  if (corrected) return advance(flow, corrected, input.locale);
  const yn = parseYesNo(input.text);
  if (yn === 'yes') return complete(flow, state, input.locale);
  if (yn === 'no') {
    const next: FlowState = { ...state, step: { kind: 'change', attempts: 0 } };
    return { outcome: 'asking', replies: [changeList(flow, next, input.locale)], state: next, actions: [] };
  }
  return reask(flow, state, input.locale, botLine('confirm_hint', input.locale), confirmMaxAttempts);
}

function answerChange(flow: FlowDefinition, state: FlowState, input: FlowInput): FlowTurn {
  const corrected = correction(flow, state, input);
  if (corrected) return advance(flow, corrected, input.locale);
  let index = parseOrdinal(input.text, flow.slots.length);
  if (index === undefined) {
    const scores = flow.slots.map((s) => sharedTerms(input.text, `${s.name.replace(/_/g, ' ')} ${s.prompt['zh-CN']} ${s.prompt.en}`));
    const best = Math.max(...scores);
    if (best > 0 && scores.filter((s) => s === best).length === 1) index = scores.indexOf(best);
  }
  const slot = index === undefined ? undefined : flow.slots[index];
  if (!slot) return reask(flow, state, input.locale, botLine('invalid_generic', input.locale), confirmMaxAttempts);
  const slots = { ...state.slots };
  delete slots[slot.name];
  return advance(flow, { ...state, slots }, input.locale);
}

/**
 * One customer answer inside a running flow. "取消/算了/cancel" at any step
 * leaves the flow with its `cancelled` text; a "no" at the confirmation asks
 * which slot to change; after a slot's `maxAttempts` bad answers a human is
 * offered (outcome `stuck`) while the flow keeps waiting.
 *
 * @example continueFlow(returnFlow, state, { text: '2', entities: [], attachments: 0, locale: 'en' })
 */
export function continueFlow(flow: FlowDefinition, state: FlowState, input: FlowInput): FlowTurn {
  if (isCancel(input.text)) {
    return { outcome: 'cancelled', replies: [renderTemplate(flow.cancelled[input.locale], slotTexts(flow, state.slots, input.locale))], actions: [] };
  }
  if (state.step.kind === 'confirm') return answerConfirm(flow, state, input);
  if (state.step.kind === 'change') return answerChange(flow, state, input);
  return answerSlot(flow, state, input);
}
