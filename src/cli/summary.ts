/** What the prompts show before anything is written: the services, the deploy order and the warnings. */
import { showPath } from '../api/show-path';
import type { PlannedInput } from '../api/pass';
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
  io.out('');
  const warnings = summaryWarnings(plan);
  const width = io.screen !== undefined ? { width: io.screen.columns - 1 } : {};
  for (const line of formatWarnings(warnings, { style: styleFor(io.screen?.color === true), ...width })) io.out(line);
  if (warnings.length > 0) io.out('');
}
