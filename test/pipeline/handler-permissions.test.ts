/**
 * The committed handler permissions are what scripts/handler-permissions.py derives from a
 * copy of the CloudFormation registry schemas (checked where one is given, in
 * CFN_REGISTRY_SCHEMAS: the installed cfn-lint no longer keeps the handlers), for the types
 * the permission table knows.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HANDLER_PERMISSIONS } from '../../src/tasks/pipeline/handler-permissions';
import { RESOURCE_PERMISSIONS } from '../../src/tasks/pipeline/permissions';

const script = join(__dirname, '..', '..', 'scripts', 'handler-permissions.py');
const schemas = process.env.CFN_REGISTRY_SCHEMAS;

describe('handler permissions', () => {
  it.skipIf(schemas === undefined)('equal what the script derives from the registry schemas in CFN_REGISTRY_SCHEMAS', () => {
    const run = spawnSync('python3', [script, '--schemas', schemas!, '--json'], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    // On a mismatch: python3 scripts/handler-permissions.py --schemas DIR --source TEXT, and commit the result.
    expect(HANDLER_PERMISSIONS).toEqual(JSON.parse(run.stdout));
  });

  it('list every type of the permission table, with IAM actions only', () => {
    const table = Object.keys(RESOURCE_PERMISSIONS).filter((t) => !t.startsWith('AWS::CloudFormation::'));
    expect(Object.keys(HANDLER_PERMISSIONS).sort()).toEqual(table.sort());
    for (const [type, actions] of Object.entries(HANDLER_PERMISSIONS)) for (const a of actions) expect(a, type).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    expect(HANDLER_PERMISSIONS['AWS::EC2::VPC']).toContain('ec2:DescribeNetworkAcls');
  });
});
