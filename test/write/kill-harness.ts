/**
 * SIGKILL at random points of `--force` runs of the built CLI, and what the next run
 * makes of what each kill left. Used by test/write/kill.test.ts (a small platform, many
 * rounds) and bench/kill.bench.ts (300 services, a few rounds, numbers).
 *
 * Two situations alternate, both `--force` into an existing folder:
 * - update: a repository of `services` services, with the user's edits, regenerated from a
 *   changed spec (another profile, one service more);
 * - fill: a folder holding only the user's notes, into which the whole repository goes
 *   (every file and folder new: the largest commit).
 *
 * Each round starts from the situation's old tree, starts a run, and kills it with
 * SIGKILL at a random moment: most rounds within the write step (timed from the
 * "• Writing" line, over the step's measured length), some anywhere from the start. Every
 * `cliEvery`-th run is the whole CLI; the others run only its write step
 * (write-child.cjs: the same writeGenerated on the same files, started without loading
 * projen, so that many rounds fit in a test). What
 * the kill left is classified, then the next run's recovery runs (`recoverTarget`, the
 * first thing every write does), and the tree must be the old one or the new one, with
 * no staging, journal or trash folder left in the target or beside it. Every
 * `fullRunEvery`-th round the next run is instead the whole CLI run again, which must end
 * with the new tree.
 */
import { spawn } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { writeProject } from '../../src/api';
import { REAL_FILE_OPS } from '../../src/api/file-ops';
import { existingPlacement } from '../../src/api/existing-placement';
import { COMMIT_DIR, recoverTarget } from '../../src/api/journal';
import { writeGenerated } from '../../src/api/write-generated';
import { scratch } from '../cli/helpers';
import {
  changedSpec,
  generated,
  leftovers,
  QUIET,
  restoreTree,
  ROOT,
  runBuilt,
  specOf,
  tree,
  treeDiff,
  writeSpec,
  type ChildRun,
  type Tree,
} from './helpers';

export type Phase = 'before the write' | 'staging' | 'committing (rolled back)' | 'after the commit point (cleaned up)' | 'after the write';

export interface RoundResult {
  readonly situation: 'update' | 'fill';
  readonly kind: Kind;
  readonly phase: Phase;
  /** The tree after the next run's recovery. */
  readonly outcome: 'old' | 'new';
  readonly killAfterMs: number;
}

export interface KillReport {
  readonly rounds: readonly RoundResult[];
  /** Problems found (empty when every round ended in the old or the new tree, with nothing left behind). */
  readonly failures: readonly string[];
  /** Files of the two situations' new trees. */
  readonly files: { readonly update: number; readonly fill: number };
  /** Measured length of the write step (ms) of an unkilled run, by situation and kind of run. */
  readonly writeMs: { readonly update: { cli: number; child: number }; readonly fill: { cli: number; child: number } };
}

interface Situation {
  readonly name: 'update' | 'fill';
  readonly cwd: string;
  readonly target: string;
  readonly spec: string;
  /** The generate() result the CLI would write, as JSON, for write-child.cjs. */
  readonly generated: string;
  readonly before: Tree;
  readonly after: Tree;
  writeMs: { cli: number; child: number };
}

type Kind = 'cli' | 'child';

const CHILD = join(__dirname, 'write-child.cjs');
const WRITE_GENERATED = join(ROOT, 'lib', 'api', 'write-generated.js');

function run(s: Situation, kind: Kind, hooks: Pick<Parameters<typeof runBuilt>[1], 'onStart' | 'onOut'>): Promise<ChildRun> {
  if (kind === 'cli') return runBuilt(['out', '--config', s.spec, '--force', ...QUIET], { cwd: s.cwd, ...hooks });
  return new Promise((done) => {
    const child = spawn('node', [CHILD, WRITE_GENERATED, s.generated, s.target], { cwd: s.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    hooks.onStart?.(child);
    child.stdout.setEncoding('utf-8').on('data', (d: string) => {
      out += d;
      hooks.onOut?.(out, child);
    });
    child.stderr.setEncoding('utf-8').on('data', (d: string) => (err += d));
    child.on('close', (code, signal) => done({ code, signal, out, err }));
  });
}

/** A deterministic PRNG (mulberry32), so a failing round can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function setUp(name: 'update' | 'fill', services: number): Situation {
  const cwd = scratch();
  const target = join(cwd, 'out');
  if (name === 'update') {
    const first = writeProject(target, specOf(services), { generatorDependency: '^0.0.0' });
    if (!first.ok) throw new Error(JSON.stringify(first.errors));
    writeFileSync(join(target, 'services', 's1', 'src', 'main.ts'), '// the user changed this\n');
  } else {
    mkdirSync(target);
  }
  writeFileSync(join(target, 'NOTES.md'), 'the user’s own file\n');
  const raw = name === 'update' ? changedSpec(services) : specOf(services);
  const spec = writeSpec(join(cwd, 'spec.yaml'), raw);
  const existing = existingPlacement(target);
  const project = generated(raw, existing.ok ? existing.placement : undefined);
  const json = join(cwd, 'generated.json');
  writeFileSync(json, JSON.stringify(project));
  const before = tree(target);
  // The new tree: the same write, not killed, into a copy.
  const copy = join(scratch(), 'out');
  restoreTree(copy, before, {});
  const done = writeGenerated(copy, project, { force: true });
  if (!done.ok) throw new Error(JSON.stringify(done.errors));
  return { name, cwd, target, spec, generated: json, before, after: tree(copy), writeMs: { cli: 0, child: 0 } };
}

const WRITING = /• Writing [^\n]*\n/;

/** One run, killed `delay` ms after the "• Writing" line (or after the start, when `fromStart`). */
async function killedRun(s: Situation, kind: Kind, delay: number, fromStart: boolean): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let armed = false;
  await run(s, kind, {
    onStart: (child) => {
      if (fromStart) timer = setTimeout(() => child.kill('SIGKILL'), delay);
    },
    onOut: (text, child) => {
      if (!fromStart && !armed && WRITING.test(text)) {
        armed = true;
        timer = setTimeout(() => child.kill('SIGKILL'), delay);
      }
    },
  });
  if (timer) clearTimeout(timer);
}

/** What a kill left: read from the target before anything recovers it. */
function phaseOf(s: Situation): Phase {
  const left = leftovers(s.target).map((p) => p.slice(p.lastIndexOf('/') + 1));
  const now = tree(s.target);
  if (left.includes(COMMIT_DIR)) {
    const committed = Object.keys(now).includes(`${COMMIT_DIR}/committed`);
    return committed ? 'after the commit point (cleaned up)' : 'committing (rolled back)';
  }
  if (left.some((n) => n.startsWith('.fargate-connect-trash-'))) return 'after the commit point (cleaned up)';
  if (left.length > 0) return 'staging';
  return treeDiff(now, s.after).length === 0 ? 'after the write' : 'before the write';
}

/** Times the write step of an unkilled run (from the "• Writing" line to the line after it). */
async function measure(s: Situation, kind: Kind): Promise<number> {
  let started = 0;
  let ended = 0;
  const r = await run(s, kind, {
    onOut: (text) => {
      if (!started && WRITING.test(text)) started = performance.now();
      // The CLI counts the files written; write-child.cjs says "done".
      if (!ended && /• Writing [^\n]*\n\s+(\d+ files written|done)/.test(text)) ended = performance.now();
    },
  });
  if (r.code !== 0) throw new Error(`the unkilled run failed: ${r.err}`);
  const diff = treeDiff(tree(s.target), s.after);
  if (diff.length > 0) throw new Error(`the unkilled run did not write the new tree: ${diff.slice(0, 5).join(', ')}`);
  restoreTree(s.target, s.before);
  return Math.max(5, ended - started);
}

export async function killRounds(opts: {
  services: number;
  rounds: number;
  seed: number;
  /** Every n-th run is the whole CLI (1: all of them). */
  cliEvery: number;
  /** Every n-th next run is the whole CLI, the others only its recovery (0: never). */
  fullRunEvery: number;
  log?: (line: string) => void;
}): Promise<KillReport> {
  const random = prng(opts.seed);
  const situations = [setUp('update', opts.services), setUp('fill', opts.services)];
  for (const s of situations) s.writeMs = { cli: await measure(s, 'cli'), child: opts.cliEvery === 1 ? 0 : await measure(s, 'child') };
  const rounds: RoundResult[] = [];
  const failures: string[] = [];
  const round = async (i: number): Promise<void> => {
    const s = situations[i % 2];
    const kind: Kind = i % opts.cliEvery === opts.cliEvery - 1 ? 'cli' : 'child';
    const fromStart = random() < 0.15;
    // Within the write step and a little past it (the cleanup after the commit point);
    // half of those in its second half, where the commit is (staging comes first).
    const writeMs = s.writeMs[kind];
    const late = random() < 0.5;
    const delay = Math.round(
      fromStart ? random() * (writeMs + (kind === 'cli' ? 1500 : 300)) : writeMs * (late ? 0.5 + random() * 0.6 : random() * 1.1),
    );
    await killedRun(s, kind, delay, fromStart);
    const phase = phaseOf(s);
    const where = `round ${i} (seed ${opts.seed}, ${s.name}, ${kind}, killed ${delay} ms after ${fromStart ? 'the start' : '"Writing"'}, ${phase})`;
    let outcome: 'old' | 'new';
    if (opts.fullRunEvery > 0 && i % opts.fullRunEvery === opts.fullRunEvery - 1) {
      const next = await runBuilt(['out', '--config', s.spec, '--force', ...QUIET], { cwd: s.cwd });
      if (next.code !== 0) failures.push(`${where}: the next run exited ${next.code}: ${next.err.trim()}`);
      outcome = 'new';
    } else {
      const recovered = recoverTarget(s.target, 'out', REAL_FILE_OPS);
      if (!recovered.ok) failures.push(`${where}: recovery failed: ${recovered.errors.map((e) => e.message).join('; ')}`);
      outcome = treeDiff(tree(s.target), s.before).length === 0 ? 'old' : 'new';
    }
    const now = tree(s.target);
    const diff = treeDiff(now, outcome === 'old' ? s.before : s.after);
    if (diff.length > 0) failures.push(`${where}: the tree is neither the old nor the new one: ${diff.slice(0, 8).join(', ')}`);
    const left = leftovers(s.target);
    if (left.length > 0) failures.push(`${where}: left behind: ${left.join(', ')}`);
    rounds.push({ situation: s.name, kind, phase, outcome, killAfterMs: delay });
    opts.log?.(`${where}: ${outcome}`);
    restoreTree(s.target, s.before, now);
  };
  // The two situations live in separate folders: a round of each runs at a time, side by
  // side. (Each round draws its random numbers before its first wait, so a seed replays.)
  for (let i = 0; i < opts.rounds; i += 2) {
    await Promise.all(i + 1 < opts.rounds ? [round(i), round(i + 1)] : [round(i)]);
  }
  return {
    rounds,
    failures,
    files: {
      update: Object.keys(situations[0].after).filter((p) => !p.endsWith('/')).length,
      fill: Object.keys(situations[1].after).filter((p) => !p.endsWith('/')).length,
    },
    writeMs: { update: situations[0].writeMs, fill: situations[1].writeMs },
  };
}

/** Counts of rounds per phase and outcome, as `phase: n (old a, new b)` lines. */
export function summarize(report: KillReport): string[] {
  const byPhase = new Map<string, { n: number; old: number; new: number }>();
  for (const r of report.rounds) {
    const e = byPhase.get(r.phase) ?? { n: 0, old: 0, new: 0 };
    e.n++;
    e[r.outcome]++;
    byPhase.set(r.phase, e);
  }
  return [...byPhase.entries()].map(([phase, e]) => `${phase}: ${e.n} (then old ${e.old}, new ${e.new})`);
}
