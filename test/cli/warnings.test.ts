/**
 * The CLI summary's warnings: a public load balancer without a certificate serves plain
 * HTTP (louder under profile prod), and services without a container health check say
 * what ECS checks instead. Both in the `--config --yes` output and the prompts' summary
 * (see interactive.test.ts), as plain text on stdout.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { summaryWarnings } from '../../src/cli/warnings';
import { planPlatform } from '../../src/plan';
import { normalizeSpec } from '../../src/spec';
import { cli, scratch } from './helpers';

const GEN = ['--generator-dependency', 'file:/nonexistent/create-fargate-connect.tgz', '--no-install', '--no-git'];
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab';

const PROD_HTTP = [
  'WARNING: PLAIN HTTP IN PRODUCTION (profile prod): the internet-facing load balancer serves',
  '  web (/), admin (/admin) over unencrypted HTTP on port 80; requests and responses cross the internet in clear text.',
  '  Fix: add domain and certificateArn to the spec (in the generated repository: .projenrc.ts), with an',
  '  ACM certificate for that domain in the region you deploy to; the load balancer then serves HTTPS on 443',
  '  and redirects HTTP to it.',
];
const DEV_HTTP =
  'warning: the load balancer serves plain HTTP on port 80 (no domain and certificateArn): web (/), admin (/admin); set both for HTTPS';

function spec(over: Record<string, unknown> = {}, extra: Record<string, unknown>[] = []): Record<string, unknown> {
  return {
    name: 'shop',
    services: [
      { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
      { name: 'admin', role: 'client-only', port: 3001, public: true, publicPath: '/admin' },
      { name: 'api', role: 'client-server', port: 8080 },
      ...extra,
    ],
    // Alarms routed, so that only the warning under test shows (the note without them: below).
    alarms: { email: 'ops@example.com' },
    ...over,
  };
}

function warningsOf(raw: unknown): string[] {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return summaryWarnings(planPlatform(result.spec));
}

describe('summaryWarnings', () => {
  it('warns loudly that a production load balancer without a certificate is plain HTTP, and how to fix it', () => {
    expect(warningsOf(spec())).toEqual(PROD_HTTP);
    expect(warningsOf(spec({ profile: 'prod' }))).toEqual(PROD_HTTP);
  });

  it('warns in one line under profile dev', () => {
    expect(warningsOf(spec({ profile: 'dev' }))).toEqual([DEV_HTTP]);
  });

  it('says nothing about HTTP with domain and certificateArn, or without a public service', () => {
    expect(warningsOf(spec({ domain: 'shop.example.com', certificateArn: CERT }))).toEqual([]);
    expect(
      warningsOf({
        name: 'shop',
        alarms: { topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
        services: [{ name: 'api', role: 'client-server', port: 8080 }],
      }),
    ).toEqual([]);
  });

  it('notes that alarms notify nobody without alarms, and nothing with them', () => {
    const note = (n: string) =>
      `note: alarms notify nobody: the ${n} (a service running fewer tasks than desired) only change state in CloudWatch; ` +
      'set alarms: { email: <address> } or { topicArn: <SNS topic ARN> } to be told';
    expect(warningsOf({ name: 'shop', services: [{ name: 'api', role: 'client-server', port: 8080 }] })).toEqual([note('alarm')]);
    expect(warningsOf(spec({ domain: 'shop.example.com', certificateArn: CERT, alarms: undefined }))).toEqual([note('3 alarms')]);
    expect(warningsOf(spec({ domain: 'shop.example.com', certificateArn: CERT }))).toEqual([]);
  });

  it('lists each service without a container health check and what ECS checks instead', () => {
    const extra = [
      { name: 'cache', role: 'client-server', port: 6379, image: `${ECR}/redis:7` },
      { name: 'site', role: 'client-only', port: 8081, public: true, publicPath: '/site', image: `${ECR}/site:1`, healthCheckPath: '/ping' },
      { name: 'db', role: 'client-server', port: 5432, image: `${ECR}/pg:16`, healthCheckCommand: 'pg_isready' },
      { name: 'jobs', role: 'client-only', port: 9000, healthCheckCommand: 'none' },
    ];
    const fix = 'set healthCheckCommand to a shell command the image can run to add one';
    expect(warningsOf(spec({ domain: 'shop.example.com', certificateArn: CERT }, extra))).toEqual([
      `note: cache has no container health check (an image service without healthCheckCommand): ECS only checks that its container keeps running; ${fix}`,
      `note: site has no container health check (an image service without healthCheckCommand): ECS only checks that its container keeps running; the load balancer still checks /ping; ${fix}`,
      `note: jobs has no container health check (healthCheckCommand: none): ECS only checks that its container keeps running; ${fix}`,
    ]);
  });
});

describe('the --config --yes output', () => {
  function write(raw: unknown): { cwd: string; file: string } {
    const cwd = scratch();
    const file = join(cwd, 'spec.yaml');
    writeFileSync(file, stringify(raw));
    return { cwd, file };
  }

  it('prints the warnings after the cost table, as plain text on stdout', async () => {
    const { cwd, file } = write(spec({}, [{ name: 'cache', role: 'client-server', port: 6379, image: `${ECR}/redis:7` }]));
    const r = await cli(['out', '--config', file, '--yes', ...GEN], { cwd });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    const at = lines.indexOf(PROD_HTTP[0]);
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes('Estimated baseline')));
    expect(lines.slice(at, at + PROD_HTTP.length + 1)).toEqual([...PROD_HTTP, expect.stringMatching(/^note: cache has no container health check/)]);
    // piped: no colour or other terminal codes anywhere
    expect(r.out).not.toMatch(/\x1b/);
  });

  it('prints them on --dry-run too, and nothing under dev with HTTPS', async () => {
    const dry = write(spec({ profile: 'dev' }));
    const r = await cli(['out', '--config', dry.file, '--dry-run'], { cwd: dry.cwd });
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n').slice(-1)).toEqual([DEV_HTTP]);

    const https = write(spec({ profile: 'dev', domain: 'shop.example.com', certificateArn: CERT }));
    const quiet = await cli(['out', '--config', https.file, '--dry-run'], { cwd: https.cwd });
    expect(quiet.code, quiet.err).toBe(0);
    expect(quiet.out).not.toMatch(/warning|note:/i);
  });

  it('prints them for the starter spec of --yes (a public web under profile prod)', async () => {
    const cwd = scratch();
    const r = await cli(['shop', '--yes', '--dry-run'], { cwd });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('WARNING: PLAIN HTTP IN PRODUCTION (profile prod)');
  });
});
