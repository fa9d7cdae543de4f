/**
 * The spec's `stages` (issue 15): each rule with its exact message, and what a valid stage
 * normalizes to (defaults, the deploy role's default ARN, counts left to the profile).
 */
import { describe, expect, it } from 'vitest';
import { normalizeSpec, type Spec, type SpecError } from '../../src/spec';

type Raw = Record<string, unknown>;

const DEV = { name: 'dev', account: '111111111111', region: 'eu-west-1' };

function spec(stages: unknown, over: Raw = {}): Raw {
  return {
    name: 'shop',
    services: [
      { name: 'web', role: 'client-only', port: 3000, public: true, calls: ['api'] },
      { name: 'api', role: 'client-server', port: 8080 },
    ],
    stages,
    ...over,
  };
}

function errorsOf(raw: unknown): SpecError[] {
  const result = normalizeSpec(raw);
  if (result.ok) throw new Error(`expected errors, got a spec: ${JSON.stringify(result.spec)}`);
  return [...result.errors];
}

function specOf(raw: unknown): Spec {
  const result = normalizeSpec(raw);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return result.spec;
}

describe('a valid stage', () => {
  it('gets approval false and the default deploy role, in its partition', () => {
    const s = specOf(spec([DEV, { name: 'cn', account: '222222222222', region: 'cn-north-1' }]));
    expect(s.stages).toEqual([
      { ...DEV, approval: false, deployRoleArn: 'arn:aws:iam::111111111111:role/shop-dev-deploy' },
      {
        name: 'cn',
        account: '222222222222',
        region: 'cn-north-1',
        approval: false,
        deployRoleArn: 'arn:aws-cn:iam::222222222222:role/shop-cn-deploy',
      },
    ]);
  });

  it('keeps a given deploy role and the overrides as given', () => {
    const s = specOf(
      spec([
        {
          ...DEV,
          approval: true,
          deployRoleArn: 'arn:aws:iam::111111111111:role/ci/deployer',
          azs: 3,
          alarms: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:ops' },
          services: { api: { desiredCount: 5 } },
        },
      ]),
    );
    expect(s.stages![0]).toEqual({
      ...DEV,
      approval: true,
      deployRoleArn: 'arn:aws:iam::111111111111:role/ci/deployer',
      azs: 3,
      alarms: { topicArn: 'arn:aws:sns:eu-west-1:111111111111:ops' },
      services: { api: { desiredCount: 5 } },
    });
  });

  it("gives a count left to the profile the stage profile's default", () => {
    const s = specOf(spec([{ ...DEV, profile: 'dev' }]));
    // The spec's profile is prod (2 tasks); the dev stage runs 1 of each.
    expect(s.services.map((x) => x.desiredCount)).toEqual([2, 2]);
    expect(s.stages![0].services).toEqual({ web: { desiredCount: 1 }, api: { desiredCount: 1 } });
  });

  it('is absent without stages (the spec as before)', () => {
    expect('stages' in specOf(spec(undefined))).toBe(false);
  });
});

describe('each rule, with its message', () => {
  const at = (stage: Raw, over: Raw = {}) => errorsOf(spec([stage], over));

  it('stages is a non-empty list', () => {
    expect(errorsOf(spec([]))).toEqual([
      {
        path: 'stages',
        message:
          'is an empty list; list at least one stage ({ name, account, region }), or remove stages to deploy one platform with the credentials at hand',
      },
    ]);
    expect(errorsOf(spec({ dev: DEV }))).toEqual([{ path: 'stages', message: 'a mapping was given, expected a list of stages' }]);
  });

  it('name, account and region are required', () => {
    expect(at({})).toEqual([
      { path: 'stages[0].name', message: 'is required (a lowercase DNS label such as "prod"; npx projen deploy:<name> deploys the stage)' },
      { path: 'stages[0].account', message: 'is required (the 12-digit AWS account id the stage deploys to, quoted, e.g. "111111111111")' },
      { path: 'stages[0].region', message: 'is required (the region the stage deploys to, e.g. "eu-west-1")' },
    ]);
  });

  it('the name is a lowercase DNS label of at most 24 characters', () => {
    expect(at({ ...DEV, name: 'Prod' })).toEqual([
      {
        path: 'stages[0].name',
        message:
          '"Prod" is not a stage name; use a lowercase DNS label (letters, digits and single hyphens, starting with a letter, not ending with a hyphen), e.g. "prod"',
      },
    ]);
    expect(at({ ...DEV, name: 'a'.repeat(25) })).toEqual([
      {
        path: 'stages[0].name',
        message: `"${'a'.repeat(25)}" is 25 characters, over 24: the stage name goes into its deploy role's name (<name>-<stage>-deploy, at most 64 characters); use a shorter name`,
      },
    ]);
  });

  it('stage names are unique', () => {
    expect(errorsOf(spec([DEV, { ...DEV, account: '222222222222' }]))).toEqual([
      {
        path: 'stages[1].name',
        message:
          'the stage name "dev" is already used by stages[0]; each stage needs its own name (its stacks, cluster and deploy task are named after it)',
      },
    ]);
  });

  it('the account is 12 digits, as a string; a number is told to be quoted', () => {
    expect(at({ ...DEV, account: '1234' })).toEqual([
      { path: 'stages[0].account', message: '"1234" is not an AWS account id; write its 12 digits as a quoted string, e.g. "111111111111"' },
    ]);
    expect(at({ ...DEV, account: 11111111111 })).toEqual([
      {
        path: 'stages[0].account',
        message:
          '11111111111 is a number, expected the account id as a quoted string: write account: "011111111111" (YAML reads an unquoted id as a number and drops its leading zeros)',
      },
    ]);
  });

  it("the region is one aws-cdk-lib's region table knows", () => {
    expect(at({ ...DEV, region: 'eu-west-9' })).toEqual([
      {
        path: 'stages[0].region',
        message:
          '"eu-west-9" is not a region aws-cdk-lib knows (did you mean "eu-west-1"?); use a region code such as "eu-west-1" (`aws ec2 describe-regions` lists them; a region newer than the installed aws-cdk-lib needs its upgrade)',
      },
    ]);
  });

  it('deployRoleArn is an IAM role of the stage account and partition', () => {
    expect(at({ ...DEV, deployRoleArn: 'arn:aws:iam::111111111111:user/deployer' })).toEqual([
      {
        path: 'stages[0].deployRoleArn',
        message:
          '"arn:aws:iam::111111111111:user/deployer" is not an IAM role ARN; use arn:<partition>:iam::<account>:role/<name>, e.g. "arn:aws:iam::111111111111:role/shop-prod-deploy", or leave deployRoleArn out for that default',
      },
    ]);
    expect(at({ ...DEV, deployRoleArn: 'arn:aws:iam::222222222222:role/deployer' })).toEqual([
      {
        path: 'stages[0].deployRoleArn',
        message:
          'arn:aws:iam::222222222222:role/deployer is not a role of stage "dev"\'s account 111111111111 in partition aws: the deploy workflow assumes it in the account it deploys to; use arn:aws:iam::111111111111:role/<name>, or leave deployRoleArn out for the default',
      },
    ]);
  });

  it('certificateArn is in the stage account, region and partition', () => {
    const domain = 'shop.example.com';
    expect(at({ ...DEV, domain, certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc-1' })).toEqual([
      {
        path: 'stages[0].certificateArn',
        message:
          'the certificate arn:aws:acm:us-east-1:111111111111:certificate/abc-1 is in us-east-1 of account 111111111111, but stage "dev" deploys to eu-west-1 (partition aws): a load balancer uses only an ACM certificate of its own account and region; request (or import) one in eu-west-1 of account 111111111111 and set certificateArn on this stage to it',
      },
    ]);
  });

  it('a stage that inherits the top-level certificateArn gets it checked too', () => {
    const top = { domain: 'shop.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc-1' };
    expect(errorsOf(spec([DEV, { name: 'prod', account: '222222222222', region: 'eu-west-1' }], top))).toEqual([
      {
        path: 'stages[1].certificateArn',
        message:
          'stage "prod" deploys to eu-west-1 and inherits the top-level certificateArn arn:aws:acm:eu-west-1:111111111111:certificate/abc-1, which is in eu-west-1 of account 111111111111: a load balancer uses only an ACM certificate of its own account and region; request (or import) one in eu-west-1 of account 222222222222 and set certificateArn on this stage to it',
      },
    ]);
  });

  it('domain and certificateArn go together in a stage, and need a public service', () => {
    expect(at({ ...DEV, domain: 'dev.example.com' })).toEqual([
      {
        path: 'stages[0].domain',
        message:
          'stage "dev" has domain but no certificateArn (here or at the top): HTTPS needs both; give certificateArn on this stage or at the top',
      },
    ]);
    const privateOnly = { services: [{ name: 'api', role: 'client-server', port: 8080 }] };
    expect(
      errorsOf(spec([{ ...DEV, domain: 'dev.example.com', certificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc-1' }], privateOnly)),
    ).toEqual([
      {
        path: 'stages[0].domain',
        message: 'needs a public service (public: true) for the load balancer to serve; remove it or make a service public',
      },
    ]);
  });

  it('alarms.topicArn is in the stage region and partition, given or inherited', () => {
    expect(at({ ...DEV, alarms: { topicArn: 'arn:aws:sns:us-east-1:111111111111:ops' } })).toEqual([
      {
        path: 'stages[0].alarms.topicArn',
        message:
          'the alarm topic arn:aws:sns:us-east-1:111111111111:ops is in us-east-1, but stage "dev" deploys to eu-west-1 (partition aws): CloudWatch alarms notify SNS topics of their own region; create a topic in eu-west-1 and set alarms.topicArn on this stage to it',
      },
    ]);
    expect(at(DEV, { alarms: { topicArn: 'arn:aws:sns:us-east-1:111111111111:ops' } })).toEqual([
      {
        path: 'stages[0].alarms',
        message:
          'stage "dev" deploys to eu-west-1 and inherits the top-level alarms.topicArn arn:aws:sns:us-east-1:111111111111:ops, which is in us-east-1: CloudWatch alarms notify SNS topics of their own region; create a topic in eu-west-1 and set alarms.topicArn on this stage to it',
      },
    ]);
    expect(at({ ...DEV, alarms: {} })).toEqual([
      {
        path: 'stages[0].alarms',
        message: 'alarms is empty; give email (a topic is created for it) or topicArn (an existing SNS topic), or remove alarms',
      },
    ]);
  });

  it("an image's ECR region is each stage's region", () => {
    const withImage = {
      services: [{ name: 'api', role: 'client-server', port: 8080, image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/api:1' }],
    };
    expect(errorsOf(spec([DEV], withImage))).toEqual([
      {
        path: 'stages[0].region',
        message:
          'stage "dev" deploys to eu-west-1, but the image of api is in ECR in us-east-1: tasks in isolated subnets pull only from ECR in their own region; deploy this stage to us-east-1, or replicate the repository to eu-west-1 (ECR replication or a pull-through cache) and give the service a build instead of image',
      },
    ]);
  });

  it('an image of another account in the stage region is accepted (synth warns: its repository policy must allow the pull)', () => {
    const withImage = {
      services: [{ name: 'api', role: 'client-server', port: 8080, image: '999999999999.dkr.ecr.eu-west-1.amazonaws.com/api:1' }],
    };
    expect(specOf(spec([DEV], withImage)).stages).toHaveLength(1);
  });

  it("a secret ARN's region is each stage's region", () => {
    const withSecret = {
      services: [{ name: 'api', role: 'client-server', port: 8080, secrets: { KEY: 'ssm:arn:aws:ssm:us-east-1:111111111111:parameter/shop/key' } }],
    };
    expect(errorsOf(spec([DEV], withSecret))).toEqual([
      {
        path: 'stages[0].region',
        message:
          'stage "dev" deploys to eu-west-1, but a secret of api is in us-east-1: tasks reach SSM and Secrets Manager only through the endpoints of their own region; reference the secret by name (read in each stage\'s region) or deploy this stage to its region',
      },
    ]);
  });

  it("azs is checked against the stage's region, given or inherited", () => {
    expect(at({ ...DEV, region: 'us-west-1', azs: 3 })).toEqual([
      {
        path: 'stages[0].azs',
        message: 'stage "dev": us-west-1 has 2 Availability Zones that Fargate runs in, fewer than azs: 3; use azs: 2',
      },
    ]);
    expect(at({ ...DEV, region: 'eu-west-1' }, { azs: 4 })).toEqual([
      {
        path: 'stages[0].azs',
        message:
          'stage "dev": azs: 4 is known to work only in ap-northeast-2, us-east-1, us-west-2; use azs: 3 in eu-west-1 (set azs on this stage to override the top-level azs)',
      },
    ]);
  });

  it('services names services of the spec', () => {
    expect(at({ ...DEV, services: { apii: { desiredCount: 1 } } })).toEqual([
      {
        path: 'stages[0].services.apii',
        message: '"apii" is not a service of the spec; did you mean "api"? a stage overrides only services listed in services (web, api)',
      },
    ]);
  });

  it('keys that cannot differ between stages name the keys that can', () => {
    expect(at({ ...DEV, namespace: 'dev.internal' })).toEqual([
      {
        path: 'stages[0].namespace',
        message:
          '"namespace" cannot differ between stages (it is the same platform in every stage); set it at the top of the spec. A stage takes: name, account, region, approval, deployRoleArn, profile, azs, domain, certificateArn, alarms, services',
      },
    ]);
    expect(at({ ...DEV, services: { api: { port: 9090 } } })).toEqual([
      {
        path: 'stages[0].services.api.port',
        message:
          '"port" cannot differ between stages (the service\'s stack, image and wiring are the same in every stage); set it on the service in services. A stage may set for a service: desiredCount, autoscaling',
      },
    ]);
    expect(at({ ...DEV, acount: '111111111111' })[0]).toEqual({ path: 'stages[0].acount', message: 'unknown key "acount"; did you mean "account"?' });
  });

  it("a service's autoscaling and desiredCount in a stage follow the service rules", () => {
    expect(at({ ...DEV, services: { api: { autoscaling: { min: 3, max: 2, cpu: 50 } } } })).toEqual([
      {
        path: 'stages[0].services.api.autoscaling.min',
        message: 'min 3 is above max 2; autoscaling keeps the task count between min and max: lower min or raise max',
      },
    ]);
    expect(at({ ...DEV, services: { api: { autoscaling: { min: 1, max: 2, requests: 100 } } } })[0].path).toBe(
      'stages[0].services.api.autoscaling.requests',
    );
    const scaled = {
      services: [{ name: 'api', role: 'client-server', port: 8080, autoscaling: { min: 2, max: 4, cpu: 50 } }],
    };
    expect(errorsOf(spec([{ ...DEV, services: { api: { desiredCount: 9 } } }], scaled))).toEqual([
      {
        path: 'stages[0].services.api',
        message:
          "desiredCount: 9 is outside autoscaling's range 2 to 4; with autoscaling, desiredCount is the usual task count (what the cost estimate prices): set it between min and max, or leave it out",
      },
    ]);
  });

  it('spot under a prod stage needs two tasks', () => {
    const spot = { profile: 'dev', services: [{ name: 'api', role: 'client-server', port: 8080, spot: 50 }] };
    expect(errorsOf(spec([{ ...DEV, profile: 'prod', services: { api: { desiredCount: 1 } } }], spot))).toEqual([
      {
        path: 'stages[0].services.api',
        message:
          'api: spot: 50 with desiredCount 1 under profile prod puts no task on Fargate Spot: profile prod keeps the first task on regular Fargate; set desiredCount to 2 or more, or remove spot',
      },
    ]);
    // Left to the prod profile, the count is 2: fine.
    expect(specOf(spec([{ ...DEV, profile: 'prod' }], spot)).stages![0].services).toEqual({ api: { desiredCount: 2 } });
  });
});
