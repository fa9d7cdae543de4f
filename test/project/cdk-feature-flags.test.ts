import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';
import { CDK_FEATURE_FLAGS } from '../../src/project/cdk-feature-flags';
import { CDK_VERSION } from '../../src/project/versions';

const FILE = join(__dirname, '../../src/project/cdk-feature-flags.ts');

describe('the feature flags of generated cdk.json files', () => {
  const installed = (JSON.parse(readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')) as { version: string }).version;
  const recommended = JSON.parse(readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));

  it('come from the aws-cdk-lib generated repositories use', () => {
    expect(installed, 'the devDependency aws-cdk-lib must be CDK_VERSION').toBe(CDK_VERSION);
  });

  it("are exactly the ones that aws-cdk-lib's `cdk init` recommends", () => {
    if (process.env.UPDATE_CDK_FLAGS) {
      const text = readFileSync(FILE, 'utf8');
      const start = text.indexOf('= {') + 2;
      writeFileSync(
        FILE,
        `${text.slice(0, start)}${JSON.stringify(recommended, null, 2)};\n`.replace(/2\.\d+\.\d+ recommends/, `${installed} recommends`),
      );
    }
    expect(CDK_FEATURE_FLAGS).toEqual(recommended);
  });

  it('include the flag that detaches a service from its load balancer when it stops being public', () => {
    expect(CDK_FEATURE_FLAGS['@aws-cdk/aws-ecs:removeEmptyLoadBalancers']).toBe(true);
  });
});
