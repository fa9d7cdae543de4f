/**
 * What an imported spec generates: the migration runbook in the README, services built
 * from the user's own Dockerfiles (no app folder), and the CDK asset of such a service.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { generate, type GeneratedFile } from '../../src/api';
import { readSpecFile } from '../../src/spec';
import { serviceImage } from '../../src/infra';
import { fixtureFiles, imported, onDisk } from './helpers';

function files(spec: unknown): Map<string, string> {
  const g = generate(spec, { generatorDependency: 'file:/nonexistent.tgz' });
  if (!g.ok) throw new Error(JSON.stringify(g.errors));
  return new Map(g.files.map((f: GeneratedFile) => [f.path, f.contents]));
}

describe('a repository generated from an imported spec', () => {
  const spec = imported(fixtureFiles('env-overrides')).spec;
  const out = files(spec);

  it('has the migration runbook, naming the application and its environments', () => {
    const readme = out.get('README.md')!;
    const runbook = readme.slice(readme.indexOf('## Migrating from AWS Copilot'));
    expect(runbook).toContain('Copilot application\n`env-overrides`');
    expect(runbook).toContain('Copilot environments: `prod`, `staging`, `test`');
    for (const heading of ['### 1. Run both side by side', '### 2. Move traffic', '### 3. Retire the Copilot stacks'])
      expect(runbook).toContain(heading);
    // Retain before deleting, and the checks that come before it.
    expect(runbook).toContain('path: /Resources/HTTPSCert/DeletionPolicy');
    for (const check of ['RequestCount', 'FileSystem', 'NatGateway1Attachment', 'ECR repository']) expect(runbook).toContain(check);
    expect(runbook).toContain('`copilot env delete --name <env>` (`prod`, `staging`, `test`)');
  });

  it('has no runbook when the spec is not a migration', () => {
    const read = readSpecFile(join(__dirname, '..', 'fixtures', 'single-server.yaml'));
    if (!read.ok) throw new Error('fixture');
    expect(files(read.value).get('README.md')).not.toContain('Migrating from AWS Copilot');
  });

  it('builds each service from its own Dockerfile: no app folder, compose builds the context, the plan carries it', () => {
    expect([...out.keys()].filter((p) => p.startsWith('services/'))).toEqual([]);
    const compose = parse(out.get('docker-compose.yml')!);
    expect(compose.services.fe.build).toEqual({ context: '..', dockerfile: 'Dockerfile' });
    expect(compose.services.fe.stop_grace_period).toBeUndefined();
    expect(out.get('src/generated/platform.ts')).toContain('"dockerBuild": {');
    expect(out.get('README.md')).toContain('- `fe`: context `..`, Dockerfile `Dockerfile`');
  });

  it('writes dockerBuild and copilotMigration into a .projenrc.ts that parses', () => {
    const projenrc = out.get('.projenrc.ts')!;
    expect(projenrc).toContain('copilotMigration: {"application":"env-overrides","environments":["prod","staging","test"]},');
    expect(projenrc).toContain('dockerBuild: {"context":"..","dockerfile":"Dockerfile"},');
    const source = ts.createSourceFile('.projenrc.ts', projenrc, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  });
});

describe('the image of a dockerBuild service', () => {
  /** The asset hash of the image serviceImage makes, synthesized with `repo` as the current folder. */
  function assetHash(context: string, repo: string): string {
    const cwd = vi.spyOn(process, 'cwd').mockReturnValue(repo);
    try {
      const stack = new Stack(new App({ context: { 'aws:cdk:disable-asset-staging': true } }), 'S');
      const td = new ecs.FargateTaskDefinition(stack, 'T');
      td.addContainer('app', { image: serviceImage(td, 'api', undefined, join(repo, 'services'), { context, dockerfile: 'Dockerfile' }) });
      return stack.node.findAll().find((c): c is ecrAssets.DockerImageAsset => c instanceof ecrAssets.DockerImageAsset)!.assetHash;
    } finally {
      cwd.mockRestore();
    }
  }

  it('is built from the context, leaving out the repository when the context holds it', () => {
    const ws = onDisk({ Dockerfile: 'FROM scratch\n', 'app.js': 'one', 'platform/README.md': 'repo' });
    const repo = join(ws, 'platform');
    const before = assetHash('..', repo);
    // A change in the repository (node_modules, cdk.out, ...) is not part of the image.
    mkdirSync(join(repo, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(repo, 'node_modules', 'x', 'index.js'), 'big');
    expect(assetHash('..', repo)).toBe(before);
    // A change in the user's code is.
    writeFileSync(join(ws, 'app.js'), 'two');
    expect(assetHash('..', repo)).not.toBe(before);
  });
});
