// How `npx projen local` starts a service app: node with tsx's hooks, the cheap CommonJS
// ones unless the app's package.json asks for ES modules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { tsxHooks } from '../../src/tasks/local/process';

// This checkout has tsx installed, as a generated repository does.
const ROOT = resolve(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'fc-local-process-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function service(name: string, packageJson?: object): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  if (packageJson) writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  return dir;
}

it("loads only tsx's require hooks into a CommonJS app, without the ESM loader's worker thread", () => {
  const cjs = require.resolve('tsx/cjs', { paths: [ROOT] });
  expect(tsxHooks(ROOT, service('generated', { name: 'api', main: 'dist/main.js' }))).toEqual(['--require', cjs]);
  expect(tsxHooks(ROOT, service('commonjs', { type: 'commonjs' }))).toEqual(['--require', cjs]);
  expect(tsxHooks(ROOT, service('no-package-json'))).toEqual(['--require', cjs]);
});

it('loads the ESM loader into an app whose package.json says "type": "module"', () => {
  const esm = pathToFileURL(require.resolve('tsx', { paths: [ROOT] })).href;
  expect(tsxHooks(ROOT, service('esm', { type: 'module' }))).toEqual(['--import', esm]);
});
