/**
 * No template renders user text unescaped.
 *
 * 1. Repositories generated from valid specs whose free-text values sit at the edge of what
 *    validation allows (longest names, every character paths allow, many-label DNS names,
 *    ECR image references with tag and digest, shell commands full of quotes, `$` and
 *    braces) still parse as what they are:
 *    TypeScript, YAML and JSON parse without diagnostics, the data in them is the spec's
 *    own values (evaluated, not grepped), and Markdown shows the values verbatim.
 * 2. Every raw (unescaped) output in `templates/**\/*.hbs` is `{{{json ...}}}` or one of a
 *    few whitelisted view fields; TypeScript, YAML and JSON templates use no HTML-escaped
 *    `{{...}}` output either (HTML escaping is the wrong escaping in those languages).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import Handlebars from 'handlebars';
import ts from 'typescript';
import { newRepositorySwitches } from '../src/infra/switches';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generate, type GeneratedFile } from '../src/api';
import { upstreamEnvName, type Plan } from '../src/plan';
import { LIMITS, normalizeSpec } from '../src/spec';
import { renderTemplate, TEMPLATES_DIR } from '../src/render';

// ---------------------------------------------------------------------------------------
// Specs at the edge of validity
// ---------------------------------------------------------------------------------------

/** `prefix` followed by `unit` repeated, cut to exactly `length` characters. */
function fill(prefix: string, unit: string, length: number): string {
  let s = prefix;
  while (s.length < length) s += unit;
  return s.slice(0, length);
}

const HEX64 = '0123456789abcdef'.repeat(4);
const PROJECT_32 = fill('p', '0-q', LIMITS.projectNameMaxLength).replace(/-$/, '9'); // p0-q0-q...
const SERVICE_63 = fill('z', 'y9-', LIMITS.serviceNameMaxLength).replace(/-$/, 'x');
const NAMESPACE_MANY_LABELS = fill('a', '.b', 253); // 127 one-character labels
const DOMAIN_LONG_LABELS = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), `${'d'.repeat(58)}.co`].join('.'); // 253 characters
const PUBLIC_PATH_EVERY_CHAR = '/a.b_c~d-e';
const PUBLIC_PATH_128 = fill('/A.b_C~d-E/', '0.9_~-x/...', LIMITS.publicPathMaxLength).replace(/[/]$/, 'z');
const HEALTH_PATH_1024 = `${fill('/.well-known/', 'h~e_a.l-t/', LIMITS.healthCheckPathMaxLength - 1).replace(/\/$/, 'x')}/`; // ends in "/", which health paths may
/** The images are in the certificate's region, us-gov-west-1: a platform deploys to one region. */
const ECR_REGISTRY = '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com';
const IMAGE_TAG_DIGEST = `${ECR_REGISTRY}/team/app_x.y-z:v1.2-rc_3@sha256:${HEX64}`;
const IMAGE_ECR = `${ECR_REGISTRY}/team/repo-name:2024.01.01`;
const IMAGE_255 = `${fill(`${ECR_REGISTRY}/`, 'abc.def/', LIMITS.imageMaxLength - 73)}x@sha256:${HEX64}`;
/** Everything a shell, YAML, TypeScript, Handlebars and compose's "$" interpolation care about, at the longest allowed. */
const COMMAND_1024 = fill(
  `curl -fs "http://127.0.0.1:$PORT/h?a=1&b='2'" || echo \`id\` \${HOME} $$ {{x}} </script> \\ # é ; exit 1 `,
  '-x',
  LIMITS.healthCheckCommandMaxLength,
);

/** Every character a build path allows, `..` included, at the longest allowed. */
const BUILD_CONTEXT_1024 = fill('../a.b_c~d@e+f,g-H0/', 'x.y_z~0@1+2,3-/', LIMITS.buildPathMaxLength).replace(/[/]$/, 'q');
const DOCKERFILE_1024 = fill('docker/', 'A.b_c~d@e+f,g-/', LIMITS.buildPathMaxLength).replace(/[/]$/, 'D');
const COPILOT_APP_255 = fill('k', 'u-d0s', LIMITS.copilotNameMaxLength);

/** Every edge at once: longest names, all path characters, images, cycles, limits. */
const EDGE_SPEC = {
  $schema: './node_modules/create-fargate-connect/schema/fargate-connect.schema.json',
  name: PROJECT_32,
  namespace: NAMESPACE_MANY_LABELS,
  azs: 6,
  profile: 'dev',
  domain: DOMAIN_LONG_LABELS,
  certificateArn: 'arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab',
  copilotMigration: { application: COPILOT_APP_255, environments: ['te', 'prod-eu-west-1', 'a--b-'] },
  services: [
    {
      name: SERVICE_63,
      role: 'client-server',
      port: 65535,
      public: true,
      publicPath: PUBLIC_PATH_EVERY_CHAR,
      calls: ['constructor', 'a0'],
      cpu: LIMITS.maxCpu,
      memory: LIMITS.maxMemory,
      desiredCount: 100,
      healthCheckPath: HEALTH_PATH_1024,
    },
    {
      name: 'constructor',
      role: 'client-server',
      port: 1024,
      public: true,
      publicPath: PUBLIC_PATH_128,
      calls: [SERVICE_63],
      healthCheckPath: '/.../~/_',
    },
    { name: 'a0', role: 'client-server', port: 8080, image: IMAGE_TAG_DIGEST, calls: ['hasownproperty'], healthCheckCommand: COMMAND_1024 },
    { name: 'hasownproperty', role: 'client-server', port: 8081, image: IMAGE_ECR, cpu: 128, memory: 128 },
    {
      name: 'tostring',
      role: 'client-only',
      port: 3000,
      public: true,
      calls: ['a0', 'constructor', SERVICE_63],
      image: IMAGE_255,
      healthCheckPath: '/',
    },
    { name: 'x-1-2-3', role: 'client-only', port: 3001, healthCheckPath: '/', healthCheckCommand: 'none' },
    {
      name: 'built',
      role: 'client-server',
      port: 8082,
      public: true,
      publicPath: '/built',
      healthCheckPath: '/-/_',
      dockerBuild: { context: BUILD_CONTEXT_1024, dockerfile: DOCKERFILE_1024 },
    },
  ],
};

const SMALLEST_SPEC = { name: 'a', services: [{ name: 'b', role: 'client-server', port: 1024 }] };

const PROD_SPEC = {
  name: 'a0-b1',
  services: [
    { name: 'w', role: 'client-only', port: 8443, public: true, calls: ['q-9'] },
    { name: 'q-9', role: 'client-server', port: 1025, healthCheckPath: '/-/_/~/./x'.replace('/./', '/.a/') },
  ],
};

const SPECS: Record<string, Record<string, unknown>> = { edge: EDGE_SPEC, smallest: SMALLEST_SPEC, prod: PROD_SPEC };

// ---------------------------------------------------------------------------------------
// Evaluating generated TypeScript
// ---------------------------------------------------------------------------------------

function syntaxDiagnostics(path: string, source: string): string[] {
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.Preserve },
  });
  return (out.diagnostics ?? []).map((d) => `${path}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs a generated module with `modules` as the only importable modules; returns its exports. */
function evaluate(path: string, source: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const js = ts.transpileModule(source, {
    fileName: path,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  const require = (id: string) => {
    if (!(id in modules)) throw new Error(`${path} imports ${id} at run time`);
    return modules[id];
  };
  new Function('exports', 'require', 'module', js)(exports, require, { exports });
  return exports;
}

function file(files: readonly GeneratedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no generated file ${path}`);
  return f.contents;
}

const generated = Object.fromEntries(
  Object.entries(SPECS).map(([name, spec]) => {
    const r = generate(spec, { generatorDependency: '^0.0.0' });
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
    return [name, r];
  }),
) as Record<string, Extract<ReturnType<typeof generate>, { ok: true }>>;

describe('the edge specs are valid and at the edge', () => {
  it('uses the longest values validation allows', () => {
    expect(PROJECT_32).toHaveLength(LIMITS.projectNameMaxLength);
    expect(SERVICE_63).toHaveLength(LIMITS.serviceNameMaxLength);
    expect(NAMESPACE_MANY_LABELS).toHaveLength(LIMITS.dnsNameMaxLength);
    expect(DOMAIN_LONG_LABELS).toHaveLength(LIMITS.dnsNameMaxLength);
    expect(PUBLIC_PATH_128).toHaveLength(LIMITS.publicPathMaxLength);
    expect(HEALTH_PATH_1024).toHaveLength(LIMITS.healthCheckPathMaxLength);
    expect(IMAGE_255).toHaveLength(LIMITS.imageMaxLength);
    expect([...COMMAND_1024]).toHaveLength(LIMITS.healthCheckCommandMaxLength);
    expect(BUILD_CONTEXT_1024).toHaveLength(LIMITS.buildPathMaxLength);
    expect(DOCKERFILE_1024).toHaveLength(LIMITS.buildPathMaxLength);
    expect(COPILOT_APP_255).toHaveLength(LIMITS.copilotNameMaxLength);
    for (const [name, spec] of Object.entries(SPECS)) expect(normalizeSpec(spec).errors, name).toEqual([]);
  });

  it('goes one past each limit and is rejected there', () => {
    const over = (patch: (s: any) => void) => {
      const s = structuredClone(EDGE_SPEC) as any;
      patch(s);
      return normalizeSpec(s).errors.map((e) => e.path);
    };
    expect(over((s) => (s.name = `${PROJECT_32}x`))).toEqual(['name']);
    expect(over((s) => (s.namespace = `${NAMESPACE_MANY_LABELS}.c`))).toEqual(['namespace']);
    expect(over((s) => (s.domain = `${DOMAIN_LONG_LABELS}m`))).toEqual(['domain']);
    expect(over((s) => (s.services[1].publicPath = `${PUBLIC_PATH_128}x`))).toEqual(['services[1].publicPath']);
    expect(over((s) => (s.services[0].healthCheckPath = `${HEALTH_PATH_1024}x`))).toEqual(['services[0].healthCheckPath']);
    expect(over((s) => (s.services[4].image = `${IMAGE_255}a`))).toEqual(['services[4].image']);
    expect(over((s) => (s.services[2].healthCheckCommand = `${COMMAND_1024}x`))).toEqual(['services[2].healthCheckCommand']);
    expect(over((s) => (s.services[6].dockerBuild.context = `${BUILD_CONTEXT_1024}x`))).toEqual(['services[6].dockerBuild.context']);
    expect(over((s) => (s.services[6].dockerBuild.dockerfile = `${DOCKERFILE_1024}x`))).toEqual(['services[6].dockerBuild.dockerfile']);
    expect(over((s) => (s.copilotMigration.application = `${COPILOT_APP_255}x`))).toEqual(['copilotMigration.application']);
  });
});

describe.each(Object.keys(SPECS))('the repository generated from the %s spec', (specName) => {
  const result = generated[specName];
  const spec = SPECS[specName];
  const plan: Plan = result.plan;
  const files = result.files;

  it('writes only paths inside the repository, one app folder per service without an image', () => {
    for (const f of files) {
      expect(posix.isAbsolute(f.path), f.path).toBe(false);
      expect(posix.normalize(f.path), f.path).toBe(f.path);
      expect(f.path.split('/'), f.path).not.toContain('..');
    }
    const appFolders = new Set(files.filter((f) => f.path.startsWith('services/')).map((f) => f.path.split('/')[1]));
    expect([...appFolders].sort()).toEqual(
      plan.services
        .filter((s) => s.image === undefined && s.dockerBuild === undefined)
        .map((s) => s.name)
        .sort(),
    );
  });

  it('renders no object or missing value as text', () => {
    for (const f of files) {
      expect(f.contents, f.path).not.toContain('[object Object]');
    }
  });

  it('has TypeScript (and JavaScript) that parses without diagnostics', () => {
    const tsFiles = files.filter((f) => /\.(c|m)?[tj]sx?$/.test(f.path));
    expect(tsFiles.length).toBeGreaterThan(10);
    // App folders repeat the same static files: check each distinct text once.
    const distinct = new Map(tsFiles.map((f) => [`${posix.extname(f.path)}\u0000${f.contents}`, f]));
    const diagnostics = [...distinct.values()].flatMap((f) => syntaxDiagnostics(f.path, f.contents));
    expect(diagnostics).toEqual([]);
  });

  it('has src/generated/platform.ts evaluate to exactly the plan', () => {
    const exported = evaluate('src/generated/platform.ts', file(files, 'src/generated/platform.ts'));
    expect(exported.platform).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('has .projenrc.ts construct the project with exactly the spec', () => {
    let options: unknown;
    evaluate('.projenrc.ts', file(files, '.projenrc.ts'), {
      'create-fargate-connect': {
        FargateConnectProject: class {
          constructor(o: unknown) {
            options = o;
          }
          synth() {}
        },
        Profile: { DEV: 'dev', PROD: 'prod' },
        ServiceRole: { CLIENT_ONLY: 'client-only', CLIENT_SERVER: 'client-server' },
      },
    });
    const { $schema: _schema, ...expected } = spec as Record<string, unknown>;
    // Not the spec: the library's switches, every one on in a new repository.
    const { infraSwitches, ...specOptions } = options as Record<string, unknown>;
    expect(infraSwitches).toEqual(newRepositorySwitches());
    // `public: false` is the default and may be left out.
    expect(specOptions).toEqual(expected);
  });

  it("has each app's config.ts hold the service's own values", () => {
    for (const s of plan.services.filter((x) => x.image === undefined && x.dockerBuild === undefined)) {
      const config = evaluate(`services/${s.name}/src/config.ts`, file(files, `services/${s.name}/src/config.ts`));
      expect(config).toEqual({ SERVICE_NAME: s.name, DEFAULT_PORT: s.port, DEFAULT_HEALTH_PATH: s.healthCheckPath });
      expect(file(files, `services/${s.name}/Dockerfile`)).toMatch(new RegExp(`^EXPOSE ${s.port}$`, 'm'));
      expect(JSON.parse(file(files, `services/${s.name}/package.json`)).name).toBe(s.name);
    }
  });

  it('has YAML that parses without errors or warnings', () => {
    const yamlFiles = files.filter((f) => /\.ya?ml$/.test(f.path));
    expect(yamlFiles.map((f) => f.path)).toContain('docker-compose.yml');
    for (const f of yamlFiles) {
      const docs = parseAllDocuments(f.contents, { uniqueKeys: true, strict: true });
      expect(Array.isArray(docs) ? docs.length : 0, f.path).toBe(1);
      const doc = (docs as ReturnType<typeof parseAllDocuments> & unknown[])[0] as ReturnType<typeof parseAllDocuments>[number];
      expect(
        [...doc.errors, ...doc.warnings].map((e) => e.message),
        f.path,
      ).toEqual([]);
    }
  });

  it('has docker-compose.yml name every service, image, URL, environment and route exactly as the spec', () => {
    const compose = (parseAllDocuments(file(files, 'docker-compose.yml')) as any)[0].toJS();
    expect(compose.name).toBe(plan.name);
    const publicServices = plan.services.filter((s) => s.public);
    expect(Object.keys(compose.services)).toEqual([...plan.services.map((s) => s.name), ...(publicServices.length ? ['load_balancer'] : [])]);
    for (const s of plan.services) {
      const c = compose.services[s.name];
      if (s.image !== undefined) {
        expect(c.image).toBe(s.image);
        expect(c.build).toBeUndefined();
      } else if (s.dockerBuild !== undefined) {
        expect(c.build).toEqual(s.dockerBuild);
        expect(c.environment.HEALTH_PATH).toBeUndefined();
      } else {
        expect(c.build.context).toBe(`./services/${s.name}`);
        expect(c.environment.HEALTH_PATH).toBe(s.healthCheckPath);
      }
      // The task definition's own check; compose reads "$$" as one "$" (it interpolates the rest).
      if (s.containerHealthCheck !== undefined) {
        expect(c.healthcheck.test.map((arg: string) => arg.replace(/\$\$/g, '$'))).toEqual(s.containerHealthCheck);
        expect(c.healthcheck.test.join(' ').replace(/\$\$/g, '')).not.toContain('$');
      } else {
        expect(c.healthcheck).toEqual({ disable: true });
      }
      // The task definition's environment, verbatim (all strings).
      expect(c.environment).toEqual(s.environment);
      expect(c.environment.PORT).toBe(String(s.port));
      expect(c.environment.PUBLIC_PATH).toBe(s.public ? s.publicPath : undefined);
      for (const callee of s.calls) {
        const port = plan.services.find((x) => x.name === callee)!.port;
        expect(c.environment[upstreamEnvName(callee)]).toBe(`http://${callee}:${port}`);
      }
      const dependsOn = Object.keys(c.depends_on ?? {});
      const deferred = new Set(plan.deferredCalls.filter((d) => d.from === s.name).map((d) => d.to));
      expect(dependsOn.sort()).toEqual(s.calls.filter((x) => !deferred.has(x)).sort());
      // A callee without a container health check never turns healthy: wait for its start instead.
      for (const callee of dependsOn) {
        const healthy = plan.services.find((x) => x.name === callee)!.containerHealthCheck !== undefined;
        expect(c.depends_on[callee].condition, `${s.name} -> ${callee}`).toBe(healthy ? 'service_healthy' : 'service_started');
      }
      // The way in is the load balancer, as on AWS.
      expect(c.ports).toBeUndefined();
    }
    if (publicServices.length === 0) return;
    const lb = compose.services.load_balancer;
    expect(lb.ports).toEqual([{ target: 8080, published: 8080, host_ip: '127.0.0.1' }]);
    expect(lb.volumes[0]).toMatchObject({ source: './node_modules/create-fargate-connect/lib/tasks/local/entry.js', target: lb.command[1] });
    expect(JSON.parse(lb.environment.ENTRY_ROUTES)).toEqual(
      publicServices.map((s) => ({ service: s.name, ...s.route, target: `http://${s.name}:${s.port}` })),
    );
    expect(Object.keys(lb.depends_on).sort()).toEqual(publicServices.map((s) => s.name).sort());
  });

  it('has JSON that parses', () => {
    const jsonFiles = files.filter((f) => f.path.endsWith('.json'));
    expect(jsonFiles.length).toBeGreaterThan(3);
    for (const f of jsonFiles) {
      if (f.contents.startsWith('//')) {
        // JSON with comments (projen's tsconfig files): TypeScript's own reader.
        const { error } = ts.parseConfigFileTextToJson(f.path, f.contents);
        expect(error, f.path).toBeUndefined();
      } else {
        expect(() => JSON.parse(f.contents), f.path).not.toThrow();
      }
    }
  });

  it('has the README show every value verbatim, with no HTML entities', () => {
    const readme = file(files, 'README.md');
    expect(readme).not.toMatch(/&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);/i);
    expect(readme.split('\n').find((l) => l.startsWith('# '))).toBe(`# ${plan.name}`);
    expect(readme).toContain(`\`${plan.namespace}\``);
    if (plan.domain) expect(readme).toContain(`\`${plan.domain}\``);
    for (const s of plan.services) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${s.name}\` |`));
      expect(row, s.name).toBeDefined();
      const cells = row!
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      expect(cells[0]).toBe(`\`${s.name}\``);
      expect(cells[1]).toBe(s.role);
      expect(cells[2]).toBe(String(s.port));
      expect(cells[3]).toBe(s.public ? `\`${s.publicPath}\`` : 'no');
      expect(cells[4]).toBe(s.calls.length > 0 ? s.calls.join(', ') : '-');
      if (s.public) expect(readme).toContain(`|"${s.publicPath}"|`);
    }
    // Each service without a container health check is listed, with what still checks it.
    const unchecked = plan.services.filter((s) => s.containerHealthCheck === undefined);
    const list = unchecked.map(
      (s) =>
        `- \`${s.name}\`${s.image !== undefined ? ' runs an image' : ''}${s.dockerBuild !== undefined ? ' is built from your Dockerfile' : ''}` +
        `${s.healthCheckCommand === 'none' ? ' (`healthCheckCommand: none`)' : ''}` +
        `${s.public ? `; the load balancer still checks \`${s.healthCheckPath}\`` : ''}`,
    );
    if (unchecked.length > 0)
      expect(readme).toContain(
        `keeps running; set\n\`healthCheckCommand\` in \`.projenrc.ts\` to a shell command the image can run to add one):\n\n${list.join('\n')}\n\n`,
      );
    else expect(readme).not.toContain('No container health check');
    const order = readme
      .split('\n')
      .filter((l) => /^1\. `/.test(l))
      .map((l) => l.slice(4, -1));
    expect(order).toEqual(plan.deployOrder);
    for (const s of plan.services.filter((x) => x.dockerBuild !== undefined)) {
      expect(readme).toContain(`- \`${s.name}\`: context \`${s.dockerBuild!.context}\`, Dockerfile \`${s.dockerBuild!.dockerfile}\``);
    }
    if (plan.copilotMigration) {
      expect(readme).toContain(`Copilot application\n\`${plan.copilotMigration.application}\``);
      expect(readme).toContain(`Copilot environments: ${plan.copilotMigration.environments.map((e) => `\`${e}\``).join(', ')}`);
    }
  });
});

// ---------------------------------------------------------------------------------------
// The templates themselves
// ---------------------------------------------------------------------------------------

/**
 * View fields that hold generated code or Markdown, never user text as such. In
 * .projenrc.ts: option keys and jsii enum members, made from the table of spec fields.
 */
const RAW_WHITELIST = new Set(['platformJson', 'costTable', 'transitionTable', 'projenrcImports', 'optionKey', 'enumMember']);

interface Output {
  readonly template: string;
  readonly line: number;
  readonly text: string;
  readonly escaped: boolean;
  readonly helper: string;
  readonly params: number;
}

function templateFiles(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? posix.join(rel, e.name) : e.name;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : templateFiles(dir, p);
    return e.name.endsWith('.hbs') ? [p] : [];
  });
}

/** Every output expression (not a block, comment or partial) of a template, from its AST. */
function outputsOf(template: string, source: string): Output[] {
  const out: Output[] = [];
  const lines = source.split('\n');
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (node.type === 'MustacheStatement') {
      const line = node.loc.start.line;
      out.push({
        template,
        line,
        text: lines[line - 1].slice(node.loc.start.column, node.loc.end.line === line ? node.loc.end.column : undefined),
        escaped: node.escaped !== false,
        helper: node.path?.original ?? String(node.path?.value ?? ''),
        params: node.params?.length ?? 0,
      });
    }
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement' || node.type === 'DecoratorBlock') {
      throw new Error(`${template}:${node.loc.start.line}: partials and decorators are not used by the renderer`);
    }
    for (const key of ['body', 'program', 'inverse']) walk(node[key]);
  };
  walk(Handlebars.parse(source));
  return out;
}

describe('the templates', () => {
  const templates = templateFiles(TEMPLATES_DIR).map((p) => ({ path: p, source: readFileSync(join(TEMPLATES_DIR, p), 'utf8') }));
  const outputs = templates.flatMap((t) => outputsOf(t.path, t.source));

  it('are found', () => {
    expect(templates.map((t) => t.path)).toEqual(
      expect.arrayContaining(['src/generated/platform.ts.hbs', 'docker-compose.yml.hbs', 'README.md.hbs']),
    );
    expect(outputs.length).toBeGreaterThan(20);
  });

  it('output raw text only through json or a whitelisted view field', () => {
    const raw = outputs.filter((o) => !o.escaped);
    // The AST and a plain search agree on how many raw outputs there are.
    const grep = templates.reduce((n, t) => n + (t.source.match(/\{\{\{|\{\{&/g) ?? []).length, 0);
    expect(raw.length).toBe(grep);
    const bad = raw.filter((o) => !((o.helper === 'json' && o.params >= 1) || (RAW_WHITELIST.has(o.helper) && o.params === 0)));
    expect(bad.map((o) => `${o.template}:${o.line}: ${o.text}`)).toEqual([]);
  });

  it('in TypeScript, YAML, JSON and Dockerfiles, output nothing but {{{json ...}}} and whitelisted fields', () => {
    // HTML escaping is the wrong escaping outside Markdown/HTML: `{{x}}` there is a bug
    // even when it happens to produce valid code.
    const code = outputs.filter((o) => !/\.md\.hbs$/.test(o.template));
    const bad = code.filter((o) => o.escaped || !((o.helper === 'json' && o.params >= 1) || RAW_WHITELIST.has(o.helper)));
    expect(bad.map((o) => `${o.template}:${o.line}: ${o.text}`)).toEqual([]);
  });

  it('are rendered by the one Handlebars environment, whose json helper escapes line separators', () => {
    expect(renderTemplate('{{{json x}}}', { x: 'a\u2028b\u2029c</script>' })).toBe('"a\\u2028b\\u2029c</script>"');
    expect(renderTemplate('{{x}}', { x: '<a href="x">`=' })).toBe('&lt;a href&#x3D;&quot;x&quot;&gt;&#x60;&#x3D;');
  });
});
