import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { e2eEnv, ROOT, run } from './helpers';

/**
 * A local npm registry (verdaccio) for the tests and benchmarks that run the front doors by
 * name, as users do: `npm init fargate-connect`, `npx create-fargate-connect`,
 * `npx projen new --from create-fargate-connect`.
 *
 * It listens on 127.0.0.1 on a free port, keeps its storage in a temp folder, and serves
 * `create-fargate-connect` only from what is published to it (no uplink for that name:
 * a version on the public registry never mixes in). Every other package (projen,
 * aws-cdk-lib, ...) it proxies from the registry npm is configured with, which is what a
 * generated repository installs anyway; npm's content cache still serves their tarballs,
 * which are looked up by integrity, not by registry.
 */

/** The verdaccio binary: the project's devDependency, or E2E_VERDACCIO=<path to bin/verdaccio>. */
export function verdaccioBin(): string {
  const local = join(ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (existsSync(local)) return local;
  const fromEnv = process.env.E2E_VERDACCIO;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  throw new Error(
    `verdaccio is not installed (${local}): run \`npm install\` (it is a devDependency), or set E2E_VERDACCIO to a verdaccio binary` +
      (fromEnv ? ` (E2E_VERDACCIO=${fromEnv} does not exist)` : ''),
  );
}

export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Environment for npm/npx commands that should resolve packages from this registry. */
  env(base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /** Publishes a tarball; returns the version published. */
  publish(tgz: string): string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /**
   * An npm cache folder for the commands run against the registry. Default: a fresh folder
   * whose content cache (`_cacache`) is the user's, so tarballs come from the warm cache,
   * while its `_npx` folder (where npx keeps what it installed, by package name) is
   * empty: an npx install from an earlier run of the same version is never reused.
   * `cold`: a fresh, empty cache.
   */
  readonly cache?: 'shared-content' | 'cold';
}

/** The registry npm uses here, as the uplink for everything but our package. */
function upstreamRegistry(): string {
  const r = spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf-8', env: e2eEnv() });
  const url = (r.stdout ?? '').trim();
  return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
}

function userCache(): string {
  const r = spawnSync('npm', ['config', 'get', 'cache'], { encoding: 'utf-8', env: e2eEnv() });
  return (r.stdout ?? '').trim();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}-/ping`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio did not answer on ${url} within ${timeoutMs / 1000} s:\n${log()}`);
}

export async function startRegistry(options: RegistryOptions = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'fc-registry-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${JSON.stringify(join(dir, 'storage'))}`,
      'auth:',
      '  htpasswd:',
      `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
      'uplinks:',
      '  upstream:',
      `    url: ${JSON.stringify(upstreamRegistry())}`,
      '    timeout: 120s',
      '    maxage: 60m',
      'packages:',
      // Our package: only what the test publishes.
      "  'create-fargate-connect':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: upstream',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );

  let output = '';
  const child = spawn(process.execPath, [verdaccioBin(), '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: { ...e2eEnv(), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-20_000)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-20_000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilUp(url, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  // A user to publish with (npm adduser's request); installs need none.
  const res = await fetch(`${url}-/user/org.couchdb.user:e2e`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e', password: 'e2e-local-only', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const token = ((await res.json()) as { token?: string }).token;
  if (!token) {
    await stop();
    throw new Error(`verdaccio refused the publishing user (${res.status})`);
  }
  const publishConfig = join(dir, 'publish.npmrc');
  writeFileSync(publishConfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);

  const cache = join(dir, 'npm-cache');
  mkdirSync(cache);
  if ((options.cache ?? 'shared-content') === 'shared-content') {
    const content = join(userCache(), '_cacache');
    mkdirSync(content, { recursive: true });
    symlinkSync(content, join(cache, '_cacache'));
  }

  // npm keeps registry responses by URL; should an earlier run have had this port, its
  // metadata of our package (same version, other contents) must not be taken for this one.
  for (const key of [`${url}create-fargate-connect`]) {
    run('npm', ['cache', 'clean', `make-fetch-happen:request-cache:${key}`, '--cache', cache], dir);
  }

  return {
    url,
    env(base: NodeJS.ProcessEnv = e2eEnv()): NodeJS.ProcessEnv {
      return {
        ...base,
        npm_config_registry: url,
        npm_config_cache: cache,
        // npm asks before npx/npm init installs a package; a user answers y.
        npm_config_yes: 'true',
        npm_config_update_notifier: 'false',
      };
    },
    publish(tgz: string): string {
      const r = run('npm', ['publish', tgz, '--registry', url, '--userconfig', publishConfig, '--provenance=false'], dir, {
        ...e2eEnv(),
        npm_config_cache: cache,
      });
      if (r.code !== 0) throw new Error(`npm publish to ${url} failed:\n${r.output}`);
      return (JSON.parse(run('tar', ['-xzOf', tgz, 'package/package.json'], dir).output) as { version: string }).version;
    },
    stop,
  };
}
