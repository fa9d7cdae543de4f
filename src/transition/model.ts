/**
 * The transition model: `cdk deploy --all` from a deployed assembly (before) to a new
 * synthesis (after), simulated stack by stack, resource by resource. See
 * docs/TRANSITIONS.md for every rule and its source.
 *
 * The world is the set of live resource instances. An instance is one physical resource:
 * replacing a resource makes a new instance (a new generation) of the same logical id, so
 * references that resolve to `Stack/Logical#generation` tell the old physical resource
 * from the new one. Each instance keeps what its references resolved to when its stack
 * last deployed (`bindings`), because that is what the live resource uses until its stack
 * deploys again, and the physical names it holds (`claims`).
 */
import { ipv4Range, overlaps, type AddressRange } from './address-range';
import { canonicalJson, mapTokens, refKind } from './canonical';
import { knowsType } from './create-only';
import {
  createOnlyRefs,
  expand,
  FORCE_FACT,
  PROVIDERS_FACT,
  STRATEGY_FACT,
  type AssemblyRecord,
  type OutputRecord,
  type ResourceRecord,
  type StackRecord,
} from './record';
import { SEVERITY, type Hazard, type HazardKind, type ResourceChange, type StackChange, type TransitionReport } from './report';

/** What a reference resolved to: the instances it depends on and its value as text. */
interface Binding {
  readonly targets: readonly string[];
  readonly text: string;
}

const MISSING: Binding = { targets: [], text: '!missing' };

interface Claim {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  /** Name and scope with references shown as the resources they resolve to, for messages. */
  readonly scope: string;
}

interface Instance {
  readonly stack: string;
  readonly id: string;
  readonly gen: number;
  rec: ResourceRecord;
  bindings: Readonly<Record<string, Binding>>;
  claims: readonly Claim[];
  /** A subnet's address range (create-only: fixed for the instance's life). */
  range?: AddressRange;
  orphan: boolean;
}

interface LiveStack {
  rec: StackRecord;
  readonly instances: Map<string, Instance>;
}

/** Deleting one of these fails while a live resource still uses it. */
const IN_USE_BLOCKS_DELETE: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroup': "DependencyViolation: a security group cannot be deleted while a network interface or another group's rule uses it",
  'AWS::EC2::Subnet': 'DependencyViolation: a subnet cannot be deleted while network interfaces (tasks, endpoints, load balancers) are in it',
  'AWS::EC2::VPC': 'DependencyViolation: a VPC cannot be deleted while anything is in it',
  'AWS::ECS::Cluster': 'ClusterContainsServicesException: a cluster cannot be deleted while it has services',
  'AWS::ServiceDiscovery::HttpNamespace': 'ResourceInUse: a namespace cannot be deleted while it has services',
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'ResourceInUse: a namespace cannot be deleted while it has services',
  'AWS::ServiceDiscovery::PublicDnsNamespace': 'ResourceInUse: a namespace cannot be deleted while it has services',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'ResourceInUse: a target group cannot be deleted while a listener or rule forwards to it',
};

/** Types whose deletion deletes data. */
const HOLDS_DATA = new Set([
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::DynamoDB::Table',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::EFS::FileSystem',
  'AWS::SQS::Queue',
  'AWS::Kinesis::Stream',
  'AWS::ECR::Repository',
  'AWS::SecretsManager::Secret',
  'AWS::KMS::Key',
]);

const ECS_SERVICE = 'AWS::ECS::Service';
const PROVIDER_ASSOCIATIONS = 'AWS::ECS::ClusterCapacityProviderAssociations';
const SUBNET = 'AWS::EC2::Subnet';

/** Simulates `cdk deploy --all` from `before` (deployed) to `after` (synthesized). */
export function modelTransition(before: AssemblyRecord, after: AssemblyRecord): TransitionReport {
  return new Simulation(before, after).run();
}

class Simulation {
  private readonly stacks = new Map<string, LiveStack>();
  private readonly holders = new Map<string, Set<Instance>>();
  /** Subnets that hold their address range: live, replaced but not yet cleaned up, or retained. */
  private readonly subnets = new Set<Instance>();
  private readonly hazards: Hazard[] = [];
  private readonly changes: ResourceChange[] = [];
  private readonly summaries: StackChange[] = [];
  private readonly dangling: Array<{ binder: Instance; target: Instance; deletedIn: string }> = [];
  private readonly deployed = new Set<string>();
  private readonly afterNames: Set<string>;
  private readonly unknownTypes = new Set<string>();
  private generation = 0;

  constructor(
    private readonly before: AssemblyRecord,
    private readonly after: AssemblyRecord,
  ) {
    this.afterNames = new Set(after.stacks.map((s) => s.name));
  }

  run(): TransitionReport {
    this.load();
    const left = this.before.stacks.filter((s) => !this.afterNames.has(s.name));
    for (const s of left) this.stackLeftApp(s);
    for (const s of this.after.stacks) this.deployStack(s);
    this.reportRemovedOutputs();
    this.reportDangling();
    for (const s of left) this.summaries.push({ stack: s.name, status: 'left-app', added: 0, updated: 0, replaced: 0, removed: 0 });
    return {
      deployOrder: this.after.stacks.map((s) => s.name),
      stacks: this.summaries,
      changes: this.changes,
      hazards: this.hazards,
    };
  }

  // --- the deployed state --------------------------------------------------------------

  /** The before assembly, deployed: every reference bound to what it resolves to there. */
  private load(): void {
    for (const s of this.before.stacks) {
      const instances = new Map<string, Instance>();
      for (const [id, rec] of Object.entries(s.resources)) {
        instances.set(id, { stack: s.name, id, gen: 0, rec, bindings: {}, claims: [], orphan: false });
      }
      this.stacks.set(s.name, { rec: s, instances });
    }
    for (const live of this.stacks.values()) {
      for (const inst of live.instances.values()) {
        inst.bindings = this.bind(inst.rec, inst.stack);
        inst.claims = this.claims(inst.rec, inst.stack);
        this.hold(inst);
        this.occupy(inst);
      }
    }
  }

  private key(inst: Instance): string {
    return `${inst.stack}/${inst.id}#${inst.gen}`;
  }

  /** What a reference made from `stack` resolves to now. */
  private resolve(ref: string, stack: string, depth = 0): Binding {
    if (depth > 10) return MISSING;
    const kind = refKind(ref);
    if (kind === 'resource') {
      const inst = this.stacks.get(stack)?.instances.get(ref);
      return inst ? { targets: [this.key(inst)], text: this.key(inst) } : MISSING;
    }
    if (kind === 'output') {
      const [producer, output] = splitOutputRef(ref);
      const out = this.stacks.get(producer)?.rec.outputs[output];
      return out ? this.resolveOutput(producer, output, out, depth) : MISSING;
    }
    const name = ref.slice('import:'.length);
    for (const live of this.stacks.values()) {
      for (const [output, out] of Object.entries(live.rec.outputs)) {
        if (out.export === name) return this.resolveOutput(live.rec.name, output, out, depth);
      }
    }
    return MISSING;
  }

  private resolveOutput(producer: string, output: string, out: OutputRecord, depth: number): Binding {
    const inner = (out.refs ?? []).map((r) => this.resolve(r, producer, depth + 1));
    const text = out.value.startsWith('~') ? `${producer}/${output}${out.value}` : this.resolveText(out.value, producer, depth + 1);
    return { targets: inner.flatMap((b) => b.targets), text };
  }

  /** A text with its reference tokens replaced by what they resolve to (identities). */
  private resolveText(text: string, stack: string, depth = 0): string {
    return mapTokens(text, (token) => {
      if (token.startsWith('AWS::') || token.startsWith('param:') || token.startsWith('asset')) return `\${${token}}`;
      // An output resolves to text that already holds the identities of what it names.
      if (refKind(token) !== 'resource') return this.resolve(token, stack, depth).text;
      const dot = token.indexOf('.');
      const id = dot < 0 ? token : token.slice(0, dot);
      return `\${${this.resolve(id, stack, depth).text}${dot < 0 ? '' : token.slice(dot)}}`;
    });
  }

  private bind(rec: ResourceRecord, stack: string): Record<string, Binding> {
    return Object.fromEntries((rec.refs ?? []).map((r) => [r, this.resolve(r, stack)]));
  }

  private claims(rec: ResourceRecord, stack: string): Claim[] {
    return (rec.names ?? []).map(([kind, scope, name]) => {
      const resolvedScope = this.resolveText(expand(rec, scope), stack);
      const resolvedName = this.resolveText(expand(rec, name), stack);
      return { key: `${kind}\u0000${resolvedScope}\u0000${resolvedName}`, kind, name: forPeople(resolvedName), scope: forPeople(resolvedScope) };
    });
  }

  private hold(inst: Instance): void {
    for (const c of inst.claims) {
      let set = this.holders.get(c.key);
      if (!set) this.holders.set(c.key, (set = new Set()));
      set.add(inst);
    }
  }

  private release(inst: Instance, claims: readonly Claim[] = inst.claims): void {
    for (const c of claims) this.holders.get(c.key)?.delete(inst);
  }

  /** A subnet takes its address range in its VPC (a literal CIDR only; see ./address-range). */
  private occupy(inst: Instance): void {
    if (inst.rec.type !== SUBNET) return;
    const cidr = inst.rec.createOnly?.['CidrBlock'];
    const range = cidr === undefined ? undefined : ipv4Range(cidr);
    if (!range || cidr === undefined) return;
    inst.range = { vpc: this.resolveText(expand(inst.rec, inst.rec.createOnly?.['VpcId'] ?? ''), inst.stack), cidr, ...range };
    this.subnets.add(inst);
  }

  // --- one stack -----------------------------------------------------------------------

  private deployStack(next: StackRecord): void {
    const live = this.stacks.get(next.name);
    if (live && sameTemplate(live.rec, next)) {
      this.summaries.push({ stack: next.name, status: 'unchanged', added: 0, updated: 0, replaced: 0, removed: 0 });
      return;
    }
    this.deployed.add(next.name);
    const current: LiveStack = live ?? { rec: { ...next, resources: {}, outputs: {} }, instances: new Map() };
    this.stacks.set(next.name, current);
    this.checkExports(current.rec, next);

    const counts = { added: 0, updated: 0, replaced: 0, removed: 0 };
    const replacedOld: Instance[] = [];
    // Names an in-place update gave up in this phase, and who gave them up.
    const released = new Map<string, Instance>();
    const dependsOn = dependencyClosure(next);

    // Creations and updates, in dependency order.
    for (const id of resourceOrder(next)) {
      const rec = next.resources[id];
      const old = current.instances.get(id);
      const bindings = this.bind(rec, next.name);
      this.checkReferences(next.name, id, rec, bindings);
      const decision = old ? decide(old, rec, bindings) : { action: 'create' as const, reasons: [] };
      if (decision.action === 'none') {
        old!.rec = rec;
        old!.bindings = bindings;
        continue;
      }
      if (decision.action === 'update' && !knowsType(rec.type) && !this.unknownTypes.has(rec.type)) {
        this.unknownTypes.add(rec.type);
        this.add(
          'unknown-type',
          next.name,
          id,
          rec,
          `No create-only data for ${rec.type}: its changes are taken as in-place updates.`,
          'Add its service to scripts/create-only-properties.py and regenerate src/transition/create-only-properties.ts.',
        );
      }
      this.changes.push({
        stack: next.name,
        logicalId: id,
        resourceType: rec.type,
        action: decision.action,
        ...(decision.reasons.length ? { reasons: decision.reasons } : {}),
      });

      if (decision.action === 'update') {
        counts.updated++;
        const claims = this.claims(rec, next.name);
        if (rec.type === ECS_SERVICE) {
          this.checkNamespaceMove(next.name, id, rec, old!, bindings);
          this.checkGracePeriod(next.name, id, rec, old!);
          this.checkCapacityChange(next.name, id, rec, old!);
        }
        if (rec.type === PROVIDER_ASSOCIATIONS) this.checkProvidersInUse(next.name, id, rec, providers(old!.rec), providers(rec), new Set());
        const kept = new Set(old!.claims.map((c) => c.key));
        this.checkClaims(
          next.name,
          id,
          rec,
          claims.filter((c) => !kept.has(c.key)),
          old!,
          released,
          dependsOn,
        );
        const newKeys = new Set(claims.map((c) => c.key));
        const dropped = old!.claims.filter((c) => !newKeys.has(c.key));
        this.release(old!, dropped);
        for (const c of dropped) released.set(c.key, old!);
        old!.rec = rec;
        old!.bindings = bindings;
        old!.claims = claims;
        this.hold(old!);
        continue;
      }

      const inst: Instance = { stack: next.name, id, gen: ++this.generation, rec, bindings, claims: [], orphan: false };
      inst.claims = this.claims(rec, next.name);
      this.checkClaims(next.name, id, rec, inst.claims, old, released, dependsOn);
      this.occupy(inst);
      if (inst.range) this.checkAddressRange(next.name, id, rec, inst, old);
      if (decision.action === 'replace') {
        counts.replaced++;
        replacedOld.push(old!);
        if (rec.type === ECS_SERVICE) {
          this.add(
            'service-replaced',
            next.name,
            id,
            rec,
            `ECS service ${display(old!)} is replaced (${decision.reasons.join('; ')}): a new service starts and the old one is deleted in the cleanup phase, with its tasks.`,
            'Avoid the replacement: keep the create-only properties (service name, cluster) as they are. To change them, add a second service beside the old one, move callers and routes to it, and remove the old one in a later deploy.',
          );
        }
      } else {
        counts.added++;
      }
      current.instances.set(id, inst);
      this.hold(inst);
    }

    const removedIds = [...current.instances.keys()].filter((id) => !(id in next.resources));
    const oldOrder = current.rec.resources;
    current.rec = next;

    // Cleanup: old instances of replaced resources and removed resources, dependents first.
    const order = resourceOrder({ resources: oldOrder } as StackRecord);
    const rank = new Map(order.map((id, i) => [id, i]));
    const doomed = [
      ...replacedOld.map((inst) => ({ inst, removed: false })),
      ...removedIds.map((id) => ({ inst: current.instances.get(id)!, removed: true })),
    ].sort((a, b) => (rank.get(b.inst.id) ?? 0) - (rank.get(a.inst.id) ?? 0));
    for (const id of removedIds) current.instances.delete(id);
    const doomedSet = new Set(doomed.map((d) => d.inst));
    // Who uses what: nothing rebinds during a cleanup, so one index serves all of it.
    const users = new Map<string, Instance[]>();
    for (const u of this.liveInstances()) {
      if (doomedSet.has(u)) continue;
      for (const target of new Set(Object.values(u.bindings).flatMap((b) => b.targets))) {
        const list = users.get(target);
        if (list) list.push(u);
        else users.set(target, [u]);
      }
    }
    for (const { inst, removed } of doomed) {
      if (removed) counts.removed++;
      if (removed && inst.rec.type === PROVIDER_ASSOCIATIONS)
        this.checkProvidersInUse(next.name, inst.id, inst.rec, providers(inst.rec), [], doomedSet);
      this.remove(inst, removed, users.get(this.key(inst)) ?? []);
    }
    this.summaries.push({ stack: next.name, status: live ? 'update' : 'create', ...counts });
  }

  /** Deletes (or retains) one instance in its stack's cleanup phase; `users` still refer to it. */
  private remove(inst: Instance, removed: boolean, users: readonly Instance[]): void {
    const policy = (removed ? inst.rec.deletionPolicy : inst.rec.updateReplacePolicy) ?? 'Delete';
    if (removed) {
      this.changes.push({
        stack: inst.stack,
        logicalId: inst.id,
        resourceType: inst.rec.type,
        action: policy.startsWith('Retain') ? 'retain' : 'delete',
      });
    }
    if (policy === 'Retain' || policy === 'RetainExceptOnCreate') {
      inst.orphan = true;
      if (inst.claims.length) {
        this.add(
          'retained',
          inst.stack,
          inst.id,
          inst.rec,
          `${inst.rec.type} ${inst.id} leaves the stack but is retained (${removed ? 'DeletionPolicy' : 'UpdateReplacePolicy'} ${policy}): it stays in the account, outside any stack, and keeps its ${inst.claims[0].kind} "${inst.claims[0].name}".`,
          'Delete it by hand once it is no longer needed, and before anything is created with the same name.',
        );
      }
      return;
    }
    if (users.length && IN_USE_BLOCKS_DELETE[inst.rec.type]) {
      this.add(
        'in-use',
        inst.stack,
        inst.id,
        inst.rec,
        `${inst.rec.type} ${inst.id} is deleted in ${inst.stack}'s cleanup while ${some(users.map(describe))} still use${users.length === 1 ? 's' : ''} it. ${IN_USE_BLOCKS_DELETE[inst.rec.type]}.`,
        this.stacks.has(users[0].stack) && !this.afterNames.has(users[0].stack)
          ? `Destroy ${users[0].stack} (it left the app) before this deploy, or keep ${inst.id} until nothing uses it.`
          : `Keep ${inst.id} in this deploy and move its users off it first (deploy them), then remove it in a later deploy.`,
      );
    } else {
      for (const u of users) this.dangling.push({ binder: u, target: inst, deletedIn: inst.stack });
    }
    if (removed && inst.rec.type === ECS_SERVICE) {
      this.add(
        'service-deleted',
        inst.stack,
        inst.id,
        inst.rec,
        `ECS service ${display(inst)} is deleted: its tasks stop, and with them its load balancer targets and its Service Connect endpoint.`,
        'If it is meant to go, first make sure no caller or route still uses it. To rename or move it without downtime, add the new service beside the old one, move callers and routes to it, and remove the old one in a later deploy.',
      );
    }
    if (HOLDS_DATA.has(inst.rec.type) && policy === 'Delete') {
      this.add(
        'data-deleted',
        inst.stack,
        inst.id,
        inst.rec,
        `${inst.rec.type} ${inst.id} is ${removed ? 'deleted' : 'replaced and the old one deleted'} (${removed ? 'DeletionPolicy' : 'UpdateReplacePolicy'} Delete): what it holds is lost.`,
        'If the data matters, set its removal policy to RETAIN (DeletionPolicy and UpdateReplacePolicy Retain) in an earlier deploy.',
      );
    }
    this.release(inst);
    this.subnets.delete(inst);
  }

  // --- the rules -------------------------------------------------------------------------

  /**
   * A Service Connect endpoint that moves to another namespace: callers resolve names only
   * in their own namespace, so while the services roll one after the other, callers still
   * in the old namespace lose the services that have already moved.
   */
  private checkNamespaceMove(stack: string, id: string, rec: ResourceRecord, old: Instance, bindings: Record<string, Binding>): void {
    for (const [kind, scope, name] of rec.names ?? []) {
      if (kind !== 'Service Connect discovery name') continue;
      // The namespace is a reference (`${i}` into refs): moved when it resolves elsewhere now.
      const refs = [...scope.matchAll(/\$\{(\d+)\}/g)].map((m) => rec.refs?.[Number(m[1])]).filter((r): r is string => r !== undefined);
      const before = refs.flatMap((r) => old.bindings[r]?.targets ?? []);
      const after = refs.flatMap((r) => bindings[r]?.targets ?? []);
      if (before.length === 0 || JSON.stringify(before) === JSON.stringify(after)) continue;
      this.add(
        'namespace-moved',
        stack,
        id,
        rec,
        `Service Connect endpoint ${forPeople(this.resolveText(expand(rec, name), stack))} moves to another namespace: during the rollout its callers that still run in the old namespace cannot resolve it.`,
        'Change the namespace in a maintenance window, or build the new platform beside the old one (another name and namespace) and move traffic to it.',
      );
    }
  }

  /**
   * An update that gives a live ECS service its first load balancers and a health check
   * grace period at once: ECS checks the grace period against the service as it is
   * ("Health check grace period is only valid for services configured to use load
   * balancers") and the stack update fails (aws/aws-cdk#19842, aws/copilot-cli#4011).
   */
  private checkGracePeriod(stack: string, id: string, rec: ResourceRecord, old: Instance): void {
    const has = (r: ResourceRecord, fact: string) => r.facts?.includes(fact) ?? false;
    if (!has(rec, 'load balancers') || !has(rec, 'health check grace period') || has(old.rec, 'load balancers')) return;
    this.add(
      'grace-period-with-new-load-balancer',
      stack,
      id,
      rec,
      `ECS service ${display(old)} gets its first load balancer and a health check grace period in the same update: ECS refuses the grace period on a service that has no load balancer yet ("Health check grace period is only valid for services configured to use load balancers"), and the stack update fails.`,
      "Attach the load balancer without a grace period (give the target group's health check enough unhealthy checks for a task to start), and add the grace period in a later deploy if it is still wanted.",
    );
  }

  /**
   * A live ECS service whose capacity provider strategy appears (from the launch type) or
   * changes: ECS refuses the update unless it forces a new deployment ("When switching from
   * launch type to capacity provider strategy on an existing service, or making a change
   * to a capacity provider strategy on a service that is already using one, you must force
   * a new deployment"), which in a template is a ForceNewDeployment whose nonce changes in
   * the same update. A strategy that disappears is not undone by CloudFormation (an absent
   * key leaves the live value; only an empty list removes it, and then the same rule holds).
   */
  private checkCapacityChange(stack: string, id: string, rec: ResourceRecord, old: Instance): void {
    const fact = (r: ResourceRecord, prefix: string) => r.facts?.find((f) => f.startsWith(prefix));
    const before = fact(old.rec, STRATEGY_FACT);
    const after = fact(rec, STRATEGY_FACT);
    if (before === after) return;
    if (after === undefined) {
      this.add(
        'capacity-strategy-removed',
        stack,
        id,
        rec,
        `ECS service ${display(old)} drops its capacity provider strategy for the launch type: CloudFormation leaves a strategy in place when the key is absent, and ECS refuses a change of capacity without a forced deployment, so the service keeps running on its old strategy or the update fails.`,
        'Keep a strategy: set `spot: 0` (all tasks on regular Fargate) instead of removing `spot`.',
      );
      return;
    }
    const forced = fact(rec, FORCE_FACT);
    if (forced !== undefined && forced !== fact(old.rec, FORCE_FACT)) return;
    this.add(
      'capacity-change-unforced',
      stack,
      id,
      rec,
      `ECS service ${display(old)} ${before === undefined ? 'switches from the launch type to a capacity provider strategy' : 'changes its capacity provider strategy'} without forcing a new deployment: ECS refuses it ("you must force a new deployment") and the stack update fails.`,
      'Set ForceNewDeployment with EnableForceNewDeployment true and a ForceNewDeploymentNonce that changes with the strategy (the generated services do: the nonce is the strategy).',
    );
  }

  /**
   * ECS refuses to take a capacity provider off a cluster while a service's strategy still
   * names it: a network stack deployed before the services stacks must not drop FARGATE_SPOT
   * while a service that has not been updated (or deleted) yet still runs on it.
   */
  private checkProvidersInUse(
    stack: string,
    id: string,
    rec: ResourceRecord,
    before: readonly string[],
    after: readonly string[],
    leaving: ReadonlySet<Instance>,
  ): void {
    for (const provider of before.filter((p) => !after.includes(p))) {
      const users = this.liveInstances().filter((i) => i.rec.type === ECS_SERVICE && !leaving.has(i) && strategyProviders(i.rec).includes(provider));
      if (users.length === 0) continue;
      this.add(
        'capacity-provider-in-use',
        stack,
        id,
        rec,
        `${stack} takes the capacity provider ${provider} off the cluster while ${some(users.map(describe))} still run${users.length === 1 ? 's' : ''} on it: ECS refuses ("the capacity provider is in use") and the stack update fails.`,
        `Keep ${provider} associated with the cluster until no service's strategy names it (deploy the services first), then remove it in a later deploy.`,
      );
    }
  }

  /**
   * A new subnet's CIDR must not overlap any subnet of its VPC that exists at that moment:
   * one removed or replaced in this stack is deleted only in the cleanup phase, one in a
   * stack that deploys later only then, and a retained one never.
   */
  private checkAddressRange(stack: string, id: string, rec: ResourceRecord, inst: Instance, old: Instance | undefined): void {
    for (const other of this.subnets) {
      if (other === inst || !overlaps(inst.range!, other.range!)) continue;
      const stays = other.stack === stack && this.isLive(other) && this.after.stacks.find((s) => s.name === stack)?.resources[other.id] !== undefined;
      const why =
        other === old ? `the ${id} it replaces, deleted only in the cleanup phase` : `${describe(other)}${stays ? '' : this.whyHeld(other, stack)}`;
      this.add(
        'cidr-conflict',
        stack,
        id,
        rec,
        `${id} needs the address range ${inst.range!.cidr}, which overlaps ${other.range!.cidr} of ${why}: EC2 refuses a subnet that overlaps another subnet of its VPC (InvalidSubnet.Conflict).`,
        "Keep every subnet's CIDR as it is (a fixed address layout, where a change of AZ count adds or removes subnets and moves none); " +
          'to move a subnet, remove it in one deploy and add it at its new range in the next.',
      );
    }
  }

  /** Every reference of a resource must resolve when its stack deploys. */
  private checkReferences(stack: string, id: string, rec: ResourceRecord, bindings: Record<string, Binding>): void {
    for (const [ref, b] of Object.entries(bindings)) {
      if (b !== MISSING) continue;
      if (refKind(ref) === 'output') {
        const [producer, output] = splitOutputRef(ref);
        this.add(
          'missing-output',
          stack,
          id,
          rec,
          `${id} reads output ${output} of ${producer} (Fn::GetStackOutput), which ${this.stacks.has(producer) ? 'does not exist' : 'is in no deployed stack'} when ${stack} deploys.`,
          `Make ${stack} deploy after ${producer} (a stack dependency), and keep the output in ${producer} as long as a stack reads it.`,
        );
      } else if (refKind(ref) === 'import') {
        this.add(
          'missing-export',
          stack,
          id,
          rec,
          `${id} imports ${ref.slice('import:'.length)} (Fn::ImportValue), which no deployed stack exports when ${stack} deploys.`,
          'Deploy the exporting stack first (a stack dependency), and keep the export as long as a stack imports it.',
        );
      }
    }
  }

  /** New physical names must be free when the resource is created or renamed. */
  private checkClaims(
    stack: string,
    id: string,
    rec: ResourceRecord,
    claims: readonly Claim[],
    self: Instance | undefined,
    released: ReadonlyMap<string, Instance>,
    dependsOn: (a: string, b: string) => boolean,
  ): void {
    for (const c of claims) {
      const holders = [...(this.holders.get(c.key) ?? [])];
      const releaser = released.get(c.key);
      // CloudFormation runs independent resources in parallel: a name another resource of
      // this stack gives up in this update is free only if this one waits for it.
      if (releaser && releaser.id !== id && !dependsOn(id, releaser.id)) holders.push(releaser);
      const holder = holders[0];
      if (!holder) continue;
      const what = `${c.kind} "${c.name}"${c.scope ? ` in ${c.scope}` : ''}`;
      if (self && holder === self) {
        this.add(
          'replace-custom-named',
          stack,
          id,
          rec,
          `${id} must be replaced, and the replacement needs the ${what}, which the old ${id} holds until the cleanup phase: a custom-named resource cannot be replaced.`,
          `Give it a new name in the same change (the replacement then takes the new name), or remove it in one deploy and add it back in the next.`,
        );
        continue;
      }
      this.add(
        'name-conflict',
        stack,
        id,
        rec,
        `${id} needs the ${what}, still held by ${describe(holder)}${this.whyHeld(holder, stack)}.`,
        this.howToFree(holder, stack),
      );
    }
  }

  private whyHeld(holder: Instance, stack: string): string {
    if (holder.orphan) return ', retained outside any stack';
    if (!this.afterNames.has(holder.stack)) return `, whose stack left the app and is not deleted by cdk deploy`;
    const stillThere = this.after.stacks.find((s) => s.name === holder.stack)?.resources[holder.id];
    if (holder.stack === stack) {
      return stillThere
        ? ' (an in-place update that may not have run yet)'
        : ', removed from this stack but deleted only in the cleanup phase, after all creations';
    }
    if (!stillThere)
      return `, removed from ${holder.stack} but deleted only when that stack deploys${this.deployed.has(holder.stack) ? '' : ', later'}`;
    return '';
  }

  private howToFree(holder: Instance, stack: string): string {
    if (holder.orphan) return 'Delete the retained resource by hand first, or use another name.';
    if (!this.afterNames.has(holder.stack)) {
      return `Keep the resource in ${holder.stack} (stable placement), or destroy ${holder.stack} (cdk destroy) before deploying, accepting the downtime, or give the new resource another name and remove the old one later.`;
    }
    if (holder.stack === stack) {
      return 'Keep the logical id (so CloudFormation updates the resource in place), or remove the old resource in one deploy and add the new one in the next.';
    }
    return `Keep the resource in ${holder.stack}, or move it in two deploys: remove it from ${holder.stack} first, then add it to ${stack} (with downtime in between), or give the new one another name and remove the old one later.`;
  }

  /** An export that a live stack imports cannot change or go; an export name is unique. */
  private checkExports(prev: StackRecord, next: StackRecord): void {
    const nextByExport = new Map(
      Object.values(next.outputs)
        .filter((o) => o.export)
        .map((o) => [o.export!, o]),
    );
    for (const out of Object.values(prev.outputs)) {
      if (!out.export) continue;
      const replacement = nextByExport.get(out.export);
      if (replacement && replacement.value === out.value) continue;
      const importers = this.liveInstances().filter((i) => i.stack !== next.name && (i.rec.refs ?? []).includes(`import:${out.export}`));
      if (importers.length) {
        this.add(
          'export-in-use',
          next.name,
          undefined,
          undefined,
          `Export ${out.export} is ${replacement ? 'changed' : 'removed'} while ${some(importers.map(describe))} import${importers.length === 1 ? 's' : ''} it: CloudFormation refuses to update an export in use.`,
          'Move the importers off the export first (deploy them), then change or remove it; or read the value with a weak reference (Fn::GetStackOutput).',
        );
      }
    }
    for (const name of nextByExport.keys()) {
      const owner = [...this.stacks.values()].find((s) => s.rec.name !== next.name && Object.values(s.rec.outputs).some((o) => o.export === name));
      if (owner) {
        this.add(
          'name-conflict',
          next.name,
          undefined,
          undefined,
          `Export name ${name} is already exported by ${owner.rec.name}: export names are unique per account and region.`,
          `Remove the export from ${owner.rec.name} first (in an earlier deploy), or choose another export name.`,
        );
      }
    }
  }

  // --- after the deploy --------------------------------------------------------------------

  private stackLeftApp(s: StackRecord): void {
    const services = Object.values(s.resources).filter((r) => r.type === ECS_SERVICE).length;
    this.add(
      'stack-left-app',
      s.name,
      undefined,
      undefined,
      `${s.name} is no longer in the app; cdk deploy does not delete it: its ${Object.keys(s.resources).length} resources${services ? ` (${services} ECS service${services === 1 ? '' : 's'})` : ''} keep running, keep their names and keep reading other stacks' outputs.`,
      `If that is meant, destroy it (cdk destroy ${s.name}) once nothing else moved into its names; if its resources moved to other stacks, keep them where they were instead.`,
    );
  }

  /** Stacks this deploy does not update keep reading outputs that may now be gone. */
  private reportRemovedOutputs(): void {
    for (const inst of this.liveInstances()) {
      if (this.deployed.has(inst.stack)) continue;
      for (const ref of inst.rec.refs ?? []) {
        if (refKind(ref) !== 'output' || this.resolve(ref, inst.stack) !== MISSING) continue;
        const [producer, output] = splitOutputRef(ref);
        this.add(
          'removed-output',
          inst.stack,
          inst.id,
          inst.rec,
          `${inst.id} reads output ${output} of ${producer}, which this deploy removes; ${inst.stack} is not updated by it, so its next update or rollback fails.`,
          `Keep the output in ${producer} while ${inst.stack} reads it, or destroy ${inst.stack} first if it left the app.`,
        );
      }
    }
  }

  private reportDangling(): void {
    const seen = new Set<string>();
    for (const { binder, target, deletedIn } of this.dangling) {
      const pair = `${this.key(binder)} ${this.key(target)}`;
      if (seen.has(pair)) continue;
      seen.add(pair);
      // Gone too: the new template drops the binder itself, so nothing is left pointing at
      // the deleted resource (the binder's own delete finds it already gone, which a
      // resource handler reports as NotFound and CloudFormation counts as deleted).
      const stack = this.stacks.get(binder.stack);
      if (!binder.orphan && this.deployed.has(binder.stack) && stack && !stack.instances.has(binder.id)) {
        this.add(
          'removed-with-producer',
          binder.stack,
          binder.id,
          binder.rec,
          `${binder.id} refers to ${target.rec.type} ${target.stack}/${target.id}, which is deleted in ${deletedIn}'s cleanup; ${binder.stack} removes ${binder.id} too, later in this deploy.`,
          'Nothing to do: both go. Whatever they served stops when the first is deleted.',
        );
        continue;
      }
      // Repaired when the binder's stack deployed later and re-read the reference (or replaced the binder).
      const repaired = !binder.orphan && (!this.isLive(binder) || !Object.values(binder.bindings).some((b) => b.targets.includes(this.key(target))));
      this.add(
        'dangling-reference',
        binder.stack,
        binder.id,
        binder.rec,
        `${binder.id} refers to ${target.rec.type} ${target.stack}/${target.id}, which is deleted in ${deletedIn}'s cleanup; ${repaired ? `${binder.stack} points it at the new value only when it deploys, later` : `${binder.stack} is not updated after that, so it keeps pointing at the deleted resource`}.`,
        `Keep ${target.id} until ${binder.stack} no longer uses it: deploy the change that moves ${binder.id} off it first, and remove ${target.id} in a later deploy.`,
      );
    }
  }

  // --- helpers -----------------------------------------------------------------------------

  private liveInstances(): Instance[] {
    return [...this.stacks.values()].flatMap((s) => [...s.instances.values()]);
  }

  private isLive(inst: Instance): boolean {
    return this.stacks.get(inst.stack)?.instances.get(inst.id) === inst;
  }

  private add(
    kind: HazardKind,
    stack: string,
    logicalId: string | undefined,
    rec: ResourceRecord | undefined,
    message: string,
    safely: string,
  ): void {
    const name = physicalName(rec);
    this.hazards.push({
      kind,
      severity: SEVERITY[kind],
      stack,
      ...(logicalId ? { logicalId } : {}),
      ...(rec ? { resourceType: rec.type } : {}),
      ...(name !== undefined ? { physicalName: name } : {}),
      message,
      safely,
    });
  }
}

type Decision = { action: 'create' | 'update' | 'replace' | 'none'; reasons: string[] };

/** What CloudFormation does to a live resource given its new record and bindings. */
function decide(old: Instance, rec: ResourceRecord, bindings: Record<string, Binding>): Decision {
  if (old.rec.type !== rec.type) return { action: 'replace', reasons: [`type ${old.rec.type} -> ${rec.type}`] };
  const reasons: string[] = [];
  const before = old.rec.createOnly ?? {};
  const afterValues = rec.createOnly ?? {};
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(afterValues)])].sort()) {
    const was = before[path] === undefined ? '(none)' : expand(old.rec, before[path]);
    const is = afterValues[path] === undefined ? '(none)' : expand(rec, afterValues[path]);
    if (was !== is) reasons.push(`${path}: ${was} -> ${is}`);
  }
  for (const ref of createOnlyRefs(rec)) {
    if (old.bindings[ref] && !sameBinding(old.bindings[ref], bindings[ref])) reasons.push(`${ref} now resolves to a new resource`);
  }
  if (reasons.length) return { action: 'replace', reasons };
  const refsChanged = (rec.refs ?? []).some((r) => !old.bindings[r] || !sameBinding(old.bindings[r], bindings[r]));
  return { action: old.rec.props !== rec.props || refsChanged ? 'update' : 'none', reasons: [] };
}

function sameBinding(a: Binding | undefined, b: Binding | undefined): boolean {
  return a !== undefined && b !== undefined && a.text === b.text && a.targets.join() === b.targets.join();
}

/** The CLI skips a stack whose template did not change (outputs and all). */
function sameTemplate(a: StackRecord, b: StackRecord): boolean {
  return a.sections === b.sections && canonicalJson([a.resources, a.outputs]) === canonicalJson([b.resources, b.outputs]);
}

/** Same-stack dependencies of a resource: DependsOn and references. */
function localDeps(stack: Pick<StackRecord, 'resources'>, id: string): string[] {
  const r = stack.resources[id];
  return [...(r.dependsOn ?? []), ...(r.refs ?? []).filter((x) => refKind(x) === 'resource')].filter((d) => d !== id && d in stack.resources);
}

/** Logical ids in an order CloudFormation may create them: dependencies first, ties by id. */
function resourceOrder(stack: Pick<StackRecord, 'resources'>): string[] {
  const ids = Object.keys(stack.resources).sort();
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (id: string, path: Set<string>) => {
    if (done.has(id) || path.has(id)) return;
    path.add(id);
    for (const d of localDeps(stack, id).sort()) visit(d, path);
    path.delete(id);
    done.add(id);
    out.push(id);
  };
  for (const id of ids) visit(id, new Set());
  return out;
}

/** `dependsOn(a, b)`: whether `a` waits for `b`, directly or not, within the stack. */
function dependencyClosure(stack: StackRecord): (a: string, b: string) => boolean {
  const memo = new Map<string, Set<string>>();
  const closure = (id: string, path: Set<string> = new Set()): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const set = new Set<string>();
    if (path.has(id) || !(id in stack.resources)) return set;
    path.add(id);
    for (const d of localDeps(stack, id)) {
      set.add(d);
      for (const x of closure(d, path)) set.add(x);
    }
    path.delete(id);
    memo.set(id, set);
    return set;
  };
  return (a, b) => closure(a).has(b);
}

function splitOutputRef(ref: string): [string, string] {
  const i = ref.indexOf('/');
  return [ref.slice(0, i), ref.slice(i + 1)];
}

/** At most three items, and how many more. */
function some(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

function describe(inst: Instance): string {
  return `${inst.rec.type} ${inst.stack}/${inst.id}`;
}

function display(inst: Instance): string {
  const name = physicalName(inst.rec);
  return name !== undefined ? `"${name}"` : inst.id;
}

/** `${Stack/Logical#3.Arn}` -> `Stack/Logical`: the identity, for people. */
function forPeople(text: string): string {
  return text.replace(/\$\{([^}#]*)#\d+[^}]*\}/g, '$1');
}

/** The physical name a template gives a resource (a name, not a port or priority), for messages. */
function physicalName(rec: ResourceRecord | undefined): string | undefined {
  const claim = rec?.names?.find(([kind]) => kind.endsWith(' name') && kind !== 'inline policy name');
  return claim && expand(rec!, claim[2]);
}

/** The capacity providers an association record lists. */
function providers(rec: ResourceRecord): string[] {
  const f = factValue(rec, PROVIDERS_FACT);
  return f === undefined ? [] : (JSON.parse(f) as unknown[]).filter((p): p is string => typeof p === 'string');
}

/** The capacity providers an ECS service's strategy names. */
function strategyProviders(rec: ResourceRecord): string[] {
  const f = factValue(rec, STRATEGY_FACT);
  if (f === undefined) return [];
  return (JSON.parse(f) as Array<{ CapacityProvider?: unknown }>).map((i) => i.CapacityProvider).filter((p): p is string => typeof p === 'string');
}

/** The value of a record's fact with `prefix` (the JSON after it); undefined without one. */
function factValue(rec: ResourceRecord, prefix: string): string | undefined {
  return rec.facts?.find((f) => f.startsWith(prefix))?.slice(prefix.length);
}
