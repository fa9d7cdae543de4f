/**
 * The rules between a stage (spec `stages[]`) and the rest of the spec: what a stage
 * deploys must work in its account, region and partition. Called by the normalizer once
 * every stage's own fields are valid; each problem is reported at the stage key to change.
 */
import { azsProblem } from './availability-zones';
import { parseEcrImage } from './ecr';
import { DEFAULTS } from './fields';
import * as m from './messages';
import { LIMITS, partitionOf } from './rules';
import { parseSecretRef } from './secrets';
import type { ServiceAutoscaling } from './types';
export { defaultDeployRoleArn, stageNamespace } from './stage-names';

type Values = Readonly<Record<string, unknown>>;

/** A stage as the normalizer read it: its values (each valid), and where to report. */
export interface StageDraft {
  readonly values: Values;
  /** Reports at a key of the stage (where it is, or where it would go). */
  add(key: string, message: string): void;
  /** Reports at a key inside a mapping key of the stage (`alarms.topicArn`). */
  addAt(key: string, sub: string, message: string): void;
  /** The path of a key of the stage. */
  at(key: string): string;
  /** The stage's service overrides as read, by service name. */
  readonly services: Readonly<Record<string, { readonly values: Values }>>;
  /** The autoscaling rules of one service's override (min <= max, a target, requests only public). */
  checkAutoscaling(service: string, isPublic: boolean): void;
}

/** A service of the spec, as the stage rules need it. */
export interface StageServiceInfo {
  readonly name: string;
  readonly public: boolean;
  readonly image?: string;
  /** The service's values as given (desiredCount absent: it follows the profile). */
  readonly values: Values;
}

/** Checks every stage; true when a problem was reported. */
export function checkStageRules(stages: readonly StageDraft[], top: Values, services: readonly StageServiceInfo[]): boolean {
  let problems = false;
  for (const stage of stages) {
    const report = stage.add;
    const count = { n: 0 };
    const add = (key: string, message: string) => {
      count.n++;
      report(key, message);
    };
    const addAt = (key: string, sub: string, message: string) => {
      count.n++;
      stage.addAt(key, sub, message);
    };
    checkStage(stage, top, services, add, addAt);
    if (count.n > 0) problems = true;
  }
  return problems;
}

function checkStage(
  stage: StageDraft,
  top: Values,
  services: readonly StageServiceInfo[],
  add: (key: string, message: string) => void,
  addAt: (key: string, sub: string, message: string) => void,
): void {
  const v = stage.values;
  const name = v.name as string;
  const account = v.account as string;
  const region = v.region as string;
  const partition = partitionOf(region);

  const role = v.deployRoleArn as string | undefined;
  if (role !== undefined) {
    const [, rolePartition, , , roleAccount] = role.split(':');
    if (rolePartition !== partition || roleAccount !== account) add('deployRoleArn', m.stageRoleElsewhere(role, name, account, partition));
  }

  const namespace = (top.namespace as string | undefined) ?? `${top.name as string}${DEFAULTS.namespaceSuffix}`;
  if (typeof top.name === 'string' && name.length + 1 + namespace.length > LIMITS.dnsNameMaxLength) {
    add('name', m.stageNamespaceTooLong(name, namespace, LIMITS.dnsNameMaxLength));
  }

  // HTTPS: domain and certificate (each given here or inherited), the certificate in the stage's account and region.
  const domain = (v.domain ?? top.domain) as string | undefined;
  const certificate = (v.certificateArn ?? top.certificateArn) as string | undefined;
  if (v.domain !== undefined && certificate === undefined) add('domain', m.stageDomainWithoutCertificate(name, 'domain'));
  if (v.certificateArn !== undefined && domain === undefined) add('certificateArn', m.stageDomainWithoutCertificate(name, 'certificateArn'));
  if (v.domain !== undefined && !services.some((s) => s.public)) add('domain', m.stageDomainWithoutPublicService());
  if (certificate !== undefined && domain !== undefined) {
    const [, p, , r, a] = certificate.split(':');
    if (p !== partition || r !== region || a !== account) {
      const where = `${r} of account ${a}${p !== partition ? ` (partition ${p})` : ''}`;
      const fix = `a load balancer uses only an ACM certificate of its own account and region; request (or import) one in ${region} of account ${account} and set certificateArn on this stage to it`;
      add(
        'certificateArn',
        v.certificateArn !== undefined
          ? m.stageArnElsewhere('the certificate', certificate, where, name, region, partition, fix)
          : m.stageInheritsArnElsewhere('certificateArn', certificate, where, name, region, fix),
      );
    }
  }

  // Alarms: one place, and a topic of the stage's region and partition.
  const alarms = v.alarms as Values | undefined;
  if (alarms !== undefined) {
    const given = Object.keys(alarms);
    if (given.length === 0) add('alarms', m.alarmsEmpty());
    else if (given.includes('email') && given.includes('topicArn')) add('alarms', m.alarmsEmailAndTopic());
  }
  const topic = ((alarms ?? top.alarms) as Values | undefined)?.topicArn as string | undefined;
  if (topic !== undefined) {
    const [, p, , r] = topic.split(':');
    if (p !== partition || r !== region) {
      const where = p !== partition ? `${r} (partition ${p})` : r;
      const fix = `CloudWatch alarms notify SNS topics of their own region; create a topic in ${region} and set alarms.topicArn on this stage to it`;
      if (alarms?.topicArn !== undefined)
        addAt('alarms', 'topicArn', m.stageArnElsewhere('the alarm topic', topic, where, name, region, partition, fix));
      else add('alarms', m.stageInheritsArnElsewhere('alarms.topicArn', topic, where, name, region, fix));
    }
  }

  // Images and secrets by ARN are in one region (the top-level rule); tasks reach only their own region's.
  for (const s of services) {
    const image = s.image !== undefined ? parseEcrImage(s.image) : undefined;
    if (image !== undefined && image.region !== region) add('region', m.stageImageRegion(name, region, s.name, image.region));
    const secrets = s.values.secrets as { readonly values: Readonly<Record<string, string>> } | undefined;
    for (const ref of Object.values(secrets?.values ?? {})) {
      const secretRegion = parseSecretRef(ref).arn?.split(':')[3];
      if (secretRegion !== undefined && secretRegion !== region) {
        add('region', m.stageSecretRegion(name, region, s.name, secretRegion));
        break;
      }
    }
  }

  // azs the region gives Fargate, where that is known.
  const azs = (v.azs ?? top.azs ?? DEFAULTS.azs) as number;
  const azsWhy = azsProblem(region, azs);
  if (azsWhy !== undefined) add('azs', m.stageAzs(name, azsWhy, v.azs === undefined));

  // Per service: autoscaling rules, desiredCount within the range, spot under prod.
  const profile = (v.profile ?? top.profile ?? DEFAULTS.profile) as 'dev' | 'prod';
  for (const s of services) {
    const o = stage.services[s.name]?.values;
    if (o !== undefined) stage.checkAutoscaling(s.name, s.public);
    const scaling = (o?.autoscaling ?? s.values.autoscaling) as ServiceAutoscaling | undefined;
    const count = effectiveDesiredCount(s.values, o, profile);
    if (o?.desiredCount !== undefined && o.autoscaling === undefined && scaling !== undefined && (count < scaling.min || count > scaling.max)) {
      addAt('services', s.name, `desiredCount: ${m.desiredCountOutsideScaling(count, scaling.min, scaling.max)}`);
    }
    const spot = s.values.spot;
    if (profile === 'prod' && typeof spot === 'number' && spot > 0) {
      if (scaling !== undefined && scaling.min < 2) addAt('services', s.name, `${s.name}: ${m.spotScalingMinProd(spot, scaling.min)}`);
      else if (scaling === undefined && count === 1) addAt('services', s.name, `${s.name}: ${m.spotSingleTaskProd(spot, count)}`);
    }
  }
}

/**
 * A service's desiredCount in a stage: the stage's, else the service's own, else the
 * stage profile's default (within autoscaling's range).
 */
export function effectiveDesiredCount(service: Values, override: Values | undefined, profile: 'dev' | 'prod'): number {
  if (typeof override?.desiredCount === 'number') return override.desiredCount;
  if (typeof service.desiredCount === 'number') return service.desiredCount;
  const scaling = (override?.autoscaling ?? service.autoscaling) as ServiceAutoscaling | undefined;
  const byProfile = DEFAULTS.desiredCount[profile];
  return scaling !== undefined ? Math.min(scaling.max, Math.max(scaling.min, byProfile)) : byProfile;
}
