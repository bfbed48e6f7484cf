// Clients for bench/handoff.ts, run in a worker thread so they do not share
// Kefu's event loop: the agents' console sockets (as web/src/console/realtime.tsx
// opens them) and the customers' widget sockets. Every timestamp is taken
// here, on one clock. Plain JS: workers do not inherit the TypeScript loader.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const spec = workerData;
const step = (what) => process.stderr.write(`handoff bench: ${what}\n`);
const cmid = () => randomBytes(9).toString('base64url');

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the first frame `test` accepts, or null after `ms`. */
function next(ws, test, ms = 30_000) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), ms);
    const onFrame = (data) => {
      const frame = JSON.parse(String(data));
      if (test(frame)) done(frame);
    };
    const done = (value) => {
      clearTimeout(timer);
      ws.off('message', onFrame);
      resolve(value);
    };
    ws.on('message', onFrame);
  });
}

async function api(token, method, url, body) {
  const res = await globalThis.fetch(`${spec.httpUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The moment each conversation would show in an agent's "mine / open" list
 * (use-conversation-list.ts: any event carrying a conversation that now
 * matches the filter), and the moment its `conversation.assigned` arrived.
 */
const shown = new Map();
const assignedEvent = new Map();
const queuedEvents = new Set();

async function connectAgent(agent) {
  const ws = await open(`${spec.wsUrl}/api/v1/realtime?token=${encodeURIComponent(agent.token)}`);
  ws.on('message', (data) => {
    const at = performance.now();
    const event = JSON.parse(String(data));
    if (event.type === 'conversation.queued' && event.position > 0) queuedEvents.add(event.conversationId);
    if (event.type === 'conversation.assigned' && event.assigneeId === agent.userId && !assignedEvent.has(event.conversation.id))
      assignedEvent.set(event.conversation.id, { at, agent: agent.userId });
    const c = event.conversation;
    if (c && c.assigneeId === agent.userId && c.status === 'open' && !shown.has(c.id)) shown.set(c.id, { at, agent: agent.userId, type: event.type });
  });
  await next(ws, (f) => f.type === 'ready');
  await api(agent.token, 'PUT', '/api/v1/routing/me/presence', { presence: 'online' });
  return ws;
}

/** A visitor with one widget socket, greeted and ready; it notes when each of the bot's messages arrives. */
async function connectCustomer() {
  const res = await globalThis.fetch(`${spec.httpUrl}/channels/widget/${spec.inboxId}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`session ${res.status}`);
  const { visitorToken } = await res.json();
  const ws = await open(`${spec.wsUrl}/channels/widget/${spec.inboxId}/ws?token=${encodeURIComponent(visitorToken)}`);
  const customer = { ws, conversationId: null, botMessages: [], waiters: new Set() };
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type !== 'message' || frame.message.sender !== 'bot') return;
    customer.botMessages.push({ seq: frame.message.seq, at: performance.now() });
    for (const waiter of customer.waiters) waiter();
  });
  const ready = next(ws, (f) => f.type === 'ready');
  ws.send(JSON.stringify({ type: 'hello', lastSeq: 0 }));
  await ready;
  return customer;
}

/** When the bot's first message after `seq` arrived (null if none within `ms`). */
function botAfter(customer, seq, ms = 30_000) {
  const find = () => customer.botMessages.find((m) => m.seq > seq)?.at ?? null;
  return new Promise((resolve) => {
    const check = () => {
      const at = find();
      if (at === null) return;
      done(at);
    };
    const timer = setTimeout(() => done(null), ms);
    const done = (value) => {
      clearTimeout(timer);
      customer.waiters.delete(check);
      resolve(value);
    };
    customer.waiters.add(check);
    check();
  });
}

/** Send `content`; resolves with the send time and how long the bot's first answer after it took (null on time-out). */
async function say(customer, content) {
  const clientMessageId = cmid();
  const acked = next(customer.ws, (f) => f.type === 'ack' && f.clientMessageId === clientMessageId);
  const t0 = performance.now();
  customer.ws.send(JSON.stringify({ type: 'message', clientMessageId, content }));
  const ack = await acked;
  if (!ack) return { t0, answerMs: null };
  customer.conversationId = ack.conversationId;
  const at = await botAfter(customer, ack.seq);
  return { t0, answerMs: at === null ? null : at - t0 };
}

/** Ordinary questions for the bot turn, alternating languages. */
const QUESTIONS = ['怎么退货？', 'How do I return an item?', '运费怎么算？', 'How long does shipping take?'];
const HANDOFFS = ['转人工', 'human please'];

async function inBatches(count, make) {
  const out = [];
  for (let i = 0; i < count; i += 20) out.push(...(await Promise.all(Array.from({ length: Math.min(20, count - i) }, (_, k) => make(i + k)))));
  return out;
}

/** Wait until every id in `ids` shows (or `ms` pass). */
async function waitShown(ids, ms) {
  const until = performance.now() + ms;
  while (performance.now() < until && ids.some((id) => !shown.has(id))) await sleep(20);
}

/** The WebSocket round trip of a console socket (ping → pong), measured before the load. */
async function pingRoundTrips(ws, times) {
  const out = [];
  for (let i = 0; i < times; i++) {
    const pong = next(ws, (f) => f.type === 'pong');
    const t0 = performance.now();
    ws.send(JSON.stringify({ type: 'ping' }));
    await pong;
    out.push(performance.now() - t0);
  }
  return out;
}

async function main() {
  const agentSockets = await Promise.all(spec.agents.map(connectAgent));
  step('agents online');
  const pings = await pingRoundTrips(agentSockets[0], 200);
  const customers = await inBatches(spec.conversations, () => connectCustomer());
  step('customers connected');
  // One bot turn each, all at once: the baseline (the bot's answer under the same concurrency).
  const botTurns = await Promise.all(customers.map((c, i) => say(c, QUESTIONS[i % QUESTIONS.length])));
  step('bot turns done');
  await sleep(500);
  // spreadMs 0: all at once; else each at a random moment within spreadMs (a steady arrival rate).
  const handoffs = await Promise.all(
    customers.map(async (c, i) => {
      if (spec.spreadMs) await sleep(Math.random() * spec.spreadMs);
      return say(c, HANDOFFS[i % HANDOFFS.length]);
    }),
  );
  step('handoff messages answered');
  const ids = customers.map((c) => c.conversationId);
  await waitShown(ids, spec.waitMs);
  await sleep(200); // a `conversation.assigned` may follow the event that showed the conversation
  const handoff = customers.map((c, i) => ({
    conversationId: c.conversationId,
    sentAt: performance.timeOrigin + handoffs[i].t0,
    shownMs: shown.has(c.conversationId) ? shown.get(c.conversationId).at - handoffs[i].t0 : null,
    assignedMs: assignedEvent.has(c.conversationId) ? assignedEvent.get(c.conversationId).at - handoffs[i].t0 : null,
    via: shown.get(c.conversationId)?.type ?? null,
    queued: queuedEvents.has(c.conversationId),
    botReplyMs: handoffs[i].answerMs,
  }));
  const freed = await freedCapacity(customers);
  for (const ws of agentSockets) ws.close();
  for (const c of customers) c.ws.close();
  parentPort.postMessage({ pings, botTurns: botTurns.map((t) => t.answerMs), handoff, freed });
}

/**
 * Agents full: `spec.overflow` more customers hand off and wait in the queue;
 * then as many agents resolve one conversation each, all at once. For each
 * resolve: the time until a queued conversation shows in that agent's console.
 */
async function freedCapacity(first) {
  if (!spec.overflow) return null;
  const extra = await inBatches(spec.overflow, () => connectCustomer());
  await Promise.all(extra.map((c, i) => say(c, QUESTIONS[i % QUESTIONS.length])));
  await Promise.all(extra.map((c, i) => say(c, HANDOFFS[i % HANDOFFS.length])));
  const waiting = extra.map((c) => c.conversationId);
  // Until every one of them has been handed off and queued (or assigned, if an agent was still free).
  const until = performance.now() + spec.waitMs;
  while (performance.now() < until && waiting.some((id) => !queuedEvents.has(id) && !shown.has(id))) await sleep(50);
  const queuedBefore = waiting.filter((id) => queuedEvents.has(id) && !shown.has(id)).length;
  // One conversation of each of the first `overflow` agents.
  const byAgent = new Map();
  for (const c of first) {
    const owner = shown.get(c.conversationId)?.agent;
    if (owner && !byAgent.has(owner)) byAgent.set(owner, c.conversationId);
  }
  const agents = spec.agents.filter((a) => byAgent.has(a.userId)).slice(0, spec.overflow);
  const resolves = await Promise.all(
    agents.map(async (agent) => {
      const t0 = performance.now();
      await api(agent.token, 'PATCH', `/api/v1/conversations/${byAgent.get(agent.userId)}`, { status: 'resolved' });
      return { agent: agent.userId, t0, answeredMs: performance.now() - t0 };
    }),
  );
  await waitShown(waiting, spec.waitMs);
  const latencies = resolves.map((r) => {
    const got = waiting.find((id) => shown.get(id)?.agent === r.agent);
    return { resolveMs: r.answeredMs, shownMs: got ? shown.get(got).at - r.t0 : null };
  });
  for (const c of extra) c.ws.close();
  return { queuedBefore, waiting: waiting.length, latencies };
}

main().catch((err) => {
  parentPort.postMessage({ error: String(err?.stack ?? err) });
});
