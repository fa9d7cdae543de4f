import { beforeAll, describe, expect, it } from 'vitest';
import { servicesStackName } from '../../src/infra/names';
import { synth, SYNTH_TIMEOUT_MS, type ResourceRef, type Synthesized } from './synth';

/** Fargate's valid task sizes: CPU units → allowed memory (MiB). */
const FARGATE_SIZES: Record<number, (memory: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: (m) => m >= 1024 && m <= 4096 && m % 1024 === 0,
  1024: (m) => m >= 2048 && m <= 8192 && m % 1024 === 0,
  2048: (m) => m >= 4096 && m <= 16384 && m % 1024 === 0,
  4096: (m) => m >= 8192 && m <= 30720 && m % 1024 === 0,
  8192: (m) => m >= 16384 && m <= 61440 && m % 4096 === 0,
  16384: (m) => m >= 32768 && m <= 122880 && m % 8192 === 0,
};
/** What AWS recommends adding to the task for the Service Connect sidecar. */
const SIDECAR_CPU = 256;
const SIDECAR_MEMORY = 64;

let s: Synthesized;
beforeAll(() => {
  s = synth();
}, SYNTH_TIMEOUT_MS);

function taskDefinitionOf(service: ResourceRef): ResourceRef {
  const td = s.resolve(service.stack, service.resource.Properties?.TaskDefinition);
  if (!td || td.resource.Type !== 'AWS::ECS::TaskDefinition') throw new Error('no task definition');
  return td;
}

describe('services', () => {
  it('places each service in the stack the plan assigned, under its own name', () => {
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      expect(service.stack).toBe(servicesStackName(s.platform.name, spec.stack));
      expect(s.platform.stacks.find((st) => st.name === spec.stack)?.services).toContain(spec.name);
    }
    expect(s.resourcesOfType('AWS::ECS::Service')).toHaveLength(s.platform.services.length);
  });

  it('gives no task a public IP and runs every task in isolated subnets', () => {
    for (const { stack, resource } of s.resourcesOfType('AWS::ECS::Service')) {
      const vpc = resource.Properties?.NetworkConfiguration?.AwsvpcConfiguration;
      expect(vpc?.AssignPublicIp).toBe('DISABLED');
      expect(resource.Properties?.LaunchType).toBe('FARGATE');
      expect(resource.Properties?.PlatformVersion ?? 'LATEST').toBe('LATEST');
      for (const subnet of vpc.Subnets) {
        const tags = s.resolve(stack, subnet)!.resource.Properties?.Tags as { Key: string; Value: string }[];
        expect(tags.find((t) => t.Key === 'aws-cdk:subnet-type')?.Value).toBe('Isolated');
      }
    }
  });

  it('sizes each task for the app plus the Service Connect sidecar, at a valid Fargate size', () => {
    for (const spec of s.platform.services) {
      const td = taskDefinitionOf(s.ecsService(spec.name)).resource.Properties!;
      const cpu = Number(td.Cpu);
      const memory = Number(td.Memory);
      expect(cpu, `${spec.name} cpu`).toBeGreaterThanOrEqual(spec.cpu + SIDECAR_CPU);
      expect(memory, `${spec.name} memory`).toBeGreaterThanOrEqual(spec.memory + SIDECAR_MEMORY);
      expect(FARGATE_SIZES[cpu]?.(memory), `${spec.name}: ${cpu}/${memory} is a Fargate size`).toBe(true);
      expect([cpu, memory]).toEqual([spec.taskCpu, spec.taskMemory]);
      expect(td.RequiresCompatibilities).toEqual(['FARGATE']);
      expect(td.RuntimePlatform).toEqual({ OperatingSystemFamily: 'LINUX', CpuArchitecture: 'X86_64' });
    }
  });

  it('configures Service Connect by role', () => {
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      const sc = service.resource.Properties?.ServiceConnectConfiguration;
      expect(sc?.Enabled, spec.name).toBe(true);
      const ns = s.resolve(service.stack, sc.Namespace);
      expect(ns?.resource.Type, `${spec.name} names the namespace by ARN`).toBe('AWS::ServiceDiscovery::HttpNamespace');
      if (spec.role === 'client-only') {
        expect(sc.Services, spec.name).toBeUndefined();
      } else {
        expect(sc.Services).toEqual([
          {
            PortName: spec.name,
            DiscoveryName: spec.name,
            ClientAliases: [{ DnsName: spec.name, Port: spec.port }],
          },
        ]);
      }
      // Every role keeps its proxy's logs: a client's outbound calls are debugged first.
      expect(sc.LogConfiguration?.LogDriver, `${spec.name} proxy logs`).toBe('awslogs');
      const app = taskDefinitionOf(service).resource.Properties!.ContainerDefinitions[0];
      expect(sc.LogConfiguration.Options['awslogs-group']).toEqual(app.LogConfiguration.Options['awslogs-group']);
    }
  });

  it('names the app port mapping with the http app protocol', () => {
    for (const spec of s.platform.services) {
      const containers = taskDefinitionOf(s.ecsService(spec.name)).resource.Properties!.ContainerDefinitions;
      expect(containers).toHaveLength(1);
      expect(containers[0].PortMappings).toEqual([
        { Name: spec.name, ContainerPort: spec.port, Protocol: 'tcp', AppProtocol: 'http' },
      ]);
    }
  });

  it('health-checks built apps with node itself, after a start period, and images only as the spec says', () => {
    for (const spec of s.platform.services) {
      const hc = taskDefinitionOf(s.ecsService(spec.name)).resource.Properties!.ContainerDefinitions[0].HealthCheck;
      if (spec.containerHealthCheck === undefined) {
        // An image whose contents are unknown gets no probe that could fail for want of a tool.
        expect(spec.image ?? spec.dockerBuild, `${spec.name} has no health check`).toBeDefined();
        expect(hc, spec.name).toBeUndefined();
        continue;
      }
      expect(hc.Command).toEqual(spec.containerHealthCheck);
      if (!spec.image && !spec.dockerBuild) {
        expect(hc.Command.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
        expect(hc.Command[3]).toContain(`http://127.0.0.1:${spec.port}${spec.healthCheckPath}`);
        expect(hc.Command.join(' ')).not.toMatch(/curl|wget/);
      }
      expect(hc.StartPeriod).toBeGreaterThan(0);
    }
  });

  it('passes PORT, HEALTH_PATH to apps, PUBLIC_PATH to public services, and one URL per upstream', () => {
    for (const spec of s.platform.services) {
      const env = taskDefinitionOf(s.ecsService(spec.name)).resource.Properties!.ContainerDefinitions[0].Environment as {
        Name: string;
        Value: string;
      }[];
      const asRecord = Object.fromEntries(env.map((e) => [e.Name, e.Value]));
      expect(asRecord).toEqual(spec.environment);
      expect(asRecord).toEqual({
        PORT: String(spec.port),
        ...(spec.image === undefined && spec.dockerBuild === undefined ? { HEALTH_PATH: spec.healthCheckPath } : {}),
        // The load balancer forwards the public path unchanged: the app must know it.
        ...(spec.public ? { PUBLIC_PATH: spec.publicPath } : {}),
        ...Object.fromEntries(spec.upstreams.map((u) => [u.env, `http://${u.service}:${u.port}`])),
      });
      for (const callee of spec.calls) {
        const port = s.platform.services.find((x) => x.name === callee)!.port;
        expect(Object.values(asRecord)).toContain(`http://${callee}:${port}`);
      }
    }
  });

  it('gives each service its own log group with retention, task role and execution role', () => {
    const seen = { logs: new Set<string>(), task: new Set<string>(), exec: new Set<string>() };
    for (const spec of s.platform.services) {
      const service = s.ecsService(spec.name);
      const td = taskDefinitionOf(service);
      const p = td.resource.Properties!;
      const logGroup = s.resolve(td.stack, p.ContainerDefinitions[0].LogConfiguration.Options['awslogs-group'])!;
      expect(logGroup.resource.Properties?.RetentionInDays).toBeGreaterThan(0);
      const task = s.resolve(td.stack, p.TaskRoleArn)!;
      const exec = s.resolve(td.stack, p.ExecutionRoleArn)!;
      expect(task.logicalId).not.toBe(exec.logicalId);
      for (const [set, id] of [
        [seen.logs, logGroup.logicalId],
        [seen.task, task.logicalId],
        [seen.exec, exec.logicalId],
      ] as const) {
        expect(set.has(`${td.stack}/${id}`)).toBe(false);
        set.add(`${td.stack}/${id}`);
      }
    }
  });

  it('alarms on each service running fewer tasks than desired', () => {
    const alarms = s.resourcesOfType('AWS::CloudWatch::Alarm');
    for (const spec of s.platform.services) {
      const mine = alarms.filter((a) =>
        JSON.stringify(a.resource.Properties?.Metrics ?? []).includes(`{"Name":"ServiceName","Value":"${spec.name}"}`),
      );
      expect(mine, spec.name).toHaveLength(1);
      const metrics = JSON.stringify(mine[0].resource.Properties?.Metrics);
      expect(metrics).toContain('"Namespace":"ECS/ContainerInsights"');
      expect(metrics).toContain('"MetricName":"RunningTaskCount"');
      expect(metrics).toContain('"MetricName":"DesiredTaskCount"');
    }
  });
});
