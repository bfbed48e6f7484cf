import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/**
 * The dependency audit CI runs (`npm run audit:check`): `npm audit
 * --omit=dev --json`, then every high or critical advisory must be in
 * audit-allowlist.json with a reason and a review date that has not passed.
 * Exit 0 = clean, 1 = unlisted or overdue advisories, 2 = the advisory
 * database could not be read (a warning unless KEFU_AUDIT_STRICT=1).
 */

export const allowlistSchema = z.object({
  advisories: z.array(
    z.object({
      /** GHSA id (`GHSA-xxxx-xxxx-xxxx`) or npm's numeric advisory id. */
      id: z.string().min(1),
      package: z.string().min(1),
      reason: z.string().min(10),
      /** ISO date; after it the entry no longer counts, so someone looks again. */
      reviewBy: z.iso.date(),
    }),
  ),
});
export type Allowlist = z.infer<typeof allowlistSchema>;

interface Via {
  source?: number;
  name?: string;
  title?: string;
  url?: string;
  severity?: string;
}
interface AuditReport {
  vulnerabilities?: Record<string, { name: string; severity: string; via: (Via | string)[] }>;
}

export interface Finding {
  id: string;
  package: string;
  severity: string;
  title: string;
  why: 'not allowlisted' | 'review overdue';
}

const idsOf = (via: Via) =>
  [via.url?.match(/GHSA-[\w-]+/)?.[0], via.source === undefined ? undefined : String(via.source)].filter(Boolean) as string[];

/**
 * The high and critical advisories of a report that the allowlist does not
 * cover (or covers past its review date), one per advisory.
 *
 * @example auditFindings(report, { advisories: [] }, '2026-11-22') // [{ id: 'GHSA-…', why: 'not allowlisted', … }]
 */
export function auditFindings(report: AuditReport, allowlist: Allowlist, today: string): Finding[] {
  const found = new Map<string, Finding>();
  for (const vuln of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vuln.via) {
      if (typeof via === 'string' || !['high', 'critical'].includes(via.severity ?? '')) continue;
      const ids = idsOf(via);
      const entry = allowlist.advisories.find((a) => ids.includes(a.id));
      if (entry && entry.reviewBy >= today) continue;
      const id = ids[0] ?? `${via.name}:${via.title}`;
      found.set(id, {
        id,
        package: via.name ?? vuln.name,
        severity: via.severity!,
        title: via.title ?? '',
        why: entry ? 'review overdue' : 'not allowlisted',
      });
    }
  }
  return [...found.values()];
}

function runNpmAudit(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    // npm audit exits non-zero when it finds anything; the JSON is what counts.
    execFile('npm', ['audit', '--omit=dev', '--json'], { cwd, maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve(stdout));
  });
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const allowlist = allowlistSchema.parse(JSON.parse(await readFile(`${root}audit-allowlist.json`, 'utf8')));
  let report: AuditReport & { error?: unknown };
  try {
    report = JSON.parse(await runNpmAudit(root)) as AuditReport & { error?: unknown };
  } catch {
    report = { error: 'unreadable output' };
  }
  if (!report.vulnerabilities) {
    say('!! npm audit could not read the advisory database (registry without the audit endpoint?)');
    return process.env.KEFU_AUDIT_STRICT === '1' ? 1 : 2;
  }
  const findings = auditFindings(report, allowlist, new Date().toISOString().slice(0, 10));
  for (const f of findings) say(`!! ${f.severity} ${f.id} in ${f.package}: ${f.title} (${f.why})`);
  say(findings.length ? `${findings.length} high/critical advisories need a fix or an allowlist entry` : 'no unlisted high/critical advisories');
  return findings.length ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
