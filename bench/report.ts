/**
 * The one table every benchmark reports into: metric, runs, median, min, max, goal,
 * ratio (where relevant), result. Plain text, fixed-width, on stdout.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { stats, type Row, ROOT } from './lib';

function num(v: number, unit: Row['unit']): string {
  if (!Number.isFinite(v)) return '-';
  if (unit === 'ms') return `${v.toFixed(0)} ms`;
  if (unit === 'x') return `${v.toFixed(2)}x`;
  if (unit === 's') return `${v < 10 ? v.toFixed(2) : v.toFixed(1)} s`;
  if (unit === 'MB') return `${v.toFixed(2)} MB`;
  if (unit === 'kB') return `${v.toFixed(0)} kB`;
  return String(Number.isInteger(v) ? v : v.toFixed(2));
}

export function machineFacts(): string[] {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf-8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '?';
    }
  };
  const dirty = git(['status', '--porcelain', '--untracked-files=no']).split('\n').filter(Boolean).length;
  const la = loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
  return [
    `machine: ${cpus().length} cores (nproc), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${cpus()[0]?.model ?? '?'}`,
    `node ${process.version}, ${process.platform}/${process.arch}; load average at start (1/5/15 min): ${la}`,
    `checkout: ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ` + ${dirty} modified tracked files` : ''}`,
  ];
}

export function formatTable(rows: readonly Row[], header: readonly string[] = []): string {
  const lines: string[][] = [['metric', 'runs', 'median', 'min', 'max', 'goal', 'ratio', 'result']];
  let group = '';
  const groupLines = new Map<number, string>();
  for (const r of rows) {
    if (r.group !== group) {
      group = r.group;
      groupLines.set(lines.length, group);
    }
    const s = stats(r.samples);
    const result = r.pass === undefined ? 'info' : r.pass ? 'PASS' : 'FAIL';
    lines.push(
      r.samples.length === 0
        ? [r.metric, '-', r.value ?? '-', '', '', r.goal ?? '', r.ratio ?? '', result]
        : [r.metric, String(r.samples.length), num(s.median, r.unit), num(s.min, r.unit), num(s.max, r.unit), r.goal ?? '', r.ratio ?? '', result],
    );
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  const fmt = (l: string[]) => l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  const total = widths.reduce((a, b) => a + b + 2, -2);
  const out: string[] = [...header.map((h) => `# ${h}`), '='.repeat(total), fmt(lines[0]), '='.repeat(total)];
  lines.slice(1).forEach((l, i) => {
    const g = groupLines.get(i + 1);
    if (g) out.push(`-- ${g} ${'-'.repeat(Math.max(0, total - g.length - 4))}`);
    out.push(fmt(l));
  });
  out.push('='.repeat(total));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.metric}: ${r.note}`);
  if (notes.length) out.push('notes:', ...notes);
  return out.join('\n');
}

export function printReport(rows: readonly Row[], header: readonly string[] = machineFacts()): void {
  process.stdout.write(`${formatTable(rows, header)}\n`);
}
