/** What the prompts show before anything is written: the services, the deploy order and the warnings. */
import { showPath } from '../api/show-path';
import type { PlannedInput } from '../api/pass';
import { spotTaskShare, type Plan } from '../plan';
import { formatTable, styleFor, type Screen } from '../terminal';
import { formatWarnings, summaryWarnings } from './warnings';

export interface SummaryIo {
  readonly out: (line: string) => void;
  readonly screen?: Screen;
}

/** The spec and the plan the run writes (never planned again here). */
export function printSummary(io: SummaryIo, { spec, plan }: PlannedInput, dir: string): void {
  io.out('');
  io.out(`Project ${spec.name} in ${showPath(dir)} (namespace ${spec.namespace}, profile ${spec.profile}, ${spec.azs} AZs):`);
  io.out('');
  const rows = [
    ['service', 'role', 'port', 'public', 'calls'],
    ...spec.services.map((s) => [s.name, s.role, String(s.port), s.public ? s.publicPath : '-', s.calls.length > 0 ? s.calls.join(', ') : '-']),
  ];
  const table = formatTable(rows, {
    header: true,
    indent: '  ',
    align: ['left', 'left', 'right'],
    style: styleFor(io.screen?.color === true),
    ...(io.screen !== undefined ? { width: io.screen.columns - 1 } : {}),
  });
  for (const line of table) io.out(line);
  io.out('');
  io.out(`  deploy order: ${plan.deployOrder.join(' → ')}`);
  for (const d of plan.deferredCalls) {
    io.out(`  deferred: ${d.from} starts before ${d.to} exists; the deploy redeploys ${d.from} once ${d.to} is registered`);
  }
  const settings = advancedSettings(plan);
  if (settings.length > 0) {
    io.out('');
    for (const line of settings) io.out(line);
  }
  io.out('');
  const warnings = summaryWarnings(plan);
  const width = io.screen !== undefined ? { width: io.screen.columns - 1 } : {};
  for (const line of formatWarnings(warnings, { style: styleFor(io.screen?.color === true), ...width })) io.out(line);
  if (warnings.length > 0) io.out('');
}

/**
 * The settings the prompts never ask (spec-file keys: arch, spot, timeouts, alarms), one
 * line each, so a run from a spec file shows what it will build; none when all are default.
 */
export function advancedSettings(plan: Plan): string[] {
  const lines: string[] = [];
  for (const s of plan.services) {
    const parts: string[] = [];
    if (s.arch === 'arm64') parts.push('arm64 (Graviton)');
    if (s.spot !== undefined) {
      const onSpot = spotTaskShare(s.capacityProviderStrategy, s.desiredCount);
      const first = plan.profile === 'prod' ? ', the first on regular Fargate' : '';
      parts.push(`spot ${s.spot}% (about ${Number(onSpot.toFixed(1))} of ${s.desiredCount} tasks on Fargate Spot${first})`);
    }
    if (s.timeouts !== undefined) {
      const t = [
        ...(s.timeouts.perRequest !== undefined ? [`per request ${s.timeouts.perRequest}s`] : []),
        ...(s.timeouts.idle !== undefined ? [`idle ${s.timeouts.idle}s`] : []),
      ];
      parts.push(`timeouts ${t.join(', ')}`);
    }
    if (parts.length > 0) lines.push(`  ${s.name}: ${parts.join('; ')}`);
  }
  if (plan.alarms?.email !== undefined) lines.push(`  alarms: notify ${plan.alarms.email} (a topic is created; confirm the mail SNS sends)`);
  if (plan.alarms?.topicArn !== undefined) lines.push(`  alarms: notify ${plan.alarms.topicArn}`);
  return lines;
}
