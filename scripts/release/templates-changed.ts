/**
 * The "Templates changed" section of a release's changelog: the specs in test/fixtures are
 * synthesized with the previous release's generator (its src/ and templates/, taken from
 * its git tag) and with this one, and the transition model (src/transition,
 * docs/TRANSITIONS.md) compares the two: which stacks of which fixture change, and the
 * hazards of deploying the change. Both sides use this checkout's aws-cdk-lib and the same
 * spec files, so what differs is what the generator writes.
 *
 *   tsx scripts/release/templates-changed.ts [--since <ref>] [--changelog <file>] [--fixtures a,b]
 *
 * Defaults come from the projen `bump` task that runs it: LATEST_TAG (the previous
 * release's tag) and CHANGELOG (dist/changelog.md). Without a previous release (the tag
 * does not exist) it writes nothing. RELEASE_TEMPLATE_FIXTURES=a,b narrows the fixtures.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { modelTransition, parseRecord, type AssemblyRecord, type Hazard } from '../../src/transition';

export const CHECKOUT = resolve(__dirname, '..', '..');
const SYNTH_SCRIPT = join(__dirname, 'synth-fixtures.ts');
const FIXTURES_DIR = join(CHECKOUT, 'test', 'fixtures');

/** One fixture on both sides: a record, or why there is none. */
export interface FixtureSides {
  readonly fixture: string;
  readonly before: AssemblyRecord | { readonly error: string };
  readonly after: AssemblyRecord | { readonly error: string };
}

const isError = (side: FixtureSides['before']): side is { error: string } => 'error' in side;

/**
 * The changelog section for the fixtures compared with release `since`. Pure: the records
 * come in, markdown goes out. A stack is listed when the deploy would touch it.
 */
export function templatesSection(since: string, fixtures: readonly FixtureSides[]): string {
  const rows: string[] = [];
  const hazards: string[] = [];
  const notCompared: string[] = [];
  for (const f of fixtures) {
    if (isError(f.before) || isError(f.after)) {
      const why = isError(f.after) ? `this release: ${f.after.error}` : `${since}: ${(f.before as { error: string }).error}`;
      notCompared.push(`- ${f.fixture}: not synthesized with ${why}`);
      continue;
    }
    const report = modelTransition(f.before as AssemblyRecord, f.after as AssemblyRecord);
    for (const s of report.stacks) {
      if (s.status === 'unchanged') continue;
      rows.push(`| ${f.fixture} | ${s.stack} | ${s.status} | ${s.added} | ${s.updated} | ${s.replaced} | ${s.removed} |`);
    }
    // One line per kind of hazard: the count, and the first one in deploy order in full.
    const byKind = new Map<string, Hazard[]>();
    for (const h of report.hazards) if (h.severity !== 'info') byKind.set(h.kind, [...(byKind.get(h.kind) ?? []), h]);
    for (const [kind, all] of byKind) {
      const h = all[0];
      const where = h.logicalId ? `${h.stack}/${h.logicalId}` : h.stack;
      const count = all.length > 1 ? ` (${all.length}, the first shown)` : '';
      hazards.push(`- ${f.fixture}: **${h.severity}** \`${kind}\`${count} at ${where}: ${h.message} Safely: ${h.safely}`);
    }
  }
  const out: string[] = [];
  if (rows.length === 0) {
    out.push(
      '### Templates unchanged',
      '',
      `No synthesized stack of the test fixtures changed since ${since}: generated repositories deploy no change after upgrading.`,
    );
  } else {
    out.push(
      '### Templates changed',
      '',
      `Generated repositories deploy changes after upgrading from ${since}. The stacks of the test fixtures (test/fixtures) that this release synthesizes differently, as \`cdk deploy --all\` would apply them (resource counts):`,
      '',
      '| fixture | stack | change | added | updated | replaced | removed |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    );
    if (hazards.length) out.push('', 'Hazards of that deploy (docs/TRANSITIONS.md):', '', ...hazards);
  }
  if (notCompared.length) out.push('', 'Not compared:', '', ...notCompared);
  return `${out.join('\n')}\n`;
}

/** `git archive <ref>` of what synthesizes (src, templates, package.json) into `dest`. */
export function extractRelease(ref: string, dest: string, repo: string = CHECKOUT): void {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const tar = execFileSync('git', ['archive', '--format=tar', ref, 'src', 'templates', 'package.json'], { cwd: repo, maxBuffer: 512 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dest], { input: tar });
}

/** Runs a command; resolves with its exit code and output (the two sides synthesize in parallel). */
function spawnAsync(cmd: string, args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, [...args], { cwd: CHECKOUT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf-8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf-8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** Synthesizes `specs` with the generator under `root`, in a child process; records by spec name. */
export async function synthesizeRoot(
  root: string,
  outDir: string,
  specs: readonly string[],
): Promise<Map<string, AssemblyRecord | { error: string }>> {
  const tsx = require.resolve('tsx/cli', { paths: [CHECKOUT] });
  const r = await spawnAsync(process.execPath, [tsx, SYNTH_SCRIPT, root, outDir, ...specs]);
  const lastLine = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let results: Record<string, { ok: boolean; error?: string }>;
  try {
    results = JSON.parse(lastLine);
  } catch {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join(' ');
    return new Map(specs.map((s) => [specName(s), { error: `synthesis failed (exit ${r.status}): ${output.slice(0, 300)}` }]));
  }
  const out = new Map<string, AssemblyRecord | { error: string }>();
  for (const s of specs) {
    const name = specName(s);
    const res = results[name];
    out.set(
      name,
      res?.ok ? parseRecord(readFileSync(join(outDir, `${name}.record`), 'utf-8'), `${name}.record`) : { error: res?.error ?? 'no result' },
    );
  }
  return out;
}

const specName = (path: string): string => path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');

export interface CompareOptions {
  /** The previous release: a git ref of this repository. */
  readonly since: string;
  /** Fixture names (test/fixtures/<name>.yaml); default all. */
  readonly fixtures?: readonly string[];
  /** The generator before, instead of extracting `since` (tests). */
  readonly beforeRoot?: string;
}

/** Synthesizes both sides and returns the changelog section. */
export async function compareTemplates(options: CompareOptions): Promise<string> {
  const names =
    options.fixtures ??
    readdirSync(FIXTURES_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map(specName)
      .sort();
  const specs = names.map((n) => join(FIXTURES_DIR, `${n}.yaml`));
  // Inside the checkout, so that the earlier sources resolve this checkout's node_modules.
  const work = join(CHECKOUT, '.tmp', 'release-templates', `${process.pid}`);
  try {
    let beforeRoot = options.beforeRoot;
    if (!beforeRoot) {
      beforeRoot = join(work, 'before');
      extractRelease(options.since, beforeRoot);
    }
    const [before, after] = await Promise.all([
      synthesizeRoot(beforeRoot, join(work, 'records-before'), specs),
      synthesizeRoot(CHECKOUT, join(work, 'records-after'), specs),
    ]);
    return templatesSection(
      options.since,
      names.map((fixture) => ({ fixture, before: before.get(fixture)!, after: after.get(fixture)! })),
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function tagExists(ref: string, repo: string = CHECKOUT): boolean {
  return spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo }).status === 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const since = arg('--since') ?? process.env.LATEST_TAG;
  const changelog = arg('--changelog') ?? process.env.CHANGELOG;
  const fixtures = (arg('--fixtures') ?? process.env.RELEASE_TEMPLATE_FIXTURES)?.split(',').filter(Boolean);
  if (!since) {
    console.error('templates-changed: no previous release: pass --since <ref> or set LATEST_TAG');
    return 2;
  }
  if (!tagExists(since)) {
    console.log(`templates-changed: ${since} does not exist (first release): nothing to compare`);
    return 0;
  }
  const started = Date.now();
  const section = await compareTemplates({ since, fixtures });
  console.log(
    `templates-changed: fixtures synthesized with ${since} and with this release (${((Date.now() - started) / 1000).toFixed(1)} s):\n${section}`,
  );
  if (changelog) {
    if (!existsSync(changelog)) {
      console.error(`templates-changed: ${changelog} does not exist: run the bump first`);
      return 1;
    }
    appendFileSync(changelog, `\n${section}`);
  }
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
