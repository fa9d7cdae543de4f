import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib/core';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { requireDeployRegion } from './deploy-region';
import { validationError } from './errors';

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repo>[:tag|@digest]` */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@](.+))?$/;

/**
 * The image a service runs.
 *
 * - No `image` in the spec: built from `<servicesDir>/<name>` (its Dockerfile), or from the
 *   spec's `dockerBuild` (the user's own context and Dockerfile, relative to the repository
 *   root), for the service's `arch` (linux/amd64 or linux/arm64), the platform the task
 *   definition declares, whatever machine synthesizes.
 * - An ECR image: referenced as an ECR repository so the execution role is granted the
 *   pull, which goes through the `ecr.*` endpoints. Tasks in isolated subnets reach only
 *   the ECR of their own region, so the stack refuses to deploy anywhere else: at synth
 *   when the stack's region is known, else with a CloudFormation rule that CloudFormation
 *   checks before it changes the stack. The network stack, deployed first, has the same
 *   rule, so a wrong region stops before anything is built.
 *
 * Images outside ECR are refused by the spec (nothing in the VPC could pull them).
 */
export function serviceImage(
  scope: Construct,
  name: string,
  image: string | undefined,
  servicesDir: string,
  dockerBuild?: { readonly context: string; readonly dockerfile: string },
  arch: 'x86_64' | 'arm64' = 'x86_64',
): ecs.ContainerImage {
  // Built for the architecture the task definition declares, whatever machine synthesizes.
  const platform = arch === 'arm64' ? ecrAssets.Platform.LINUX_ARM64 : ecrAssets.Platform.LINUX_AMD64;
  if (image === undefined && dockerBuild !== undefined) {
    const context = path.resolve(dockerBuild.context);
    // A context that holds this repository (code one level up) would copy and hash its
    // node_modules and cdk.out into every asset: leave the repository out.
    const repository = path.relative(context, path.resolve('.'));
    const inside = repository !== '' && !repository.startsWith('..') && !path.isAbsolute(repository);
    return ecs.ContainerImage.fromAsset(context, {
      file: dockerBuild.dockerfile,
      platform,
      ...(inside ? { exclude: [repository.split(path.sep).join('/')] } : {}),
    });
  }
  if (image === undefined) {
    return ecs.ContainerImage.fromAsset(path.join(servicesDir, name), { platform });
  }
  const ecrImage = ECR_IMAGE.exec(image);
  if (!ecrImage) {
    throw validationError(
      scope,
      'ImageNotInEcr',
      `${name}: image "${image}" is not in Amazon ECR; tasks in isolated subnets can only pull from ECR in their own region`,
    );
  }
  const [, account, region, repositoryName, tagOrDigest] = ecrImage;
  requireDeployRegion(scope, 'ImageRegion', region!, imageRegionMessage(name, region!));
  const repository = ecr.Repository.fromRepositoryAttributes(scope, 'ImageRepository', {
    repositoryName: repositoryName!,
    repositoryArn: Stack.of(scope).formatArn({
      service: 'ecr',
      account,
      region,
      resource: 'repository',
      resourceName: repositoryName,
    }),
  });
  return new CachedEcrImage(ecs.ContainerImage.fromEcrRepository(repository, tagOrDigest ?? 'latest'), repository.repositoryArn);
}

/**
 * An ECR image whose repository may be a pull-through cache. Pulling an image the cache
 * does not hold yet makes ECR fetch it upstream with the puller's rights: besides the
 * usual pull, `ecr:BatchImportUpstreamImage`, and `ecr:CreateRepository` on the first pull
 * (AWS: "IAM permissions required to sync an upstream registry with an Amazon ECR private
 * registry"). Both go to the execution role, on the image's repository only; for a plain
 * repository they are never used. Nothing in the URI tells a cache from a plain repository.
 */
class CachedEcrImage extends ecs.ContainerImage {
  constructor(
    private readonly image: ecs.ContainerImage,
    private readonly repositoryArn: string,
  ) {
    super();
  }

  bind(scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    const config = this.image.bind(scope, containerDefinition);
    containerDefinition.taskDefinition.obtainExecutionRole().addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository'],
        resources: [this.repositoryArn],
      }),
    );
    return config;
  }
}

/** Why a service's ECR image pins the platform to the image's region, and what to do. */
export function imageRegionMessage(name: string, region: string): string {
  return (
    `${name} runs an image from ECR in ${region}; tasks in isolated subnets can pull only ` +
    `from ECR in the region they run in. Deploy to ${region}, or replicate the image to this ` +
    'region (ECR replication or a pull-through cache) and use that URI.'
  );
}

/** The ECR region of an image URI, or undefined for an image outside ECR (or none). */
export function ecrImageRegion(image: string | undefined): string | undefined {
  return image === undefined ? undefined : ECR_IMAGE.exec(image)?.[2];
}
