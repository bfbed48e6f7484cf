import { parseArgs } from 'node:util';
import type { AppContext } from './context.ts';
import { openDatabase } from './db/client.ts';
import { findRunningEmbedded, startEmbeddedPostgres } from './db/embedded.ts';
import { runMigrations } from './db/migrate.ts';
import { loadEnv, type Env } from './env.ts';
import { EventBus } from './events/bus.ts';
import { createLocalHub } from './realtime/hub.ts';
import { createInlineJobs } from './jobs/queue.ts';
import { resetPassword } from './flows/reset-password.ts';
import { AppError } from './lib/errors.ts';
import { createLogger } from './lib/log-context.ts';
import { maskForLog } from './modules/pii/index.ts';

const USAGE = `Usage: npm run kefu -- <command>

Commands:
  user reset-password --email EMAIL [--workspace SLUG]   print a new random password for a user
  eval intent --train TRAIN.jsonl --test TEST.jsonl [--lang zh|en|auto]
  eval sentiment --train TRAIN.jsonl --test TEST.jsonl [--lang zh|en|auto]
  eval faq --pairs PAIRS.jsonl [--lang zh|en|auto]
      train the product's classifier / retriever on a file and score it; the last line of
      stdout is one JSON object with the figures (docs/quality.md lists them)
  eval tickets [--data server/demo/tickets.jsonl] [--split random|template] [--seed N]
      train the ticket classifier (category + priority) on the demo tickets and score a held-out split
  eval pii [--corpus server/demo/pii-corpus.jsonl] [--verbose]
      score the personal-information detectors per kind on a labelled corpus (docs/pii.md)
`;

const EVALUATORS = {
  intent: () => import('./nlu/eval-intent.ts').then((m) => m.evalIntent),
  sentiment: () => import('./nlu/eval-sentiment.ts').then((m) => m.evalSentiment),
  faq: () => import('./nlu/eval-faq.ts').then((m) => m.evalFaq),
} as const;

/** `eval <kind>`: progress on stderr, the figures as the last line of stdout. */
async function runEval(kind: string | undefined, args: string[]): Promise<number> {
  if (!kind || !(kind in EVALUATORS)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args,
    options: { train: { type: 'string' }, test: { type: 'string' }, pairs: { type: 'string' }, lang: { type: 'string', default: 'auto' } },
  });
  const lang = values.lang === 'zh' || values.lang === 'en' ? values.lang : 'auto';
  const needs = kind === 'faq' ? [values.pairs] : [values.train, values.test];
  if (needs.some((v) => !v) || !['zh', 'en', 'auto'].includes(values.lang ?? 'auto')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const evaluate = await EVALUATORS[kind as keyof typeof EVALUATORS]();
  const result = await evaluate({
    train: values.train,
    test: values.test,
    pairs: values.pairs,
    lang,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

/** `eval tickets`: the ticket classifier on a held-out split of the demo tickets (its own options: no train/test files). */
async function runTicketEval(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, split: { type: 'string', default: 'random' }, seed: { type: 'string', default: '1' } },
  });
  const seed = Number(values.seed);
  if ((values.split !== 'random' && values.split !== 'template') || !Number.isInteger(seed)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const { evalTickets } = await import('./nlu/eval-tickets.ts');
  const result = await evalTickets({ data: values.data, split: values.split, seed, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

/** `eval pii`: the PII detectors on a labelled corpus; a per-kind table, then the JSON line. */
async function runPiiEval(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { corpus: { type: 'string' }, verbose: { type: 'boolean', default: false } } });
  const { evalPii, formatPiiTable } = await import('./modules/pii/eval.ts');
  const log = values.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const result = await evalPii({ corpus: values.corpus, log });
  process.stdout.write(`${formatPiiTable(result)}\n${JSON.stringify(result)}\n`);
  return 0;
}

/** Open Kefu's database: DATABASE_URL, the embedded one a running Kefu holds, or start it. */
async function withDatabase<T>(env: Env, work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const log = createLogger('warn', undefined, maskForLog);
  let stopEmbedded: (() => Promise<void>) | null = null;
  let url = env.DATABASE_URL ?? (await findRunningEmbedded(env.dataDir));
  if (!url) {
    const embedded = await startEmbeddedPostgres(env.dataDir, { log });
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  await runMigrations(url);
  const database = openDatabase(url, { max: 2 });
  try {
    return await work({
      env,
      db: database.db,
      bus: new EventBus(log),
      log,
      realtime: createLocalHub(log),
      jobs: createInlineJobs(() => {
        throw new Error('the CLI runs no jobs');
      }, []),
    });
  } finally {
    await database.close();
    await stopEmbedded?.();
  }
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'eval' && command === 'tickets') return runTicketEval(rest);
  if (group === 'eval' && command === 'pii') return runPiiEval(rest);
  if (group === 'eval') return runEval(command, rest);
  if (group === 'user' && command === 'reset-password') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, workspace: { type: 'string' } } });
    if (!values.email) {
      process.stderr.write(USAGE);
      return 2;
    }
    const email = values.email;
    const result = await withDatabase(loadEnv(), (ctx) => resetPassword(ctx, { email, workspace: values.workspace }));
    process.stdout.write(`New password for ${email} (workspace ${result.workspaceId}): ${result.password}\n`);
    return 0;
  }
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof AppError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    process.stderr.write(`kefu: ${message}\n`);
    process.exit(1);
  },
);
