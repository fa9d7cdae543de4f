/** What the prompts show before anything is written: the services, the deploy order and the warnings. */
import { showPath } from '../api/show-path';
import type { PlannedInput } from '../api/pass';
import { platformEndpoints, serviceEndpoints, spotTaskShare, type Plan, type PlannedService } from '../plan';
import { parseSecretRef } from '../spec/secrets';
import { PLATFORM_VARIABLES } from '../spec/variables';
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
  const settings = settingsLines(plan);
  if (settings.length > 0) {
    io.out('');
    io.out('  settings from the spec file (not asked here):');
    for (const line of settings) io.out(`    ${line}`);
  }
  io.out('');
  const warnings = summaryWarnings(plan);
  const width = io.screen !== undefined ? { width: io.screen.columns - 1 } : {};
  for (const line of formatWarnings(warnings, { style: styleFor(io.screen?.color === true), ...width })) io.out(line);
  if (warnings.length > 0) io.out('');
}

/**
 * The settings the prompts never ask (a newcomer needs none of them), one line per service
 * that has any, then where alarms go and the endpoints the settings add:
 * `orders: autoscaling 2-6 on cpu 70%, priced at 3; secrets DB_PASSWORD (ssm); exec; arm64 (Graviton)`.
 * Nothing when no service has one and the spec has no alarms.
 */
export function settingsLines(plan: Plan): string[] {
  const services = plan.services;
  const lines: string[] = [];
  for (const s of services) {
    const parts: string[] = [];
    const a = s.autoscaling;
    if (a !== undefined) {
      const targets = [
        ...(a.cpu !== undefined ? [`cpu ${a.cpu}%`] : []),
        ...(a.memory !== undefined ? [`memory ${a.memory}%`] : []),
        ...(a.requests !== undefined ? [`${a.requests} requests/task/min`] : []),
      ];
      parts.push(`autoscaling ${a.min}-${a.max} on ${targets.join(', ')}, priced at ${s.desiredCount}`);
    }
    const plain = Object.keys(s.environment).filter((name) => s.secrets?.[name] === undefined && isGiven(s, name));
    if (plain.length > 0) parts.push(`environment ${plain.join(', ')}`);
    const secrets = Object.entries(s.secrets ?? {}).map(([name, ref]) => `${name} (${parseSecretRef(ref).service})`);
    if (secrets.length > 0) parts.push(`secrets ${secrets.join(', ')}`);
    if (s.exec) parts.push('exec');
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
    if (parts.length > 0) lines.push(`${s.name}: ${parts.join('; ')}`);
  }
  if (plan.alarms?.email !== undefined) lines.push(`alarms: notify ${plan.alarms.email} (a topic is created; confirm the mail SNS sends)`);
  if (plan.alarms?.topicArn !== undefined) lines.push(`alarms: notify ${plan.alarms.topicArn}`);
  for (const st of plan.stages ?? []) {
    const p = st.plan;
    const counts = p.services.filter((s, i) => s.desiredCount !== services[i]?.desiredCount).map((s) => `${s.name} ${s.desiredCount}`);
    lines.push(
      `stage ${st.name}: account ${st.account}, ${st.region}; profile ${p.profile}, ${p.azs} AZs` +
        (counts.length > 0 ? `; tasks ${counts.join(', ')}` : '') +
        (st.approval ? '; approved before it deploys' : ''),
    );
  }
  const endpoints = platformEndpoints(services);
  if (endpoints.length > 0) {
    const users = (e: string) => services.filter((s) => (serviceEndpoints(s) as string[]).includes(e)).map((s) => s.name);
    lines.push(`endpoints they add (billed per AZ-hour): ${endpoints.map((e) => `${e} (${users(e).join(', ')})`).join(', ')}`);
  }
  return lines;
}

/** A variable of the container's environment that the spec gave (not one the platform sets). */
function isGiven(s: PlannedService, name: string): boolean {
  return !Object.prototype.hasOwnProperty.call(PLATFORM_VARIABLES, name) && !s.upstreams.some((u) => u.env === name);
}
