/**
 * What the transition model reports: hazards (what fails, stops or is lost, and how to do
 * the change safely), what happens to each stack and resource, and the exit code rule.
 */

/**
 * - `failure`: CloudFormation fails the stack update (and rolls it back); `cdk deploy` stops.
 * - `interruption`: the deploy completes, but traffic or a dependency stops working for a
 *   while or until someone acts (an ECS service deleted or replaced, a reference left
 *   pointing at a deleted resource).
 * - `loss`: something is left behind or deleted for good (a stack outside the app still
 *   running, data deleted, a reference that breaks the stack's next update).
 * - `info`: worth knowing; nothing to do.
 */
export type Severity = 'failure' | 'interruption' | 'loss' | 'info';

export type HazardKind =
  | 'name-conflict'
  | 'cidr-conflict'
  | 'replace-custom-named'
  | 'in-use'
  | 'missing-output'
  | 'missing-export'
  | 'export-in-use'
  | 'dangling-reference'
  | 'removed-with-producer'
  | 'namespace-moved'
  | 'grace-period-with-new-load-balancer'
  | 'capacity-change-unforced'
  | 'capacity-strategy-removed'
  | 'capacity-provider-in-use'
  | 'service-deleted'
  | 'service-replaced'
  | 'stack-left-app'
  | 'removed-output'
  | 'data-deleted'
  | 'retained'
  | 'unknown-type'
  // Raised by `npx projen plan` (src/day-two/deploy-target.ts), never by the model: they
  // come from the stages' targets and the committed execution policy, not the templates.
  | 'stage-moved'
  | 'stage-removed'
  | 'stacks-left-unstaged'
  | 'execution-policy-grants'
  | 'execution-policy-changed';

/** The severity of each kind: fixed, so the exit code follows from the kinds found. */
export const SEVERITY: Readonly<Record<HazardKind, Severity>> = {
  'name-conflict': 'failure',
  'cidr-conflict': 'failure',
  'replace-custom-named': 'failure',
  'in-use': 'failure',
  'missing-output': 'failure',
  'missing-export': 'failure',
  'export-in-use': 'failure',
  'dangling-reference': 'interruption',
  'removed-with-producer': 'info',
  'namespace-moved': 'interruption',
  'grace-period-with-new-load-balancer': 'failure',
  'capacity-change-unforced': 'failure',
  'capacity-strategy-removed': 'failure',
  'capacity-provider-in-use': 'failure',
  'service-deleted': 'interruption',
  'service-replaced': 'interruption',
  'stack-left-app': 'loss',
  'removed-output': 'loss',
  'data-deleted': 'loss',
  retained: 'info',
  'unknown-type': 'info',
  'stage-moved': 'loss',
  'stage-removed': 'loss',
  'stacks-left-unstaged': 'loss',
  'execution-policy-grants': 'failure',
  'execution-policy-changed': 'info',
};

export interface Hazard {
  readonly kind: HazardKind;
  readonly severity: Severity;
  /**
   * The stack whose deploy meets the hazard (for `stack-left-app`, the stack that left);
   * for a hazard of a whole stage, its stacks as the CDK CLI selects them (`prod/*`).
   */
  readonly stack: string;
  readonly logicalId?: string;
  readonly resourceType?: string;
  /** The physical name the template gives the resource, when it gives one. */
  readonly physicalName?: string;
  readonly message: string;
  /** How to make the change without the hazard. */
  readonly safely: string;
}

export type ResourceAction = 'create' | 'update' | 'replace' | 'delete' | 'retain';

export interface ResourceChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: ResourceAction;
  /** Why a resource is replaced: the create-only paths that change, or the replaced resources it refers to. */
  readonly reasons?: readonly string[];
}

/**
 * - `create`: a new stack; `update`: deployed with changes; `unchanged`: the CLI skips it
 *   (same template); `left-app`: live, no longer in the app, not touched.
 */
export type StackStatus = 'create' | 'update' | 'unchanged' | 'left-app';

export interface StackChange {
  readonly stack: string;
  readonly status: StackStatus;
  readonly added: number;
  readonly updated: number;
  readonly replaced: number;
  /** Deleted, or removed from the stack and retained. */
  readonly removed: number;
}

export interface TransitionReport {
  /** Stacks in the order `cdk deploy --all` deploys them. */
  readonly deployOrder: readonly string[];
  /** One per stack of either assembly: deployed ones in deploy order, then those that left. */
  readonly stacks: readonly StackChange[];
  /** Every resource that is created, updated, replaced or removed, in simulation order. */
  readonly changes: readonly ResourceChange[];
  /** In the order the deploy meets them. */
  readonly hazards: readonly Hazard[];
}

/**
 * 0 when the deploy applies with no failure and no ECS service deleted or replaced, and
 * leaves nothing behind: every hazard is `info`. 1 otherwise.
 */
export function exitCode(report: Pick<TransitionReport, 'hazards'>): 0 | 1 {
  return report.hazards.every((h) => h.severity === 'info') ? 0 : 1;
}

const SEVERITY_ORDER: readonly Severity[] = ['failure', 'interruption', 'loss', 'info'];

/** The report as terminal text: stack summary, then hazards by severity, then the verdict. */
export function formatReport(report: TransitionReport): string {
  const lines: string[] = ['Stacks, in deploy order:'];
  for (const s of report.stacks) {
    const counts = [
      s.added && `+${s.added} added`,
      s.updated && `~${s.updated} updated`,
      s.replaced && `!${s.replaced} replaced`,
      s.removed && `-${s.removed} removed`,
    ].filter(Boolean);
    const what =
      s.status === 'left-app'
        ? 'left the app: not deleted, left as it is'
        : s.status === 'unchanged'
          ? 'no changes'
          : counts.join(', ') || 'template changes only';
    lines.push(`  ${s.stack.padEnd(width(report))}  ${s.status === 'create' ? 'new stack: ' : ''}${what}`);
  }
  lines.push('', ...formatHazards(report));
  return `${lines.join('\n')}\n`;
}

/** Hazards by severity, each with its `Safely:` line, then the verdict: the end of a report. */
export function formatHazards(report: Pick<TransitionReport, 'hazards'>): string[] {
  const lines: string[] = [];
  if (report.hazards.length === 0) {
    lines.push('No hazards: the deploy applies with nothing failing, stopping or left behind.');
  } else {
    lines.push(`${report.hazards.length} hazard${report.hazards.length === 1 ? '' : 's'}:`);
    for (const severity of SEVERITY_ORDER) {
      for (const h of report.hazards.filter((x) => x.severity === severity)) {
        const where = [h.stack, h.logicalId].filter(Boolean).join('/');
        const what = [h.resourceType, h.physicalName && `"${h.physicalName}"`].filter(Boolean).join(' ');
        lines.push(`  ${severity.toUpperCase()} ${h.kind}: ${where}${what ? ` (${what})` : ''}`);
        lines.push(`    ${h.message}`);
        lines.push(`    Safely: ${h.safely}`);
      }
    }
  }
  lines.push('');
  lines.push(
    exitCode(report) === 0 ? 'Safe to deploy.' : 'Not safe to deploy as is (exit 1): see the hazards above for how to do the change safely.',
  );
  return lines;
}

function width(report: TransitionReport): number {
  return Math.max(0, ...report.stacks.map((s) => s.stack.length));
}
