// Widget load generator, run in a worker thread by bench/widget.ts so the
// clients do not share the event loop of the server under test. Plain JS:
// workers do not inherit the TypeScript loader.
import { randomBytes } from 'node:crypto';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cmid = () => randomBytes(9).toString('base64url');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function summarize(latencies, seconds, errors) {
  latencies.sort((a, b) => a - b);
  return {
    messages: latencies.length,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? 0,
  };
}

function open(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** One visitor session on Kefu: its token and socket URL. */
async function session(spec) {
  const res = await globalThis.fetch(`${spec.httpUrl}/channels/widget/${spec.inboxId}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  if (!res.ok) throw new Error(`session ${res.status}`);
  const { visitorToken } = await res.json();
  return `${spec.wsUrl}/channels/widget/${spec.inboxId}/ws?token=${encodeURIComponent(visitorToken)}`;
}

/**
 * A sender socket and a receiver socket per conversation. Kefu: the same
 * visitor token twice; the second socket hears the message through the
 * realtime fan-out after it was stored. Bare: a relay room of two.
 */
async function pair(spec, index) {
  const kefu = spec.target === 'kefu';
  const url = kefu ? await session(spec) : `${spec.wsUrl}/?room=${index}`;
  const [sender, receiver] = [await open(url), await open(url)];
  if (kefu) {
    const ready = (ws) =>
      new Promise((resolve) =>
        ws.on('message', function onReady(d) {
          if (JSON.parse(String(d)).type !== 'ready') return;
          ws.off('message', onReady);
          resolve();
        }),
      );
    const both = Promise.all([ready(sender), ready(receiver)]);
    for (const ws of [sender, receiver]) ws.send(JSON.stringify({ type: 'hello', lastSeq: 0 }));
    await both;
  }
  return { sender, receiver };
}

/** Closed loop per pair: send, wait until the other socket has it, repeat until time is up. */
async function latency(spec) {
  const pairs = [];
  for (let i = 0; i < spec.pairs; i += 20)
    pairs.push(...(await Promise.all(Array.from({ length: Math.min(20, spec.pairs - i) }, (_, k) => pair(spec, i + k)))));
  const latencies = [];
  const acks = [];
  let errors = 0;
  let end = 0;
  let measuring = false;
  let measureFrom = Infinity;
  let warmed = 0;
  let allWarm;
  const warm = new Promise((resolve) => (allWarm = resolve));

  const run = async ({ sender, receiver }, index) => {
    let waiting = null;
    let lastSeq = 0;
    receiver.on('message', (d) => {
      const frame = JSON.parse(String(d));
      if (spec.expect === 'bot') {
        // The bot's answer (its first line) completes the round trip.
        if (waiting && frame.type === 'message' && frame.message.sender === 'bot' && frame.message.seq > waiting.afterSeq) {
          waiting.resolve(performance.now());
          waiting = null;
        }
        if (frame.type === 'message') lastSeq = Math.max(lastSeq, frame.message.seq);
        return;
      }
      const content = frame.type === 'message' ? (spec.target === 'kefu' ? frame.message.content : frame.content) : null;
      if (waiting && content === waiting.content) waiting.resolve(performance.now());
    });
    const ackWaiters = new Map();
    sender.on('message', (d) => {
      const frame = JSON.parse(String(d));
      if (frame.type === 'ack') ackWaiters.get(frame.clientMessageId)?.(performance.now());
      if (frame.type === 'error') errors++;
    });
    // Paced mode: each conversation sends every `intervalMs`, from a random offset. Latency counts
    // from the scheduled send time, so a slow answer that delays the next send is not hidden.
    // Warm-up runs closed-loop; when measuring starts the schedule begins afresh from a random offset.
    const offset = Math.random() * spec.intervalMs;
    let paced = 0;
    for (let i = 0; ; i++) {
      if (end && performance.now() >= end) return;
      const content = spec.questions ? spec.questions[(index * 31 + i) % spec.questions.length] : `p${index}-m${i}`;
      const clientMessageId = cmid();
      const scheduled = spec.intervalMs && measuring ? measureFrom + offset + paced++ * spec.intervalMs : 0;
      if (scheduled) await sleep(Math.max(0, scheduled - performance.now()));
      const t0 = scheduled || performance.now();
      const echoed = new Promise((resolve) => (waiting = { content, resolve, afterSeq: lastSeq }));
      const acked = spec.target === 'kefu' ? new Promise((resolve) => ackWaiters.set(clientMessageId, resolve)) : null;
      sender.send(JSON.stringify({ type: 'message', clientMessageId, content }));
      // One timer per message, cleared on the answer: thousands of live 30 s timers would tax the generator.
      let timer;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), 30_000)));
      const t1 = await Promise.race([echoed, timeout]);
      clearTimeout(timer);
      if (t1 === null) {
        errors++;
        continue;
      }
      // Only sends scheduled inside the measured window count (warm-up backlog is not the server's latency).
      const counted = measuring && t0 >= measureFrom && (!spec.intervalMs || scheduled > 0);
      if (counted) latencies.push(t1 - t0);
      if (acked) {
        const ta = await acked;
        ackWaiters.delete(clientMessageId);
        if (counted) acks.push(ta - t0);
      }
      // Warm once every pair has made two round trips (Kefu: the conversation exists and both sockets follow it).
      if (i === 1 && ++warmed === pairs.length) allWarm();
    }
  };

  const started = pairs.map((p, i) => run(p, i));
  await Promise.race([warm, sleep(30_000)]);
  measuring = true;
  // Paced: the closed-loop warm-up leaves a backlog; the schedule starts once it has drained, so the
  // figures are the latency at the offered load, not the tail of the warm-up.
  const t0 = performance.now() + (spec.intervalMs ? 1000 : 0);
  measureFrom = t0;
  end = t0 + spec.seconds * 1000;
  setTimeout(() => parentPort.postMessage({ window: 'start' }), t0 - performance.now());
  await Promise.all(started);
  parentPort.postMessage({ window: 'end' });
  const seconds = (performance.now() - t0) / 1000;
  for (const { sender, receiver } of pairs) {
    sender.terminate();
    receiver.terminate();
  }
  return { echo: summarize(latencies, seconds, errors), ack: spec.target === 'kefu' ? summarize(acks, seconds, 0) : null };
}

/**
 * Reconnect chaos: every client writes its share of messages while its
 * socket is killed at random (right after a send, or at any moment); it
 * reconnects, resumes with hello(lastSeq) and resends every unacknowledged
 * message with the same clientMessageId. Reports what each client saw.
 */
async function chaos(spec) {
  const perClient = Math.ceil(spec.messages / spec.clients);
  const report = { drops: 0, reconnects: 0, rateLimited: 0, clients: [] };
  const t0 = performance.now();

  const client = async (index) => {
    const url = await session(spec);
    const state = { conversationId: null, lastSeq: 0, next: 0, outbox: new Map(), acked: new Set(), seqs: new Map(), duplicates: 0, gaps: 0 };
    let ws = null;
    let ready = false;
    let progressAt = performance.now();
    let finished;
    const done = new Promise((resolve) => (finished = resolve));
    const complete = () => state.acked.size === perClient && state.seqs.size === perClient;

    const sendNext = () => {
      while (ready && state.next < perClient && state.outbox.size < spec.window) {
        const item = { clientMessageId: cmid(), content: `c${index}-m${state.next++}` };
        state.outbox.set(item.clientMessageId, item);
        send(item);
        if (Math.random() < spec.dropAfterSend) return kill();
      }
    };
    const send = (item) => ws?.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'message', ...item }));
    const kill = () => {
      if (!ws) return;
      report.drops++;
      ws.terminate();
    };
    const connect = () => {
      const socket = new WebSocket(url, { perMessageDeflate: false });
      ws = socket;
      socket.on('open', () =>
        socket.send(
          JSON.stringify({ type: 'hello', lastSeq: state.lastSeq, ...(state.conversationId ? { conversationId: state.conversationId } : {}) }),
        ),
      );
      socket.on('message', (d) => {
        const frame = JSON.parse(String(d));
        progressAt = performance.now();
        if (frame.type === 'ready') {
          ready = true;
          for (const item of state.outbox.values()) send(item);
          sendNext();
        } else if (frame.type === 'ack') {
          state.outbox.delete(frame.clientMessageId);
          state.acked.add(frame.clientMessageId);
          sendNext();
        } else if (frame.type === 'message') {
          const { seq, id } = frame.message;
          state.conversationId = frame.message.conversationId;
          if (state.seqs.has(seq)) state.duplicates++;
          else if (seq !== state.lastSeq + 1) state.gaps++;
          state.seqs.set(seq, id);
          state.lastSeq = Math.max(state.lastSeq, seq);
        } else if (frame.type === 'error' && frame.code === 'rate_limited') {
          report.rateLimited++;
          setTimeout(() => state.outbox.has(frame.clientMessageId) && send(state.outbox.get(frame.clientMessageId)), 200);
        }
        if (complete()) finished();
      });
      socket.on('error', () => undefined);
      socket.on('close', () => {
        ready = false;
        if (complete()) return;
        report.reconnects++;
        setTimeout(connect, Math.random() * spec.reconnectMs);
      });
    };
    connect();
    const randomDrops = setInterval(() => {
      if (Math.random() < spec.dropPerTick) kill();
      // Nothing for a minute: something was lost; stop waiting and let the report show it.
      if (performance.now() - progressAt > 60_000) finished();
    }, 250);
    await done;
    clearInterval(randomDrops);
    ws.close();
    report.clients.push({
      conversationId: state.conversationId,
      sent: state.next,
      acked: state.acked.size,
      received: state.seqs.size,
      duplicates: state.duplicates,
      gaps: state.gaps,
      maxSeq: state.lastSeq,
    });
  };

  await Promise.all(Array.from({ length: spec.clients }, (_, i) => client(i)));
  return { ...report, perClient, seconds: (performance.now() - t0) / 1000 };
}

parentPort.postMessage(workerData.mode === 'chaos' ? await chaos(workerData) : await latency(workerData));
