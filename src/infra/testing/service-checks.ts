import { alarmTopicName, servicesStackName } from '../../plan';
import { FARGATE_TASK_SIZES, SIDECAR_CPU, SIDECAR_MEMORY } from '../../spec/fargate';
import { APP_CONTAINER_NAME } from '../names';
import { check, type PlatformCheck, type Violations } from './check';
import type { ResourceRef, Synthesized } from './synthesized';

/** A service's ECS service, task definition and app container, or a violation for each one missing. */
function parts(
  s: Synthesized,
  v: Violations,
  name: string,
): { service: ResourceRef; taskDefinition: ResourceRef; app: Record<string, any> } | undefined {
  const service = s.ecsService(name);
  if (!service) return void v.check(false, `no (or more than one) ECS service named ${name}`);
  const taskDefinition = s.resolve(service.stack, service.resource.Properties?.TaskDefinition);
  if (taskDefinition?.resource.Type !== 'AWS::ECS::TaskDefinition') return void v.check(false, `${name} has no task definition`);
  const containers = (taskDefinition.resource.Properties?.ContainerDefinitions ?? []) as Record<string, any>[];
  const app = containers.find((c) => c.Name === APP_CONTAINER_NAME);
  if (!app) return void v.check(false, `${name}'s task definition has no container named ${APP_CONTAINER_NAME}`);
  return { service, taskDefinition, app };
}

/** Each service: where it runs, its size, its Service Connect role, its container, its own roles and logs. */
export const SERVICE_CHECKS: readonly PlatformCheck[] = [
  check('services/placement', 'places each service in the stack the plan assigned, under its own name', (s, v) => {
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      v.equal(service?.stack, servicesStackName(s.platform.name, spec.stack, s.platform.stage), `stack of ${spec.name}`);
      v.check(
        s.platform.stacks.find((st) => st.name === spec.stack)?.services.includes(spec.name) === true,
        `${spec.name} is not in its planned stack's list`,
      );
    }
    v.equal(s.resourcesOfType('AWS::ECS::Service').length, s.platform.services.length, 'ECS services');
  }),

  check('services/private', 'gives no task a public IP and runs every task on Fargate in isolated subnets', (s, v) => {
    for (const { stack, logicalId, resource } of s.resourcesOfType('AWS::ECS::Service')) {
      const where = `${stack}/${logicalId}`;
      const vpc = resource.Properties?.NetworkConfiguration?.AwsvpcConfiguration;
      v.equal(vpc?.AssignPublicIp, 'DISABLED', `AssignPublicIp of ${where}`);
      // Fargate either way: the FARGATE launch type, or (spot) a strategy of Fargate providers only.
      const strategy = (resource.Properties?.CapacityProviderStrategy ?? []) as { CapacityProvider?: string }[];
      if (strategy.length === 0) v.equal(resource.Properties?.LaunchType, 'FARGATE', `launch type of ${where}`);
      else {
        v.equal(resource.Properties?.LaunchType, undefined, `launch type of ${where}, which has a capacity provider strategy`);
        for (const c of strategy)
          v.check(c.CapacityProvider === 'FARGATE' || c.CapacityProvider === 'FARGATE_SPOT', `${where} runs on ${c.CapacityProvider}`);
      }
      v.equal(resource.Properties?.PlatformVersion ?? 'LATEST', 'LATEST', `platform version of ${where}`);
      for (const subnet of vpc?.Subnets ?? []) {
        const tags = (s.resolve(stack, subnet)?.resource.Properties?.Tags ?? []) as { Key: string; Value: string }[];
        v.equal(tags.find((t) => t.Key === 'aws-cdk:subnet-type')?.Value, 'Isolated', `subnet type of ${where}`);
      }
    }
  }),

  check('services/task-size', 'sizes each task for the app plus the Service Connect sidecar, at a valid Fargate size', (s, v) => {
    for (const spec of s.platform.services) {
      const p = parts(s, v, spec.name)?.taskDefinition.resource.Properties;
      if (!p) continue;
      const cpu = Number(p.Cpu);
      const memory = Number(p.Memory);
      v.check(
        cpu >= spec.cpu + SIDECAR_CPU,
        `${spec.name}: task CPU ${cpu} leaves no ${SIDECAR_CPU} units for the sidecar beside the app's ${spec.cpu}`,
      );
      v.check(
        memory >= spec.memory + SIDECAR_MEMORY,
        `${spec.name}: task memory ${memory} leaves no ${SIDECAR_MEMORY} MiB for the sidecar beside the app's ${spec.memory}`,
      );
      v.check(
        FARGATE_TASK_SIZES.some((f) => f.cpu === cpu && f.memory === memory),
        `${spec.name}: ${cpu}/${memory} is not a Fargate size`,
      );
      v.equal([cpu, memory], [spec.taskCpu, spec.taskMemory], `task size of ${spec.name}`);
      v.equal(p.RequiresCompatibilities, ['FARGATE'], `compatibilities of ${spec.name}`);
      v.equal(
        p.RuntimePlatform,
        { OperatingSystemFamily: 'LINUX', CpuArchitecture: spec.arch === 'arm64' ? 'ARM64' : 'X86_64' },
        `runtime platform of ${spec.name}`,
      );
    }
  }),

  check('services/service-connect', 'configures Service Connect by role, the namespace by ARN, proxy logs beside the app', (s, v) => {
    for (const spec of s.platform.services) {
      const found = parts(s, v, spec.name);
      if (!found) continue;
      const sc = found.service.resource.Properties?.ServiceConnectConfiguration;
      v.equal(sc?.Enabled, true, `Service Connect of ${spec.name}`);
      const ns = s.resolve(found.service.stack, sc?.Namespace);
      v.equal(ns?.resource.Type, 'AWS::ServiceDiscovery::HttpNamespace', `${spec.name} names the namespace by ARN`);
      const registered =
        spec.role === 'client-only'
          ? undefined
          : [
              {
                PortName: spec.name,
                DiscoveryName: spec.name,
                ClientAliases: [{ DnsName: spec.name, Port: spec.port }],
                ...(spec.timeouts !== undefined
                  ? {
                      Timeout: {
                        ...(spec.timeouts.idle !== undefined ? { IdleTimeoutSeconds: spec.timeouts.idle } : {}),
                        ...(spec.timeouts.perRequest !== undefined ? { PerRequestTimeoutSeconds: spec.timeouts.perRequest } : {}),
                      },
                    }
                  : {}),
              },
            ];
      v.equal(sc?.Services, registered, `endpoints ${spec.name} registers (${spec.role})`);
      // Every role keeps its proxy's logs: a client's outbound calls are debugged first.
      v.equal(sc?.LogConfiguration?.LogDriver, 'awslogs', `proxy log driver of ${spec.name}`);
      v.equal(
        sc?.LogConfiguration?.Options?.['awslogs-group'],
        found.app.LogConfiguration?.Options?.['awslogs-group'],
        `${spec.name}: proxy and app log to one group`,
      );
    }
  }),

  check('services/port-mapping', 'names the app port mapping after the service, with the http app protocol', (s, v) => {
    for (const spec of s.platform.services) {
      const app = parts(s, v, spec.name)?.app;
      if (!app) continue;
      v.equal(
        app.PortMappings,
        [{ Name: spec.name, ContainerPort: spec.port, Protocol: 'tcp', AppProtocol: 'http' }],
        `port mappings of ${spec.name}`,
      );
    }
  }),

  check('services/health-check', 'health-checks built apps with node itself, after a start period, and images only as the spec says', (s, v) => {
    for (const spec of s.platform.services) {
      const app = parts(s, v, spec.name)?.app;
      if (!app) continue;
      const hc = app.HealthCheck;
      if (spec.containerHealthCheck === undefined) {
        // An image whose contents are unknown gets no probe that could fail for want of a tool.
        v.check(
          spec.image !== undefined || spec.dockerBuild !== undefined || spec.healthCheckCommand !== undefined,
          `${spec.name} is a built app without a health check`,
        );
        v.equal(hc, undefined, `health check of ${spec.name}`);
        continue;
      }
      v.equal(hc?.Command, spec.containerHealthCheck, `health check command of ${spec.name}`);
      if (spec.image === undefined && spec.dockerBuild === undefined && spec.healthCheckCommand === undefined) {
        const command = (hc?.Command ?? []) as string[];
        v.equal(command.slice(0, 3), ['CMD', 'node', '-e'], `${spec.name} probes with node`);
        v.check(
          String(command[3]).includes(`http://127.0.0.1:${spec.port}${spec.healthCheckPath}`),
          `${spec.name}'s probe asks for ${spec.healthCheckPath} on ${spec.port}`,
        );
        v.check(!/curl|wget/.test(command.join(' ')), `${spec.name}'s probe needs a tool the image may lack`);
      }
      v.check((hc?.StartPeriod ?? 0) > 0, `${spec.name}'s health check has no start period`);
    }
  }),

  check('services/environment', 'passes PORT, HEALTH_PATH to apps, PUBLIC_PATH to public services, and one URL per upstream', (s, v) => {
    const byName = new Map(s.platform.services.map((x) => [x.name, x]));
    for (const spec of s.platform.services) {
      const app = parts(s, v, spec.name)?.app;
      if (!app) continue;
      const env = Object.fromEntries(((app.Environment ?? []) as { Name: string; Value: string }[]).map((e) => [e.Name, e.Value]));
      v.equal(env, { ...spec.environment }, `environment of ${spec.name} vs the plan`);
      v.equal(env.PORT, String(spec.port), `PORT of ${spec.name}`);
      v.equal(
        env.HEALTH_PATH,
        spec.image === undefined && spec.dockerBuild === undefined ? spec.healthCheckPath : undefined,
        `HEALTH_PATH of ${spec.name}`,
      );
      // The load balancer forwards the public path unchanged: the app must know it.
      v.equal(env.PUBLIC_PATH, spec.public ? spec.publicPath : undefined, `PUBLIC_PATH of ${spec.name}`);
      for (const callee of spec.calls) {
        const url = `http://${callee}:${byName.get(callee)?.port}`;
        v.check(Object.values(env).includes(url), `${spec.name} has no variable holding ${url}`);
      }
    }
  }),

  check('services/own-identity', 'gives each service its own log group with retention, task role and execution role', (s, v) => {
    const seen = { logs: new Set<string>(), task: new Set<string>(), exec: new Set<string>() };
    for (const spec of s.platform.services) {
      const found = parts(s, v, spec.name);
      if (!found) continue;
      const { taskDefinition: td, app } = found;
      const logGroup = s.resolve(td.stack, app.LogConfiguration?.Options?.['awslogs-group']);
      v.check((logGroup?.resource.Properties?.RetentionInDays ?? 0) > 0, `${spec.name}'s log group keeps its logs forever (or is not a log group)`);
      const task = s.resolve(td.stack, td.resource.Properties?.TaskRoleArn);
      const exec = s.resolve(td.stack, td.resource.Properties?.ExecutionRoleArn);
      v.check(
        task !== undefined && exec !== undefined && task.logicalId !== exec.logicalId,
        `${spec.name}: one role is both task and execution role (or one is missing)`,
      );
      for (const [set, ref, what] of [
        [seen.logs, logGroup, 'log group'],
        [seen.task, task, 'task role'],
        [seen.exec, exec, 'execution role'],
      ] as const) {
        if (!ref) continue;
        const id = `${ref.stack}/${ref.logicalId}`;
        v.check(!set.has(id), `${spec.name} shares its ${what} ${id}`);
        set.add(id);
      }
    }
  }),

  check('services/capacity', 'runs spot services on the planned FARGATE/FARGATE_SPOT strategy, forcing a deployment when it changes', (s, v) => {
    for (const spec of s.platform.services) {
      const props = s.ecsService(spec.name)?.resource.Properties;
      if (!props) continue;
      const want = spec.capacityProviderStrategy?.map((c) => ({ CapacityProvider: c.capacityProvider, Base: c.base, Weight: c.weight }));
      v.equal(props.CapacityProviderStrategy, want, `capacity provider strategy of ${spec.name}`);
      if (s.platform.profile === 'prod' && want !== undefined) {
        v.check(
          want.some((c) => c.CapacityProvider === 'FARGATE' && c.Base >= 1),
          `${spec.name} (profile prod) keeps no task on regular Fargate`,
        );
      }
      // ECS refuses a strategy change (or the switch from the launch type) without a forced deployment.
      v.equal(props.ForceNewDeployment?.EnableForceNewDeployment, want !== undefined ? true : undefined, `forced deployment of ${spec.name}`);
    }
    // Always both, with or without spot: a provider taken off the cluster while a service
    // (in a stack deployed later) still runs on it makes ECS refuse the network stack's update.
    const associations = s.resourcesOfType('AWS::ECS::ClusterCapacityProviderAssociations');
    v.equal(associations.length, 1, 'capacity provider associations of the cluster');
    v.equal(
      [...((associations[0]?.resource.Properties?.CapacityProviders ?? []) as string[])].sort(),
      ['FARGATE', 'FARGATE_SPOT'],
      'capacity providers of the cluster',
    );
  }),

  check('services/alarm-actions', "points every alarm at the spec's alarms topic (ALARM and OK)", (s, v) => {
    const alarms = s.resourcesOfType('AWS::CloudWatch::Alarm');
    const spec = s.platform.alarms;
    const topicName = alarmTopicName(s.platform.name, s.platform.stage);
    // The platform's own alarms notify nothing without `alarms`; additions may route theirs.
    const own = (a: (typeof alarms)[number]) =>
      s.platform.services.some((x) => JSON.stringify(a.resource.Properties?.Metrics ?? []).includes(`{"Name":"ServiceName","Value":"${x.name}"}`));
    for (const alarm of alarms) {
      const { stack, logicalId, resource } = alarm;
      const where = `${stack}/${logicalId}`;
      const actions = JSON.stringify(resource.Properties?.AlarmActions ?? []);
      const ok = JSON.stringify(resource.Properties?.OKActions ?? []);
      if (spec === undefined) {
        if (own(alarm)) v.equal([actions, ok], ['[]', '[]'], `actions of ${where} (the spec has no alarms)`);
        continue;
      }
      const topic = spec.topicArn !== undefined ? JSON.stringify(spec.topicArn) : `:${topicName}`;
      v.check(actions.includes(topic), `${where} does not notify ${spec.topicArn ?? topicName} on ALARM`);
      v.check(ok.includes(topic), `${where} does not notify ${spec.topicArn ?? topicName} on OK`);
    }
    if (spec?.email !== undefined) {
      const topics = s.resourcesOfType('AWS::SNS::Topic').filter((t) => t.resource.Properties?.TopicName === topicName);
      v.equal(topics.length, 1, `the ${topicName} topic`);
      const subs = s
        .resourcesOfType('AWS::SNS::Subscription')
        .filter((x) => x.resource.Properties?.Protocol === 'email' && x.resource.Properties?.Endpoint === spec.email);
      v.equal(subs.length, 1, `email subscriptions for ${spec.email}`);
    }
  }),

  check('services/alarm', 'alarms on each service running fewer tasks than desired', (s, v) => {
    const alarms = s.resourcesOfType('AWS::CloudWatch::Alarm');
    for (const spec of s.platform.services) {
      const mine = alarms.filter((a) =>
        JSON.stringify(a.resource.Properties?.Metrics ?? []).includes(`{"Name":"ServiceName","Value":"${spec.name}"}`),
      );
      v.equal(mine.length, 1, `running-tasks alarms of ${spec.name}`);
      const metrics = JSON.stringify(mine[0]?.resource.Properties?.Metrics ?? []);
      for (const part of ['"Namespace":"ECS/ContainerInsights"', '"MetricName":"RunningTaskCount"', '"MetricName":"DesiredTaskCount"']) {
        v.check(metrics.includes(part), `${spec.name}'s alarm lacks ${part}`);
      }
    }
  }),
];
