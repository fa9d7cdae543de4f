import type { PlatformSpec, ServiceSpec } from './platform-spec';

/** One `calls` entry of the spec: `from` reaches `to` through Service Connect. */
export interface CallEdge {
  readonly from: string;
  readonly to: string;
  /** Left out of CloudFormation DependsOn because it closes a cycle. */
  readonly deferred: boolean;
}

/** Read-only lookups over the spec's call graph and stack layout. */
export class CallGraph {
  readonly edges: readonly CallEdge[];
  private readonly byName = new Map<string, ServiceSpec>();
  private readonly stackIndexByService = new Map<string, number>();

  constructor(readonly platform: PlatformSpec) {
    for (const service of platform.services) this.byName.set(service.name, service);
    platform.stacks.forEach((stack, index) => {
      for (const name of stack.services) this.stackIndexByService.set(name, index);
    });
    const deferred = new Set(platform.deferredCalls.map((d) => `${d.from}\u0000${d.to}`));
    this.edges = platform.services.flatMap((service) =>
      service.calls.map((to) => ({
        from: service.name,
        to,
        deferred: deferred.has(`${service.name}\u0000${to}`),
      })),
    );
    this.check();
  }

  service(name: string): ServiceSpec {
    const service = this.byName.get(name);
    if (!service) throw new Error(`platform: unknown service "${name}"`);
    return service;
  }

  /** Position of the service's stack in `platform.stacks` (deploy order). */
  stackIndexOf(name: string): number {
    const index = this.stackIndexByService.get(name);
    if (index === undefined) throw new Error(`platform: service "${name}" is in no stack`);
    return index;
  }

  /** Services that call `name`, in spec order. */
  callersOf(name: string): string[] {
    return this.edges.filter((e) => e.to === name).map((e) => e.from);
  }

  /**
   * The generator promises these; checking them here turns a broken promise into a synth
   * error naming the service instead of a CloudFormation deadlock at deploy time.
   */
  private check(): void {
    for (const edge of this.edges) {
      const callee = this.service(edge.to);
      if (callee.role !== 'client-server') {
        throw new Error(`platform: "${edge.from}" calls "${edge.to}", which is client-only`);
      }
      if (!edge.deferred && this.stackIndexOf(edge.to) > this.stackIndexOf(edge.from)) {
        throw new Error(
          `platform: "${edge.from}" depends on "${edge.to}", which is placed in a later stack`,
        );
      }
    }
    for (const service of this.platform.services) this.stackIndexOf(service.name);
  }
}
