/**
 * The import report as text (the terminal) and as Markdown (a file to keep with the
 * repository), and the imported spec as YAML. Values are shown as written: an
 * interpolation such as `${COPILOT_APPLICATION_NAME}` is never evaluated.
 */
import { stringify } from 'yaml';
import type { EntryStatus, ImportReport, ReportEntry } from './types';

const LABELS: Readonly<Record<EntryStatus, string>> = {
  mapped: 'mapped',
  inferred: 'inferred',
  adjusted: 'adjusted',
  'not-mapped': 'not mapped',
  'not-yet': 'not yet',
};

/** How many entries of each status the report has. */
export function countByStatus(report: ImportReport): Record<EntryStatus, number> {
  const counts: Record<EntryStatus, number> = { mapped: 0, inferred: 0, adjusted: 0, 'not-mapped': 0, 'not-yet': 0 };
  for (const s of report.subjects) for (const e of s.entries) counts[e.status]++;
  return counts;
}

function summaryLines(report: ImportReport, specName: string, serviceCount: number): string[] {
  const c = countByStatus(report);
  const envs = report.environments.length === 0 ? 'no environments' : `environments: ${report.environments.join(', ')}`;
  const lines = [
    `Import report: Copilot application "${report.application}" → spec "${specName}", ${serviceCount} service${serviceCount === 1 ? '' : 's'} (${envs})`,
    `  ${c.mapped} mapped, ${c.inferred} inferred, ${c.adjusted} adjusted, ${c['not-mapped']} not mapped, ${c['not-yet']} not yet (waiting for spec keys that have not landed)`,
  ];
  lines.push(
    report.complete
      ? '  Everything was mapped.'
      : '  Something was left out or changed: read the adjusted, not mapped and not yet lines, and do what they say.',
  );
  lines.push("  Tasks here run in isolated subnets with no internet access (Copilot's had some): check what your services call.");
  return lines;
}

function entryHead(e: ReportEntry): string {
  const where = e.line !== undefined ? `:${e.line}` : '';
  const value = e.value !== undefined ? ` = ${e.value}` : '';
  const target = e.target !== undefined ? ` → ${e.target}` : '';
  return `${e.field}${value}${target}  (${e.file}${where})`;
}

/** The report for a terminal: plain text, one block per workload. */
export function formatReport(report: ImportReport, specName: string, serviceCount: number): string {
  const out = summaryLines(report, specName, serviceCount);
  for (const s of report.subjects) {
    out.push('');
    out.push(`${s.name} (${s.type}, ${s.file})${s.mappedTo !== undefined ? ` → ${s.mappedTo}` : ''}`);
    for (const e of s.entries) {
      out.push(`  ${LABELS[e.status].padEnd(10)}  ${entryHead(e)}`);
      out.push(`              ${e.note}`);
      if (e.todo !== undefined) out.push(`              to do: ${e.todo}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string | undefined): string {
  if (text === undefined || text === '') return '';
  const fence = text.includes('`') ? '`` ' : '`';
  return `${fence}${cell(text)}${fence === '`` ' ? ' ``' : '`'}`;
}

/** The report as Markdown, to keep with the generated repository. */
export function formatReportMarkdown(report: ImportReport, specName: string, serviceCount: number): string {
  const [title, ...rest] = summaryLines(report, specName, serviceCount);
  const out = [`# ${title}`, '', ...rest.map((l) => l.trim()), ''];
  for (const s of report.subjects) {
    out.push(`## ${s.name}`, '');
    out.push(`${s.type}, \`${s.file}\`${s.mappedTo !== undefined ? `: ${s.mappedTo}` : ''}`, '');
    out.push('| line | field | value | status | spec key | what happened | to do |', '|---|---|---|---|---|---|---|');
    for (const e of s.entries) {
      out.push(
        `| ${e.line ?? ''} | ${code(e.field)} | ${code(e.value)} | ${LABELS[e.status]} | ${code(e.target)} | ${cell(e.note)} | ${cell(e.todo)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** The imported spec as a YAML file, with a header that says where it came from. */
export function formatSpecYaml(spec: Record<string, unknown>, report: ImportReport): string {
  const header = [
    `# Imported from the AWS Copilot application "${report.application}" by create-fargate-connect import-copilot.`,
    report.complete ? '# Everything was mapped.' : '# Some things were left out or changed: read the import report before you deploy.',
    '# Generate the repository: npx create-fargate-connect <dir> --config <this file> --yes',
  ];
  return `${header.join('\n')}\n${stringify(spec, { lineWidth: 0 })}`;
}
