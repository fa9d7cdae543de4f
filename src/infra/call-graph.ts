import type { IConstruct } from 'constructs';
import { plannedCalls, type Plan, type PlannedCall, type PlannedService } from '../plan';
import { validationError } from './errors';

/** One `calls` entry of the plan: `from` reaches `to` through Service Connect. */
export type CallEdge = PlannedCall;

/**
 * Read-only lookups over the plan's call graph and stack layout, checked once: errors
 * name the service and are attached to `scope` (the app).
 */
export class CallGraph {
  /** Every call, callers in spec order. */
  readonly edges: readonly CallEdge[];
  private readonly byName = new Map<string, PlannedService>();
  private readonly stackIndexByService = new Map<string, number>();

  constructor(
    private readonly scope: IConstruct,
    readonly platform: Plan,
  ) {
    for (const service of platform.services) this.byName.set(service.name, service);
    platform.stacks.forEach((stack, index) => {
      for (const name of stack.services) this.stackIndexByService.set(name, index);
    });
    this.edges = plannedCalls(platform);
    this.check();
  }

  service(name: string): PlannedService {
    const service = this.byName.get(name);
    if (!service) throw validationError(this.scope, 'UnknownService', `unknown service "${name}"`);
    return service;
  }

  /** Position of the service's stack in `platform.stacks` (deploy order). */
  stackIndexOf(name: string): number {
    const index = this.stackIndexByService.get(name);
    if (index === undefined) throw validationError(this.scope, 'ServiceInNoStack', `service "${name}" is in no stack`);
    return index;
  }

  /** Services that call `name`, in spec order. */
  callersOf(name: string): string[] {
    return this.edges.filter((e) => e.to === name).map((e) => e.from);
  }

  /**
   * The generator promises these; checking them here turns a broken promise (a hand-edited
   * platform) into a synth error naming the service instead of a CloudFormation deadlock
   * at deploy time.
   */
  private check(): void {
    for (const edge of this.edges) {
      const callee = this.service(edge.to);
      if (callee.role !== 'client-server') {
        throw validationError(this.scope, 'CallToClientOnly', `"${edge.from}" calls "${edge.to}", which is client-only`);
      }
      if (!edge.deferred && this.stackIndexOf(edge.to) > this.stackIndexOf(edge.from)) {
        throw validationError(this.scope, 'CalleeInLaterStack', `"${edge.from}" depends on "${edge.to}", which is placed in a later stack`);
      }
    }
    for (const service of this.platform.services) this.stackIndexOf(service.name);
  }
}
