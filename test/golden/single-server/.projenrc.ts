import { FargateConnectProject, ServiceRole } from 'create-fargate-connect';

// The platform's spec. Add, change or remove a service here, then run `npx projen`:
// infrastructure is regenerated, new services get an app folder under services/, and
// nothing you wrote is overwritten. The spec's reference: `npx create-fargate-connect --help`.
const project = new FargateConnectProject({
  name: "solo",
  services: [
    {
      name: "api",
      role: ServiceRole.CLIENT_SERVER,
      port: 8080,
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
