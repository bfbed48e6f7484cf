/**
 * Ticket classifier training speed at a workspace's scale: 10,000 tickets
 * made from the demo tickets (server/demo/tickets.jsonl) by perturbing them —
 * new order numbers and amounts, a word or character dropped, two
 * neighbouring words swapped, tickets glued to a side remark from another one.
 * Trains, in the same run:
 *
 *   baseline  the bot's intent classifier on the same texts, leaf labels only (one model, no priority)
 *   tickets   `trainTicketClassifier` (category model + priority model + usual priorities)
 *
 * and prints train time (wall and CPU) and per-ticket predict p50 / p99 on
 * 1,000 further perturbed tickets, from raw text (normalising and jieba
 * included). Accuracy here is on perturbed copies of the training phrasings:
 * a speed check, not a quality figure (docs/quality.md has those).
 *
 *   npm run bench:ticket-classify            (BENCH_CLASSIFY_TICKETS=20000 for another size)
 */
import { trainIntentClassifier } from '../server/nlu/intent-classifier.ts';
import { seededRandom } from '../server/nlu/linear-model.ts';
import { trainTicketClassifier, type TicketExample } from '../server/nlu/ticket-classifier.ts';
import { loadDemoTickets } from '../server/nlu/ticket-demo-data.ts';
import { createTextAnalyzer } from '../server/nlu/text.ts';

const SIZE = Number(process.env.BENCH_CLASSIFY_TICKETS ?? 10_000);
const TEST = 1000;
const random = seededRandom(42);
const demo: TicketExample[] = loadDemoTickets();

function perturb(ticket: TicketExample): TicketExample {
  let text = ticket.text.replace(/\d/g, () => String(Math.floor(random() * 10)));
  const zh = ticket.locale?.startsWith('zh') ?? false;
  const r = random();
  if (zh && r < 0.3) {
    const at = Math.floor(random() * text.length);
    text = text.slice(0, at) + text.slice(at + 1);
  } else if (!zh && r < 0.3) {
    const words = text.split(' ');
    words.splice(Math.floor(random() * words.length), 1);
    text = words.join(' ');
  } else if (r < 0.5) {
    const words = text.split(zh ? '，' : ' ');
    const at = Math.floor(random() * Math.max(words.length - 1, 1));
    [words[at], words[at + 1]] = [words[at + 1] ?? '', words[at] ?? ''];
    text = words.join(zh ? '，' : ' ');
  } else if (r < 0.6) {
    const other = demo[Math.floor(random() * demo.length)] as TicketExample;
    text = `${text}${zh ? '。另外，' : ' Also: '}${other.text.slice(0, 20)}`;
  }
  return { ...ticket, text };
}

const make = (n: number) => Array.from({ length: n }, (_, i) => perturb(demo[i % demo.length] as TicketExample));

function timed<T>(work: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: Math.round(performance.now() - start), cpuMs: Math.round((used.user + used.system) / 1000) };
}

function measure(name: string, trained: { wallMs: number; cpuMs: number }, predict: (t: TicketExample) => boolean, test: TicketExample[]): void {
  for (const t of test.slice(0, 100)) predict(t);
  const times: number[] = [];
  let right = 0;
  for (const t of test) {
    const start = performance.now();
    if (predict(t)) right++;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(2);
  process.stdout.write(
    `  ${name.padEnd(9)} train ${(trained.wallMs / 1000).toFixed(1)} s wall, ${(trained.cpuMs / 1000).toFixed(1)} s CPU  ` +
      `predict p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  leaf accuracy ${((100 * right) / test.length).toFixed(1)}%\n`,
  );
}

const train = make(SIZE);
const test = make(TEST);
process.stdout.write(`ticket classification: ${train.length} training tickets (from ${demo.length} demo tickets), ${test.length} test\n`);
const analyzer = createTextAnalyzer();
const leaf = (t: TicketExample) => t.category.join('/');

const baseline = timed(() =>
  trainIntentClassifier({ examples: train.map((t) => ({ text: t.text, label: leaf(t) })), faqs: [], dictionary: [] }, { analyzer, oosThreshold: 0 }),
);
measure('baseline', baseline, (t) => baseline.value.predict(analyzer.analyze(t.text)).ranking[0]?.name === leaf(t), test);
process.stdout.write(`  (baseline: ${baseline.value.stats.multiclass}, ${baseline.value.stats.features} features)\n`);

const tickets = timed(() => trainTicketClassifier(train, { analyzer }));
measure('tickets', tickets, (t) => tickets.value.classify(t.text, { locale: t.locale }).category.path.join('/') === leaf(t), test);
