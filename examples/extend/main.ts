// An example `src/main.ts` for the platform of examples/platform.yaml (`market`): the
// platform as generated, plus four additions of its owners. Each uses what buildPlatform
// returns; nothing in src/generated or the library is edited. test/infra/extend.test.ts
// type-checks this file inside a generated repository, synthesizes it and runs the
// platform checks on it (docs/INFRA.md, "Extending the platform").
import { App, Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { buildPlatform } from 'create-fargate-connect/infra';
import { platform } from './generated/platform';

export function createApp(app: App = new App()): App {
  const built = buildPlatform(app, platform, {
    // 1. A custom image for one service: `orders` runs an image pushed by its own pipeline
    //    to ECR (same account and region), instead of the one built from services/orders.
    //    The container health check stays the plan's (a node probe): the image has node.
    image: (service, scope) =>
      service.name === 'orders'
        ? ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(scope, 'OrdersImage', 'market/orders'), 'v2')
        : undefined,
  });

  // 2. An extra endpoint: the code of `payments` reads SSM parameters. The tasks' subnets
  //    have no way out, so SSM needs an interface endpoint, made like the others (private
  //    DNS, its own group admitting HTTPS from the tasks group only).
  built.network.addInterfaceEndpoint('ssm', ec2.InterfaceVpcEndpointAwsService.SSM);

  // 3. A policy: what that code may read, granted to its task role (which starts empty).
  const payments = built.service('payments');
  payments.taskRole.addToPolicy(
    new iam.PolicyStatement({
      actions: ['ssm:GetParameter'],
      resources: [payments.service.stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: 'market/payments/api-key' })],
    }),
  );

  // 4. A sidecar: a log shipper beside the `inventory` app, from ECR like every image the
  //    isolated subnets can pull. It fits in the task's size (the plan's), sends its own
  //    logs to the service's log group, and must stay up for the task to count as healthy.
  const inventory = built.service('inventory');
  const shipper = inventory.taskDefinition.addContainer('log-shipper', {
    image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(inventory, 'LogShipperImage', 'market/log-shipper'), '1.4'),
    essential: true,
    cpu: 64,
    memoryReservationMiB: 64,
    logging: ecs.LogDrivers.awsLogs({ logGroup: inventory.logGroup, streamPrefix: 'log-shipper' }),
    healthCheck: { command: ['CMD-SHELL', 'test -S /tmp/shipper.sock'], interval: Duration.seconds(30), startPeriod: Duration.seconds(10) },
  });
  // Start the app only once the shipper runs, so no log line is lost at start.
  inventory.container.addContainerDependencies({ container: shipper, condition: ecs.ContainerDependencyCondition.HEALTHY });

  return app;
}

if (require.main === module) createApp().synth();
