/**
 * The production settings of a service (issue 14): autoscaling, environment, secrets,
 * exec. One test per rule, each with its exact message, and the values they keep.
 */
import { describe, expect, it } from 'vitest';
import { normalizeSpec, type Service, type SpecError } from '../../src/spec';
import { parseSecretRef, validateSecretRef } from '../../src/spec/secrets';

type Raw = Record<string, unknown>;

const api = (over: Raw = {}): Raw => ({ name: 'api', role: 'client-server', port: 8080, ...over });
const web = (over: Raw = {}): Raw => ({ name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'], ...over });
const spec = (...services: Raw[]): Raw => ({ name: 'shop', services });

function errorsOf(raw: unknown): SpecError[] {
  const result = normalizeSpec(raw);
  return result.ok ? [] : [...result.errors];
}

function serviceOf(raw: unknown, index = 0): Service {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.spec.services[index];
}

describe('autoscaling', () => {
  it('keeps min, max and the targets given', () => {
    expect(serviceOf(spec(api({ autoscaling: { min: 2, max: 8, cpu: 60 } }))).autoscaling).toEqual({ min: 2, max: 8, cpu: 60 });
  });

  it('min above max', () => {
    expect(errorsOf(spec(api({ autoscaling: { min: 5, max: 3, cpu: 60 } })))).toEqual([
      {
        path: 'services[0].autoscaling.min',
        message: 'min 5 is above max 3; autoscaling keeps the task count between min and max: lower min or raise max',
      },
    ]);
  });

  it('at least one target', () => {
    expect(errorsOf(spec(api({ autoscaling: { min: 1, max: 3 } })))).toEqual([
      {
        path: 'services[0].autoscaling',
        message:
          'autoscaling needs at least one target: cpu (average CPU %), memory (average memory %) or requests (per task per minute, public services only)',
      },
    ]);
  });

  it('requests only for a public service', () => {
    expect(errorsOf(spec(api({ autoscaling: { min: 1, max: 3, requests: 500 } })))).toEqual([
      {
        path: 'services[0].autoscaling.requests',
        message:
          "requests scales on the load balancer's requests per task, and only a public service has one: use cpu or memory, or set public: true",
      },
    ]);
    expect(errorsOf(spec(api(), web({ autoscaling: { min: 1, max: 3, requests: 500 } })))).toEqual([]);
  });

  it('desiredCount outside [min, max]', () => {
    expect(errorsOf(spec(api({ desiredCount: 1, autoscaling: { min: 2, max: 4, memory: 70 } })))).toEqual([
      {
        path: 'services[0].desiredCount',
        message:
          "1 is outside autoscaling's range 2 to 4; with autoscaling, desiredCount is the usual task count (what the cost estimate prices): set it between min and max, or leave it out",
      },
    ]);
  });

  it('without desiredCount, the profile default brought within [min, max]', () => {
    expect(serviceOf(spec(api({ autoscaling: { min: 3, max: 6, cpu: 50 } }))).desiredCount).toBe(3);
    expect(serviceOf({ ...spec(api({ autoscaling: { min: 1, max: 1, cpu: 50 } })), profile: 'prod' }).desiredCount).toBe(1);
    expect(serviceOf(spec(api({ autoscaling: { min: 1, max: 5, cpu: 50 } }))).desiredCount).toBe(2);
  });

  it('targets and counts in range, min and max required', () => {
    expect(errorsOf(spec(api({ autoscaling: { max: 101, cpu: 0 } })))).toEqual([
      { path: 'services[0].autoscaling.max', message: '101 is out of range; autoscaling.max is 1 to 100 (the most tasks)' },
      { path: 'services[0].autoscaling.cpu', message: '0 is out of range; autoscaling.cpu is 1 to 100 (the average CPU % to hold)' },
      { path: 'services[0].autoscaling.min', message: 'is required (the fewest tasks, e.g. 2)' },
    ]);
  });
});

describe('environment', () => {
  it('keeps the variables', () => {
    expect(serviceOf(spec(api({ environment: { LOG_LEVEL: 'info', _X1: '' } }))).environment).toEqual({ LOG_LEVEL: 'info', _X1: '' });
  });

  it('a name the platform sets: PORT, or a generated *_URL', () => {
    expect(errorsOf(spec(api({ environment: { PORT: '9000' } })))).toEqual([
      { path: 'services[0].environment.PORT', message: '"PORT" is set by the platform (the container port); choose another name' },
    ]);
    expect(errorsOf(spec(api(), web({ environment: { API_URL: 'http://x' } })))).toEqual([
      {
        path: 'services[1].environment.API_URL',
        message: '"API_URL" is set by the platform (the URL of api, for services that call it); choose another name',
      },
    ]);
    // Also a service's URL that it does not call yet: calling it later would clash.
    expect(errorsOf(spec(api({ environment: { WEB_URL: 'x' } }), web()))[0].path).toBe('services[0].environment.WEB_URL');
    expect(errorsOf(spec(api({ secrets: { HEALTH_PATH: 'ssm:x' } })))[0].message).toBe(
      '"HEALTH_PATH" is set by the platform (the generated app\'s liveness path); choose another name',
    );
  });

  it('names and values', () => {
    expect(errorsOf(spec(api({ environment: { '1X': 'a', 'A-B': 'b', N: 8080, M: 'a\nb' } })))).toEqual([
      {
        path: 'services[0].environment["1X"]',
        message: '"1X" is not an environment variable name: letters, digits and _, not starting with a digit (e.g. LOG_LEVEL)',
      },
      {
        path: 'services[0].environment["A-B"]',
        message: '"A-B" is not an environment variable name: letters, digits and _, not starting with a digit (e.g. LOG_LEVEL)',
      },
      { path: 'services[0].environment.N', message: '8080 is a number, expected a string: quote it (e.g. "8080")' },
      { path: 'services[0].environment.M', message: '"a\\nb" contains "\\n"; a value is one line of text without control characters' },
    ]);
    expect(errorsOf(spec(api({ environment: ['A=1'] })))).toEqual([
      { path: 'services[0].environment', message: 'a list was given, expected a mapping of variable names to string values' },
    ]);
  });

  it('a name in both environment and secrets', () => {
    expect(errorsOf(spec(api({ environment: { TOKEN: 'x' }, secrets: { TOKEN: 'ssm:/t' } })))).toEqual([
      {
        path: 'services[0].secrets.TOKEN',
        message: '"TOKEN" is also in services[0].environment.TOKEN; a variable is either a plain value (environment) or a secret (secrets), not both',
      },
    ]);
  });
});

describe('secrets', () => {
  it('keeps the references', () => {
    const secrets = {
      A: 'ssm:/shop/a',
      B: 'ssm:plain-name',
      C: 'secretsmanager:shop/db#password',
      D: 'secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/x-AbCdEf',
    };
    expect(serviceOf(spec(api({ secrets }))).secrets).toEqual(secrets);
  });

  it('an invalid reference', () => {
    expect(errorsOf(spec(api({ secrets: { DB: 'vault:db' } })))).toEqual([
      {
        path: 'services[0].secrets.DB',
        message:
          '"vault:db" is not a secret reference: ssm:<parameter name or ARN>, or secretsmanager:<secret name or ARN>[#<json-key>] (e.g. ssm:/shop/db/password, secretsmanager:shop/db#password)',
      },
    ]);
  });

  it('each kind of bad reference, with its message', () => {
    expect(validateSecretRef('ssm:/a#k')).toBe(
      '"ssm:/a#k": #<json-key> reads a key of a Secrets Manager secret; an SSM parameter is one value (drop the #..., or store it in Secrets Manager)',
    );
    expect(validateSecretRef('ssm:/a b')).toBe(
      '"ssm:/a b" is not an SSM parameter name: letters, digits and _ . - separated by /, at most 1011 characters (e.g. ssm:/shop/db/password)',
    );
    expect(validateSecretRef('secretsmanager:a b')).toBe(
      '"secretsmanager:a b" is not a Secrets Manager secret name: letters, digits and / _ + = . @ -, at most 512 characters (e.g. secretsmanager:shop/db)',
    );
    expect(validateSecretRef('secretsmanager:db#')).toBe(
      '"secretsmanager:db#": the JSON key after # is empty, or has a :, a space or a character outside ASCII; give one top-level key of the secret\'s JSON (e.g. #password)',
    );
    expect(validateSecretRef('ssm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:x')).toBe(
      '"ssm:arn:aws:secretsmanager:eu-west-1:123456789012:secret:x" is not an SSM parameter ARN: arn:<partition>:ssm:<region>:<account>:parameter/<name>',
    );
    expect(validateSecretRef('secretsmanager:arn:aws:secretsmanager:eu-west-1:1234:secret:x')).toBe(
      '"secretsmanager:arn:aws:secretsmanager:eu-west-1:1234:secret:x" is not a Secrets Manager secret ARN: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>',
    );
    expect(validateSecretRef('ssm:')).toMatch(/is not a secret reference/);
  });

  it('a secret ARN in another region than the images, the certificate or another secret ARN', () => {
    const arn = (region: string) => `ssm:arn:aws:ssm:${region}:123456789012:parameter/shop/a`;
    const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1';
    expect(errorsOf(spec(api({ image, secrets: { A: arn('us-east-1') } })))).toEqual([
      {
        path: 'services[0].secrets.A',
        message:
          "is in us-east-1, but services[0].image is in eu-west-1: the platform deploys to one region, and its tasks reach SSM and Secrets Manager only through that region's endpoints; reference a parameter or secret in the region you deploy to (or give its name)",
      },
    ]);
    expect(errorsOf(spec(api({ secrets: { A: arn('us-east-1'), B: arn('us-west-2') } })))[0].path).toBe('services[0].secrets.B');
    expect(errorsOf(spec(api({ image, secrets: { A: arn('eu-west-1'), B: 'ssm:/by/name' } })))).toEqual([]);
  });

  it('parses what it accepts', () => {
    expect(parseSecretRef('ssm:/shop/db')).toEqual({ service: 'ssm', name: '/shop/db' });
    expect(parseSecretRef('secretsmanager:shop/db#password')).toEqual({ service: 'secretsmanager', name: 'shop/db', jsonKey: 'password' });
    expect(parseSecretRef('ssm:arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db')).toEqual({
      service: 'ssm',
      arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shop/db',
    });
    expect(() => parseSecretRef('vault:x')).toThrow();
  });
});

describe('exec', () => {
  it('is a boolean, absent unless given', () => {
    expect(serviceOf(spec(api({ exec: true }))).exec).toBe(true);
    expect(serviceOf(spec(api())).exec).toBeUndefined();
    expect(errorsOf(spec(api({ exec: 'yes' })))).toEqual([{ path: 'services[0].exec', message: '"yes" is a string, expected true or false' }]);
  });
});
