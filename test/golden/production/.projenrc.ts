import { FargateConnectProject, CpuArch, Profile, ServiceRole } from 'create-fargate-connect';

// The platform's spec. Add, change or remove a service here, then run `npx projen`:
// infrastructure is regenerated, new services get an app folder under services/, and
// nothing you wrote is overwritten. The spec's reference: `npx create-fargate-connect --help`.
const project = new FargateConnectProject({
  name: "bazaar",
  profile: Profile.PROD,
  alarms: {"email":"ops@example.com"},
  services: [
    {
      name: "web",
      role: ServiceRole.CLIENT_ONLY,
      port: 3000,
      public: true,
      calls: ["orders","inventory"],
      desiredCount: 3,
      autoscaling: {"min":2,"max":10,"cpu":60,"requests":1000},
      environment: {"LOG_LEVEL":"info","FEATURE_FLAGS":"checkout-v2"},
      arch: CpuArch.ARM64,
      spot: 50,
    },
    {
      name: "orders",
      role: ServiceRole.CLIENT_SERVER,
      port: 8080,
      calls: ["payments","inventory"],
      desiredCount: 3,
      autoscaling: {"min":2,"max":6,"cpu":70,"memory":75},
      secrets: {"DB_PASSWORD":"ssm:/bazaar/orders/db-password","DB_USER":"ssm:orders-db-user"},
      exec: true,
      arch: CpuArch.ARM64,
      timeouts: {"perRequest":30,"idle":600},
    },
    {
      name: "payments",
      role: ServiceRole.CLIENT_SERVER,
      port: 8082,
      environment: {"PROVIDER":"stripe"},
      secrets: {"STRIPE_KEY":"secretsmanager:bazaar/stripe#apiKey","WEBHOOK_SECRET":"secretsmanager:arn:aws:secretsmanager:us-east-1:123456789012:secret:bazaar/webhook-AbCdEf"},
      arch: CpuArch.X86_64,
      timeouts: {"perRequest":10},
    },
    {
      name: "inventory",
      role: ServiceRole.CLIENT_SERVER,
      port: 8083,
      autoscaling: {"min":1,"max":4,"memory":80},
      exec: true,
      timeouts: {"idle":0},
    },
    {
      name: "reports",
      role: ServiceRole.CLIENT_ONLY,
      port: 8090,
      calls: ["orders"],
      desiredCount: 3,
      environment: {"REPORT_BUCKET":"bazaar-reports"},
      arch: CpuArch.ARM64,
      spot: 100,
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
