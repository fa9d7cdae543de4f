/**
 * Amazon ECR image references. Tasks in the isolated subnets pull images only through the
 * `ecr.api`/`ecr.dkr` endpoints and the S3 gateway, which reach ECR in the VPC's own
 * region: an `image` must be a private ECR repository (possibly a pull-through cache) in
 * the region the platform deploys to.
 *
 * One grammar serves the parser below and the spec's `image` pattern (rules.ts, and the
 * JSON Schema through it).
 */

const ACCOUNT = '[0-9]{12}';
/** Outside China: `us-east-1`, `us-gov-west-1`, `ap-southeast-7`, ... */
const REGION = '(?!cn-)[a-z]{2}(?:-[a-z]+)+-[0-9]+';
/** China: `cn-north-1`, `cn-northwest-1`, served under amazonaws.com.cn. */
const CHINA_REGION = 'cn(?:-[a-z]+)+-[0-9]+';
/** ECR's own rule for repository names (the length, 2-256, is checked apart). */
const REPOSITORY = '[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*';
const TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';

/** The shortest and longest ECR repository names. */
export const ECR_REPOSITORY_LENGTH = { min: 2, max: 256 } as const;

/**
 * `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]`, as
 * ECMA-262 source without capture groups (the JSON Schema pattern of `image`).
 */
export const ECR_IMAGE_PATTERN_SOURCE =
  `^${ACCOUNT}\\.dkr\\.ecr\\.(?:${REGION}\\.amazonaws\\.com|${CHINA_REGION}\\.amazonaws\\.com\\.cn)` +
  `/(?=[^:@]{${ECR_REPOSITORY_LENGTH.min},${ECR_REPOSITORY_LENGTH.max}}(?:[:@]|$))${REPOSITORY}(?::${TAG})?(?:@${DIGEST})?$`;

const PARSER = new RegExp(
  `^(${ACCOUNT})\\.dkr\\.ecr\\.(?:(${REGION})\\.(amazonaws\\.com)|(${CHINA_REGION})\\.(amazonaws\\.com\\.cn))` +
    `/(${REPOSITORY})(?::(${TAG}))?(?:@(${DIGEST}))?$`,
  'u',
);

/** A private ECR image, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1`. */
export interface EcrImage {
  /** The registry's 12-digit AWS account. */
  readonly account: string;
  /** The registry's region; tasks pull only from ECR in the region they run in. */
  readonly region: string;
  /** `amazonaws.com`, or `amazonaws.com.cn` in the China regions. */
  readonly domain: string;
  /** The repository, e.g. `team/app`; for a pull-through cache `<prefix>/<upstream repository>`. */
  readonly repository: string;
  /** The tag, when given. */
  readonly tag?: string;
  /** `sha256:<64 hex digits>`, when given (it wins over the tag when both are). */
  readonly digest?: string;
}

/** The parts of an ECR image reference, or `undefined` when `image` is not one. */
export function parseEcrImage(image: string): EcrImage | undefined {
  const match = PARSER.exec(image);
  if (match === null) return undefined;
  const [, account, region, domain, chinaRegion, chinaDomain, repository, tag, digest] = match;
  if (repository.length < ECR_REPOSITORY_LENGTH.min || repository.length > ECR_REPOSITORY_LENGTH.max) return undefined;
  return {
    account,
    region: region ?? chinaRegion,
    domain: domain ?? chinaDomain,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}
