/**
 * Field by field, on real manifests (fixtures/SOURCES.md) changed in one place each.
 */
import { describe, expect, it } from 'vitest';
import { appShare, shellJoin } from '../../src/import/map-service';
import { fargateTaskSize, normalizeSpec } from '../../src/spec';
import { entries, imported, manifest, workspace } from './helpers';

/** The isolated e2e Backend Service: port 80, cpu 256 / memory 512, internal ALB. */
const BACKEND = manifest('inferred-calls', 'backend');
/** The docs' internal Backend Service: port 8080, CMD-SHELL health check, connect. */
const API = manifest('inferred-calls', 'api');
/** The multi-svc e2e front end: port 80, path '/', build args, nlb, storage, count range. */
const FRONTEND = manifest('multi-svc-app', 'front-end');

type Service = Record<string, any>;
function services(files: Record<string, string>, options = {}): Service[] {
  return imported(files, options).spec.services as Service[];
}

describe('ports', () => {
  it('keeps a port from 1024, and moves one below 1024 up by 8000, saying what to change', () => {
    const r = imported(workspace({ api: API, backend: BACKEND }));
    const [api, backend] = r.spec.services as Service[];
    expect(api.port).toBe(8080);
    expect(backend.port).toBe(8080);
    const line = entries(r).find((e) => e.subject === 'backend' && e.field === 'image.port')!;
    expect(line).toMatchObject({ status: 'adjusted', value: '80', todo: expect.stringContaining('listen on 8080') });
    expect(services(workspace({ api: API.replace('port: 8080', 'port: 443') }))[0].port).toBe(8443);
  });

  it('says when the health check still names the old port', () => {
    const r = imported(workspace({ api: API.replace('port: 8080', 'port: 80').replace('localhost:8080', 'localhost:80') }));
    expect(entries(r).find((e) => e.field === 'image.healthcheck.command')).toMatchObject({
      status: 'adjusted',
      todo: 'change :80 to :8080 in healthCheckCommand',
    });
  });
});

describe('task size', () => {
  it.each([
    // Copilot task → the app's share here, and whether the bill changes
    [256, 512, { cpu: 256, memory: 960 }, 'adjusted'],
    [256, 2048, { cpu: 256, memory: 1984 }, 'adjusted'],
    [512, 1024, { cpu: 256, memory: 960 }, 'mapped'],
    [1024, 2048, { cpu: 768, memory: 1984 }, 'mapped'],
    [4096, 30720, { cpu: 3840, memory: 30656 }, 'mapped'],
  ])('cpu %i / memory %i → the app share %o (%s)', (cpu, memory, share, status) => {
    const r = imported(workspace({ api: API.replace('cpu: 256', `cpu: ${cpu}`).replace('memory: 512', `memory: ${memory}`) }));
    expect(r.spec.services).toEqual([expect.objectContaining(share)]);
    // The task here is Copilot's when the status is mapped.
    const task = fargateTaskSize(share.cpu, share.memory)!;
    expect(status === 'mapped').toBe(task.cpu === cpu && task.memory === memory);
    const line = entries(r).find((e) => e.field === 'cpu, memory')!;
    expect(line.status).toBe(status);
    if (status === 'adjusted') expect(line.note).toMatch(/bill changes by \+\$\d+\.\d\d a month per task/);
  });

  it('takes the app share as the task minus the sidecar, never below the minimum', () => {
    expect(appShare(1024, 2048)).toEqual({ cpu: 768, memory: 1984 });
    expect(appShare(256, 512)).toEqual({ cpu: 128, memory: 448 });
  });

  it("uses Copilot's default (256 / 512) when the manifest gives none", () => {
    const r = imported(workspace({ api: API.replace('cpu: 256\n', '').replace('memory: 512\n', '') }));
    expect(entries(r).find((e) => e.field === 'cpu, memory')?.value).toBe('"256 CPU / 512 MiB (Copilot\'s default)"');
  });
});

describe('count', () => {
  it.each([
    ['count: 2', 2],
    ['count:\n  range: 3-10\n  cpu_percentage: 70', 3],
    ['count:\n  range:\n    min: 4\n    max: 12', 4],
    ['count:\n  spot: 5', 5],
    ['count: 0', 1],
  ])('%s → desiredCount %i', (count, desired) => {
    expect(services(workspace({ api: API.replace('count: 2', count) }))[0].desiredCount).toBe(desired);
  });

  it("writes Copilot's default of 1 task when there is no count", () => {
    expect(services(workspace({ api: API.replace('count: 2\n', '') }))[0].desiredCount).toBe(1);
  });
});

describe('count.spot and platform (issue 14)', () => {
  it('maps count.spot of two or more tasks to spot: 100 (profile prod keeps one task on regular Fargate)', () => {
    const r = imported(workspace({ api: API.replace('count: 2', 'count:\n  spot: 3') }));
    const api = (r.spec.services as Service[])[0]!;
    expect([api.desiredCount, api.spot]).toEqual([3, 100]);
    expect(entries(r).find((e) => e.field === 'count.spot' && e.target === 'spot')).toMatchObject({
      status: 'adjusted',
      note: 'spot: 100; profile prod keeps the first task on regular Fargate, so 2 of 3 run on Spot (Copilot ran all on Spot)',
    });
    expect(normalizeSpec(r.spec).ok).toBe(true);
  });

  it('keeps a single Spot task on demand, and says how to put it back on Spot', () => {
    const r = imported(workspace({ api: API.replace('count: 2', 'count:\n  spot: 1') }));
    const api = (r.spec.services as Service[])[0]!;
    expect([api.desiredCount, api.spot]).toEqual([1, undefined]);
    expect(entries(r).find((e) => e.field === 'count.spot' && e.target === 'spot')?.status).toBe('adjusted');
    expect(normalizeSpec(r.spec).ok).toBe(true);
  });

  it.each([
    ['platform: linux/arm64', 'arm64'],
    ['platform:\n  osfamily: linux\n  architecture: arm64', 'arm64'],
    ['platform: linux/x86_64', undefined],
  ])('%s → arch %s', (platform, arch) => {
    const r = imported(workspace({ api: `${API}\n${platform}\n` }));
    expect((r.spec.services as Service[])[0]!.arch).toBe(arch);
    expect(entries(r).find((e) => e.field === 'platform')?.status).toBe('mapped');
  });

  it('reports a Windows platform as not mapped', () => {
    const r = imported(workspace({ api: `${API}\nplatform: windows/x86_64\n` }));
    expect((r.spec.services as Service[])[0]!.arch).toBeUndefined();
    expect(entries(r).find((e) => e.field === 'platform')).toMatchObject({ status: 'not-mapped', target: 'arch' });
  });
});

describe('image', () => {
  it('runs an ECR image as image', () => {
    const ecr = '123456789012.dkr.ecr.us-west-2.amazonaws.com/frontend:latest';
    const s = services(workspace({ api: API.replace('build: ./api/Dockerfile', `location: ${ecr}`) }))[0];
    expect(s.image).toBe(ecr);
    expect(s.dockerBuild).toBeUndefined();
  });

  it('leaves out a service whose image is not in ECR, or is interpolated, and its calls with it', () => {
    for (const location of ['nginx:1.27', '123456789000.dkr.ecr.us-east-1.amazonaws.com/vault/e2e:${TAG}']) {
      const files = workspace({
        api: API.replace('build: ./api/Dockerfile', `location: ${location}`),
        'front-end': FRONTEND.replace('variables:', 'variables:\n  API: http://api:8080'),
      });
      const r = imported(files);
      expect((r.spec.services as Service[]).map((s) => s.name)).toEqual(['front-end']);
      expect(entries(r).find((e) => e.subject === 'api' && e.field === 'image.location')).toMatchObject({
        status: 'not-mapped',
        value: JSON.stringify(location),
      });
      expect(entries(r).find((e) => e.subject === 'front-end' && e.field === 'variables.API' && e.target === 'calls')).toMatchObject({
        status: 'not-mapped',
      });
    }
  });

  it.each([
    // Copilot image.build, repository folder (from the workspace root) → dockerBuild
    ['./api/Dockerfile', 'platform', { context: '../api', dockerfile: 'Dockerfile' }],
    ['api/Dockerfile', '.', { context: 'api', dockerfile: 'Dockerfile' }],
    ['Dockerfile', 'platform', { context: '..', dockerfile: 'Dockerfile' }],
    ['{ dockerfile: src/docker/api.Dockerfile, context: src }', 'infra/cdk', { context: '../../src', dockerfile: 'docker/api.Dockerfile' }],
    ['{ context: api }', 'platform', { context: '../api', dockerfile: 'Dockerfile' }],
    ['./api/Dockerfile', '../kudos-platform', { context: '../ws/api', dockerfile: 'Dockerfile' }],
  ])('image.build %s with the repository at %s → %o', (build, repositoryDir, dockerBuild) => {
    const s = services(workspace({ api: API.replace('build: ./api/Dockerfile', `build: ${build}`) }), {
      workspaceDir: '/home/me/ws',
      repositoryDir,
    })[0];
    expect(s.dockerBuild).toEqual(dockerBuild);
  });

  it('leaves out a service whose Dockerfile is outside its context', () => {
    const r = imported(workspace({ api: API, 'front-end': FRONTEND.replace('dockerfile: front-end/Dockerfile', 'dockerfile: docker/Dockerfile') }));
    expect((r.spec.services as Service[]).map((s) => s.name)).toEqual(['api']);
    expect(entries(r).find((e) => e.subject === 'front-end' && e.field === 'image.build')?.note).toContain('outside its build context');
  });
});

describe('health checks', () => {
  it('maps CMD-SHELL as given, CMD as one shell command, NONE as none', () => {
    const hc = (command: string) =>
      services(workspace({ api: API.replace('["CMD-SHELL", "curl -f http://localhost:8080 || exit 1"]', command) }))[0].healthCheckCommand;
    expect(hc('["CMD-SHELL", "curl -f http://localhost:8080 || exit 1"]')).toBe('curl -f http://localhost:8080 || exit 1');
    expect(hc('["CMD", "curl", "-f", "http://localhost:8080/"]')).toBe('curl -f http://localhost:8080/');
    expect(hc('["NONE"]')).toBe('none');
    expect(shellJoin(['sh', '-c', "echo 'hi' && exit 0"])).toBe("sh -c 'echo '\\''hi'\\'' && exit 0'");
  });

  it('checks "/" on the load balancer by default (Copilot\'s), or the manifest\'s path', () => {
    expect(services(workspace({ 'front-end': FRONTEND }))[0].healthCheckPath).toBe('/');
    expect(
      services(workspace({ 'front-end': FRONTEND.replace("  path: '/'", "  path: '/'\n  healthcheck: '/_healthcheck'") }))[0].healthCheckPath,
    ).toBe('/_healthcheck');
  });
});

describe('public paths', () => {
  it.each([
    ["''", undefined],
    ["'/'", undefined],
    ["'api'", '/api'],
    ["'/api/'", '/api'],
  ])('http.path %s → publicPath %s', (path, publicPath) => {
    const s = services(workspace({ 'front-end': FRONTEND.replace("  path: '/'", `  path: ${path}`) }))[0];
    expect(s.public).toBe(true);
    expect(s.publicPath).toBe(publicPath);
  });

  it('makes a web service with http: false private', () => {
    const s = services(workspace({ 'front-end': FRONTEND.replace(/http:\n[^\n]*\n[^\n]*\n  path: '\/'/, 'http: false'), api: API }));
    expect(s.find((x) => x.name === 'front-end')!.public).toBeUndefined();
  });
});

describe('roles', () => {
  it('makes a Backend Service nobody calls client-only, and says to check, when another service is client-server', () => {
    const r = imported(workspace({ api: API, backend: BACKEND, 'front-end': FRONTEND.replace('variables:', 'variables:\n  API: http://api:8080') }));
    expect((r.spec.services as Service[]).map((s) => [s.name, s.role])).toEqual([
      ['api', 'client-server'],
      ['backend', 'client-only'],
      ['front-end', 'client-only'],
    ]);
    expect(entries(r).find((e) => e.subject === 'backend' && e.field === 'type')).toMatchObject({ status: 'adjusted', target: 'role: client-only' });
  });

  it('counts calls from workloads that are not mapped', () => {
    const job = manifest('multi-svc-app', 'cuteness-aggregator').replace('cpu: 256', 'variables:\n  BACKEND: http://backend:80\ncpu: 256');
    const r = imported(workspace({ backend: BACKEND, 'cuteness-aggregator': job, api: API }));
    expect((r.spec.services as Service[]).find((s) => s.name === 'backend')!.role).toBe('client-server');
    expect(entries(r).find((e) => e.subject === 'cuteness-aggregator' && e.status === 'inferred')?.todo).toBe(
      'when cuteness-aggregator moves here, give it calls: [backend]',
    );
  });

  it('registers one service when nothing is called, so that the namespace has a client-server service', () => {
    const r = imported(workspace({ 'front-end': FRONTEND }));
    expect(r.spec.services).toEqual([expect.objectContaining({ name: 'front-end', role: 'client-server', public: true })]);
  });
});

describe('names', () => {
  it('makes Copilot names valid spec names, and says so', () => {
    const r = imported(workspace({ 'api--v2-': API.replace('name: api', 'name: api--v2-') }, 'a-very-long-copilot-application-name-here'));
    expect(r.spec.name).toBe('a-very-long-copilot-application');
    expect((r.spec.services as Service[])[0].name).toBe('api-v2');
    expect(
      entries(r)
        .filter((e) => e.status === 'adjusted')
        .map((e) => e.field),
    ).toEqual(expect.arrayContaining(['application', 'name']));
    expect(r.spec.copilotMigration).toEqual({ application: 'a-very-long-copilot-application-name-here', environments: ['test'] });
  });

  it('takes the project name from the options', () => {
    expect(imported(workspace({ api: API }), { name: 'shop' }).spec.name).toBe('shop');
  });
});

describe('completeness', () => {
  it('is complete (exit 0) when everything maps: a real manifest without the fields the spec cannot hold', () => {
    const plain = API.replace('exec: true\n', '')
      .replace(/\nenv_file:[\s\S]*$/, '\n')
      .replace(/    interval: 10s\n    retries: 2\n    timeout: 5s\n    start_period: 0s\n/, '')
      .replace('cpu: 256', 'cpu: 512')
      .replace('memory: 512', 'memory: 1024');
    const r = imported(workspace({ api: plain }));
    expect(entries(r).filter((e) => e.status !== 'mapped' && e.status !== 'inferred')).toEqual([]);
    expect(r.report.complete).toBe(true);
  });
});
