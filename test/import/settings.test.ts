/**
 * Copilot's production settings in the importer (src/import/map-settings.ts): variables →
 * environment, secrets → secrets, exec → exec, count.range and its targets → autoscaling;
 * each with its report line, and the imported spec valid.
 */
import { describe, expect, it } from 'vitest';
import { normalizeSpec } from '../../src/spec';
import { entries, imported, manifest, workspace } from './helpers';

type Service = Record<string, unknown>;

const API = manifest('inferred-calls', 'api');
const FRONTEND = manifest('multi-svc-app', 'front-end');

function importWith(apiExtra: string, frontendVariables = '') {
  const r = imported(
    workspace({
      api: apiExtra.startsWith('count:') ? API.replace(/^count: 2.*$/m, apiExtra) : `${API}\n${apiExtra}\n`,
      'front-end': FRONTEND.replace('variables:', `variables:\n${frontendVariables}`),
    }),
  );
  expect(normalizeSpec(r.spec).ok, JSON.stringify(normalizeSpec(r.spec).errors)).toBe(true);
  const byName = (n: string) => (r.spec.services as Service[]).find((s) => s.name === n)!;
  const line = (subject: string, field: string) => entries(r).find((e) => e.subject === subject && e.field === field);
  return { api: byName('api'), frontend: byName('front-end'), line };
}

describe('variables → environment', () => {
  it("text, numbers and booleans as strings; interpolations and from_cfn reported; a call is a call only; the platform's names kept out", () => {
    const { frontend, line } = importWith(
      '',
      [
        '  RETRIES: 3',
        '  VERBOSE: true',
        '  REGION: ${AWS_REGION}',
        '  TABLE:',
        '    from_cfn: shop-table',
        '  API: http://api:8080',
        '  PORT: "9000"',
      ].join('\n'),
    );
    expect(frontend.environment).toEqual({
      RETRIES: '3',
      VERBOSE: 'true',
      TEST_JSON_ENV_VAR: '{}',
      TEST_BOOL_ENV_VAR: 'on',
      TEST_JOB_CHECK_VAR: 'no',
    });
    expect(frontend.calls).toEqual(['api']);
    expect(line('front-end', 'variables.RETRIES')).toMatchObject({ status: 'mapped', target: 'environment.RETRIES' });
    expect(line('front-end', 'variables.REGION')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/interpolation/) });
    expect(line('front-end', 'variables.TABLE')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/from_cfn/) });
    expect(line('front-end', 'variables.API')).toMatchObject({ status: 'inferred', target: 'calls: api' });
    expect(line('front-end', 'variables.PORT')).toMatchObject({ status: 'not-mapped', note: 'the platform sets PORT (the container port)' });
  });
});

describe('secrets', () => {
  it("each of Copilot's forms, and what cannot be kept", () => {
    const { api, line } = importWith(
      [
        'secrets:',
        '  GH_TOKEN: GH_TOKEN_PARAM',
        '  DB_PASSWORD: /copilot/kudos/test/secrets/db',
        '  SSM_ARN: arn:aws:ssm:us-west-2:123456789012:parameter/kudos/x',
        "  SM_ARN_KEY: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:kudos/db-AbCdEf:username::'",
        '  SM_NAME:',
        "    secretsmanager: 'kudos/api:key::'",
        '  SM_STAGE:',
        "    secretsmanager: 'kudos/api:key:AWSPREVIOUS:'",
        '  PER_ENV: /copilot/${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/secrets/x',
      ].join('\n'),
    );
    expect(api.secrets).toEqual({
      GH_TOKEN: 'ssm:GH_TOKEN_PARAM',
      DB_PASSWORD: 'ssm:/copilot/kudos/test/secrets/db',
      SSM_ARN: 'ssm:arn:aws:ssm:us-west-2:123456789012:parameter/kudos/x',
      SM_ARN_KEY: 'secretsmanager:arn:aws:secretsmanager:us-west-2:123456789012:secret:kudos/db-AbCdEf#username',
      SM_NAME: 'secretsmanager:kudos/api#key',
    });
    expect(line('api', 'secrets.SM_STAGE')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/version or staging label/) });
    expect(line('api', 'secrets.PER_ENV')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/interpolation/) });
    expect(line('api', 'secrets.GH_TOKEN')).toMatchObject({ status: 'mapped', target: 'secrets.GH_TOKEN' });
  });
});

describe('exec and autoscaling', () => {
  it('exec: true → exec', () => {
    const { api, line } = importWith('');
    expect(api.exec).toBe(true);
    expect(line('api', 'exec')).toMatchObject({ status: 'mapped', target: 'exec' });
  });

  it('count.range with targets → autoscaling, desiredCount the minimum; requests only for a public service; cooldowns reported', () => {
    const { frontend } = importWith('');
    expect(frontend.autoscaling).toEqual({ min: 2, max: 5, cpu: 70, memory: 80 });
    expect(frontend.desiredCount).toBe(2);
    const scaled = importWith(['count:', '  range: 1-4', '  cpu_percentage: 50', '  requests: 100', '  cooldown:', '    in: 60s'].join('\n'));
    expect(scaled.api.autoscaling).toEqual({ min: 1, max: 4, cpu: 50 });
    expect(scaled.line('api', 'count.requests')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/load balancer/) });
    expect(scaled.line('api', 'count.cooldown')).toMatchObject({ status: 'not-mapped', note: expect.stringMatching(/60 s out, 300 s in/) });
  });

  it('count.range.spot_from is reported, not mapped: the spec has no Spot threshold, and nothing goes to Spot silently', () => {
    const { api, line } = importWith(['count:', '  range:', '    min: 2', '    max: 6', '    spot_from: 3', '  cpu_percentage: 60'].join('\n'));
    expect(api.autoscaling).toEqual({ min: 2, max: 6, cpu: 60 });
    expect(api.spot).toBeUndefined();
    expect(line('api', 'count.range.spot_from')).toMatchObject({
      status: 'not-mapped',
      target: 'spot',
      note: expect.stringMatching(/every task runs on regular Fargate/),
    });
  });
});
