import * as path from 'node:path';
import { Annotations, Stack } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repo>[:tag|@digest]` */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@](.+))?$/;

/**
 * The image a service runs.
 *
 * - No `image` in the spec: built from `<servicesDir>/<name>` (its Dockerfile) for
 *   linux/amd64, the platform the task definition declares, whatever machine synthesizes.
 * - An ECR image: referenced as an ECR repository so the execution role is granted the
 *   pull, which goes through the `ecr.*` endpoints.
 * - Anything else: referenced by name, with a synth warning. Tasks in isolated subnets
 *   cannot reach Docker Hub, ECR Public or any other registry outside the VPC.
 */
export function serviceImage(
  scope: Construct,
  name: string,
  image: string | undefined,
  servicesDir: string,
): ecs.ContainerImage {
  if (image === undefined) {
    return ecs.ContainerImage.fromAsset(path.join(servicesDir, name), {
      platform: ecrAssets.Platform.LINUX_AMD64,
    });
  }
  const ecrImage = ECR_IMAGE.exec(image);
  if (ecrImage) {
    const [, account, region, repositoryName, tagOrDigest] = ecrImage;
    const repository = ecr.Repository.fromRepositoryAttributes(scope, 'ImageRepository', {
      repositoryName,
      repositoryArn: Stack.of(scope).formatArn({
        service: 'ecr',
        account,
        region,
        resource: 'repository',
        resourceName: repositoryName,
      }),
    });
    return ecs.ContainerImage.fromEcrRepository(repository, tagOrDigest ?? 'latest');
  }
  Annotations.of(scope).addWarningV2(
    'fargate-connect:image-outside-vpc',
    `Image "${image}" is not in ECR: tasks in isolated subnets have no route to other registries. ` +
      'Push it to ECR in this region (or use an ECR pull-through cache) and reference it there.',
  );
  return ecs.ContainerImage.fromRegistry(image);
}
