/**
 * Bad input gives located errors (`file:line:column: message`), never a crash, and no spec.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCopilot } from '../../src/import';
import { importErrors, manifest, workspace } from './helpers';

const API = manifest('inferred-calls', 'api');
const BACKEND = manifest('inferred-calls', 'backend');

describe('the workspace', () => {
  it('refuses a copilot/ folder without .workspace, saying how to get one', () => {
    const files = workspace({ api: API });
    delete files['copilot/.workspace'];
    expect(importErrors(files)).toEqual([
      'copilot/.workspace: not found; Copilot writes it with "copilot app init" (one line: application: <name>): run the import from the folder that holds copilot/, or restore the file',
    ]);
  });

  it('refuses a folder without copilot/', () => {
    expect(importErrors({ 'README.md': '# hi' })).toEqual(['no copilot/ folder: give the folder that holds copilot/ (or copilot/ itself)']);
  });

  it('locates a .workspace without an application, or a malformed one', () => {
    expect(importErrors({ ...workspace({ api: API }), 'copilot/.workspace': 'app: kudos\n' })).toEqual([
      'copilot/.workspace:1:1: application: is required (the Copilot application\'s name, e.g. "application: kudos")',
    ]);
    expect(importErrors({ ...workspace({ api: API }), 'copilot/.workspace': 'application: [kudos\n' })[0]).toMatch(/^copilot\/\.workspace:\d+:\d+: /);
  });

  it('refuses a workspace with no workload', () => {
    expect(importErrors({ 'copilot/.workspace': 'application: kudos\n' })).toEqual([
      'copilot/: no workload manifest (copilot/<name>/manifest.yml); there is nothing to import',
    ]);
  });
});

describe('manifests', () => {
  it('locates a YAML syntax error', () => {
    const broken = API.replace('  port: 8080', '  port: [8080');
    const [error] = importErrors(workspace({ api: broken }));
    expect(error).toMatch(/^copilot\/api\/manifest\.yml:\d+:\d+: /);
  });

  it('locates an unknown workload type, suggesting the closest', () => {
    expect(importErrors(workspace({ api: API.replace('type: Backend Service', 'type: Backend Servce') }))).toEqual([
      'copilot/api/manifest.yml:2:1: type: "Backend Servce" is not a Copilot workload type; did you mean "Backend Service"?',
    ]);
    expect(importErrors(workspace({ api: API.replace('type: Backend Service', 'type: Lambda') }))[0]).toContain(
      'is not a Copilot workload type; use one of Load Balanced Web Service, Backend Service, Worker Service, Scheduled Job, Request-Driven Web Service, Static Site',
    );
    expect(importErrors(workspace({ api: API.replace('type: Backend Service\n', '') }))[0]).toMatch(
      /^copilot\/api\/manifest\.yml:\d+:\d+: type: is required/,
    );
  });

  it("locates a name that is not its folder's, as Copilot does", () => {
    expect(importErrors(workspace({ orders: API }))).toEqual([
      'copilot/orders/manifest.yml:1:1: name: "api" is not the name of its folder, "orders"; Copilot requires them to match',
    ]);
  });

  it('locates a value of the wrong type', () => {
    expect(importErrors(workspace({ api: API.replace('port: 8080', 'port: [8080]') }))).toEqual([
      'copilot/api/manifest.yml:6:3: image.port: [8080] is not a port number',
    ]);
    expect(importErrors(workspace({ api: API.replace('cpu: 256', 'cpu: lots') }))).toEqual([
      'copilot/api/manifest.yml:17:1: cpu: "lots" is not a number of CPU units',
    ]);
  });

  it('refuses an empty manifest and one that is not a mapping', () => {
    expect(importErrors(workspace({ api: '# nothing yet\n' }))).toEqual([
      'copilot/api/manifest.yml: the file is empty; a Copilot manifest has at least name and type',
    ]);
    expect(importErrors(workspace({ api: '- name: api\n' }))).toEqual([
      'copilot/api/manifest.yml:1:1: a manifest is a mapping with at least name and type',
    ]);
  });

  it('reports every problem at once, in file order', () => {
    const errors = importErrors(
      workspace({ api: API.replace('type: Backend Service', 'type: Service'), backend: BACKEND.replace('port: 80', 'port: eighty') }),
    );
    expect(errors.map((e) => e.split(':')[0])).toEqual(['copilot/api/manifest.yml', 'copilot/backend/manifest.yml']);
  });

  it('locates an environment manifest that does not parse', () => {
    const files = { ...workspace({ api: API }), 'copilot/environments/test/manifest.yml': 'name: test\ntype: Environment\nhttp: {\n' };
    expect(importErrors(files)[0]).toMatch(/^copilot\/environments\/test\/manifest\.yml:\d+:\d+: /);
  });
});

describe('never a crash', () => {
  it('returns a spec or located errors for any change to a real manifest', () => {
    const lines = API.split('\n');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: lines.length - 1 }),
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.constantFrom(
            '  port: -1',
            'count: {range: x}',
            'image: 3',
            'http: [',
            'network:\n  connect: 7',
            '  build: {}',
            '\t',
            '&a [*a]',
            'cpu: 99999999',
          ),
        ),
        (at, line) => {
          const text = [...lines.slice(0, at), line, ...lines.slice(at + 1)].join('\n');
          const r = importCopilot(workspace({ api: text }));
          if (!r.ok)
            for (const e of r.errors) expect(e.message).toMatch(/^copilot\/api\/manifest\.yml(:\d+:\d+)?: |in the imported spec|nothing to import/);
        },
      ),
      { numRuns: 300 },
    );
  });
});
