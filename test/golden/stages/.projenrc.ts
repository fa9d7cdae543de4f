import { FargateConnectProject, Profile, ServiceRole } from 'create-fargate-connect';

// The platform's spec. Add, change or remove a service here, then run `npx projen`:
// infrastructure is regenerated, new services get an app folder under services/, and
// nothing you wrote is overwritten. The spec's reference: `npx create-fargate-connect --help`.
const project = new FargateConnectProject({
  name: "relay",
  profile: Profile.PROD,
  alarms: {"email":"ops@example.com"},
  services: [
    {
      name: "web",
      role: ServiceRole.CLIENT_ONLY,
      port: 3000,
      public: true,
      calls: ["api"],
      autoscaling: {"min":2,"max":6,"cpu":60},
    },
    {
      name: "api",
      role: ServiceRole.CLIENT_SERVER,
      port: 8080,
      calls: ["store"],
    },
    {
      name: "store",
      role: ServiceRole.CLIENT_SERVER,
      port: 8081,
    },
  ],
  stages: [
    {
      name: "dev",
      account: "111111111111",
      region: "eu-west-1",
      profile: Profile.DEV,
      services: {"web":{"autoscaling":{"min":1,"max":2,"cpu":70}}},
    },
    {
      name: "staging",
      account: "111111111111",
      region: "eu-west-1",
      azs: 3,
      domain: "staging.relay.example.com",
      certificateArn: "arn:aws:acm:eu-west-1:111111111111:certificate/0f3c1a2b-1234-4abc-9def-0123456789ab",
      services: {"api":{"desiredCount":3}},
    },
    {
      name: "prod",
      account: "222222222222",
      region: "ap-southeast-7",
      approval: true,
      alarms: {"topicArn":"arn:aws:sns:ap-southeast-7:222222222222:relay-alarms"},
      services: {"api":{"desiredCount":4}},
    },
  ],
  // Changes of create-fargate-connect's infrastructure that alter deployed stacks, each off
  // unless on here. Upgrading adds new ones, off: read what each does (docs/INFRA.md of
  // create-fargate-connect), turn it on, and `npx projen plan` before deploying (README, "Upgrading").
  infraSwitches: {
    "@fargate-connect/infra:namespaceTag": true,
  },
});

project.synth();
