/**
 * The deploy pipeline of a repository whose spec has `stages` (issue 15): the tasks it runs
 * and the GitHub Actions workflow (`.github/workflows/deploy.yml`), written by projen like
 * the build workflow. Without stages nothing here is added.
 *
 * On a push to main: one build job (the CI build, whose synth is the only one: `cdk.out`
 * goes to the stage jobs as an artifact, with the image assets built once), then one job
 * per stage in spec order, each in the GitHub environment named after its stage (required
 * reviewers there are the `approval`), with OIDC credentials of the stage's role, deploying
 * that stage's stacks from the artifact, then its smoke test.
 */
import { github, type javascript } from 'projen';
import { stageOutputsFile, stageStackPattern, type Plan, type PlannedStage } from '../plan';
import { TASK_RUNNER } from './commands';

/**
 * Actions the deploy workflow uses besides projen's own, pinned (both run on node24; the
 * node20 releases before them run on a runtime GitHub retires).
 */
export const PIPELINE_ACTIONS = {
  // The release projen itself pins (its ActionRefs), an immutable release.
  configureAwsCredentials: 'aws-actions/configure-aws-credentials@v6.2.3',
  // v4.2.0, by commit.
  setupQemu: 'docker/setup-qemu-action@96fe6ef7f33517b61c61be40b68a1882f3264fb8',
} as const;

/** Where the build job leaves the images it built (the images task's default). */
export const IMAGES_DIR = '.images';

const CDK_OUT_ARTIFACT = 'cdk-out';
/**
 * How long the build's artifacts outlive it: as long as GitHub lets a job wait for an
 * environment's approval (30 days), so a stage approved late still finds what it deploys.
 */
const ARTIFACT_DAYS = 30;
const IMAGES_ARTIFACT = 'images';

/** A stage's deploy job id. */
export function deployJobId(stage: string): string {
  return `deploy-${stage}`;
}

/** The stages of a plan, or none. */
export function planStages(plan: Plan): readonly PlannedStage[] {
  return plan.stages ?? [];
}

/** The services some stage builds an image for (everything but an `image`), and whether any is for arm64. */
export function imageBuilds(plan: Plan): { readonly any: boolean; readonly arm64: boolean } {
  const built = planStages(plan).flatMap((s) => s.plan.services.filter((svc) => svc.image === undefined));
  return { any: built.length > 0, arm64: built.some((s) => s.arch === 'arm64') };
}

/** The deploy pipeline's tasks: `smoke:<stage>` per stage, `images`, and `deploy-policy` (a build step). */
export function addPipelineTasks(project: javascript.NodeProject, plan: Plan): void {
  const stages = planStages(plan);
  if (stages.length === 0) return;
  project.addTask('images', {
    description: `Build every Docker image asset of cdk.out once and save them in ${IMAGES_DIR}/ (images build), or load them before a stage's deploy (images load --stage <name>)`,
    exec: `${TASK_RUNNER} images`,
    receiveArgs: true,
  });
  for (const stage of stages) {
    project.addTask(`smoke:${stage.name}`, {
      description: `After a deploy of ${stage.name} (with its credentials and ${stageOutputsFile(stage.name)}): public services answer through the load balancer, /ready is 200, every ECS service is steady`,
      exec: `${TASK_RUNNER} smoke ${stage.name}`,
      receiveArgs: true,
    });
  }
  const policy = project.addTask('deploy-policy', {
    description:
      "Write deploy/cloudformation-execution-policy-<n>.json (the managed policies cdk bootstrap gives CloudFormation, each within IAM's size limit) from the stacks in cdk.out (a step of the build; commit the files)",
    exec: `${TASK_RUNNER} deploy-policy`,
  });
  project.postCompileTask.spawn(policy);
  project.gitignore.exclude(`/${IMAGES_DIR}/`, '/cdk-outputs-*.json');
}

/** `.github/workflows/deploy.yml`; nothing without stages or without GitHub. */
export function addDeployWorkflow(project: javascript.NodeProject, plan: Plan): void {
  const stages = planStages(plan);
  if (stages.length === 0 || !project.github) return;
  const images = imageBuilds(plan);
  const workflow = project.github.addWorkflow('deploy');
  workflow.on({ push: { branches: ['main'] }, workflowDispatch: {} });

  workflow.addJob('build', {
    name: 'build once',
    runsOn: ['ubuntu-latest'],
    permissions: { contents: github.workflows.JobPermission.READ },
    env: { CI: 'true' },
    steps: [
      github.WorkflowSteps.checkout(),
      ...project.renderWorkflowSetup({ mutable: false }),
      ...(images.arm64
        ? [{ name: 'Emulate arm64 for the arm64 images (QEMU)', uses: PIPELINE_ACTIONS.setupQemu, with: { platforms: 'arm64' } }]
        : []),
      // The build synthesizes (in its compile step): that cdk.out is what every stage deploys.
      { name: 'Build, test and synthesize', run: 'npx projen build' },
      ...(images.any ? [{ name: 'Build each image once, for every stage', run: `npx projen images build --out ${IMAGES_DIR}` }] : []),
      github.WorkflowSteps.uploadArtifact({ with: { name: CDK_OUT_ARTIFACT, path: 'cdk.out', retentionDays: ARTIFACT_DAYS } }),
      ...(images.any
        ? [
            // upload-artifact (v4.4 on) leaves out hidden files, and every file under a
            // dot-folder counts as one: without this the upload finds nothing and fails.
            github.WorkflowSteps.uploadArtifact({
              with: { name: IMAGES_ARTIFACT, path: IMAGES_DIR, retentionDays: ARTIFACT_DAYS, ifNoFilesFound: 'error', includeHiddenFiles: true },
            }),
          ]
        : []),
    ],
  });

  let previous = 'build';
  for (const stage of stages) {
    const id = deployJobId(stage.name);
    workflow.addJob(id, {
      name: `deploy ${stage.name}${stage.approval ? ' (approval)' : ''}`,
      needs: [previous],
      runsOn: ['ubuntu-latest'],
      // The environment's protection rules (required reviewers for `approval: true`) hold the
      // job; its name is the OIDC subject the stage role trusts.
      environment: stage.name,
      // One deploy of a stage at a time; a newer run waits, and a running deploy is never cancelled.
      concurrency: { group: `deploy-${stage.name}`, 'cancel-in-progress': false },
      permissions: { idToken: github.workflows.JobPermission.WRITE, contents: github.workflows.JobPermission.READ },
      env: { CI: 'true' },
      steps: [
        github.WorkflowSteps.checkout(),
        ...project.renderWorkflowSetup({ mutable: false }),
        github.WorkflowSteps.downloadArtifact({ with: { name: CDK_OUT_ARTIFACT, path: 'cdk.out' } }),
        ...(images.any
          ? [
              github.WorkflowSteps.downloadArtifact({ with: { name: IMAGES_ARTIFACT, path: IMAGES_DIR } }),
              { name: 'Load the images built once', run: `npx projen images load --from ${IMAGES_DIR} --stage ${stage.name}` },
            ]
          : []),
        {
          name: `Assume the ${stage.name} deploy role (OIDC)`,
          uses: PIPELINE_ACTIONS.configureAwsCredentials,
          with: { 'role-to-assume': stage.deployRoleArn, 'aws-region': stage.region, 'role-session-name': `deploy-${stage.name}` },
        },
        {
          name: `Deploy ${stage.name} (${stage.account}, ${stage.region})`,
          // The build's assembly, not a new synth; cdk-assets finds the loaded images and only pushes them.
          run: `npx cdk deploy --app cdk.out '${stageStackPattern(stage.name)}' --require-approval never --outputs-file ${stageOutputsFile(stage.name)}`,
        },
        { name: `Smoke test ${stage.name}`, run: `npx projen smoke:${stage.name}` },
      ],
    });
    previous = id;
  }
}

/**
 * The pull-request workflow's plan job with stages: one plan per stage (a matrix), each
 * comparing that stage's synthesis with its record on the base branch.
 */
export function planJobMatrix(plan: Plan): { readonly stages: readonly string[] } | undefined {
  const stages = planStages(plan);
  return stages.length > 0 ? { stages: stages.map((s) => s.name) } : undefined;
}
