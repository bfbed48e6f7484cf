import { describe, expect, it } from 'vitest';
import { allowlistSchema, auditFindings } from './audit-check.ts';

/** The shape `npm audit --json` prints (auditReportVersion 2), trimmed to what the check reads. */
const report = {
  vulnerabilities: {
    'left-pad': {
      name: 'left-pad',
      severity: 'critical',
      via: [
        {
          source: 1001,
          name: 'left-pad',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'critical',
        },
      ],
    },
    'uses-left-pad': { name: 'uses-left-pad', severity: 'critical', via: ['left-pad'] },
    'slow-regex': {
      name: 'slow-regex',
      severity: 'high',
      via: [{ source: 1002, name: 'slow-regex', title: 'ReDoS', url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff', severity: 'high' }],
    },
    chatty: {
      name: 'chatty',
      severity: 'moderate',
      via: [{ source: 1003, name: 'chatty', title: 'Log injection', url: 'https://github.com/advisories/GHSA-gggg-hhhh-iiii', severity: 'moderate' }],
    },
  },
};

const entry = (id: string, reviewBy: string) => ({ id, package: 'slow-regex', reason: 'Only reached with admin-supplied patterns', reviewBy });

describe('the dependency audit check', () => {
  it.each([
    [
      'an empty allowlist fails every high and critical advisory, once each',
      [],
      ['GHSA-aaaa-bbbb-cccc:not allowlisted', 'GHSA-dddd-eeee-ffff:not allowlisted'],
    ],
    [
      'an entry by GHSA id covers its advisory until the review date',
      [entry('GHSA-dddd-eeee-ffff', '2026-12-31')],
      ['GHSA-aaaa-bbbb-cccc:not allowlisted'],
    ],
    ['an entry by npm advisory number counts too', [entry('1002', '2026-12-31')], ['GHSA-aaaa-bbbb-cccc:not allowlisted']],
    [
      'an entry past its review date fails again',
      [entry('GHSA-dddd-eeee-ffff', '2026-11-01')],
      ['GHSA-aaaa-bbbb-cccc:not allowlisted', 'GHSA-dddd-eeee-ffff:review overdue'],
    ],
  ])('%s', (_name, advisories, expected) => {
    const findings = auditFindings(report, { advisories }, '2026-11-22');
    expect(findings.map((f) => `${f.id}:${f.why}`).sort()).toEqual(expected);
  });

  it('refuses an allowlist entry without a reason or a review date', () => {
    expect(allowlistSchema.safeParse({ advisories: [{ id: 'GHSA-x', package: 'p', reason: 'ok' }] }).success).toBe(false);
  });
});
