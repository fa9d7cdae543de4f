import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, isAbsolute, join, resolve } from 'path';
import { awscdk, Component, github, javascript, TextFile, typescript } from 'projen';
import { AppFolder } from './app-folder';
import { takeOver, type PlannedSpec } from './handoff';
import {
  formatPlacement,
  hasAppFolder,
  PLACEMENT_FILE,
  placementErrors,
  planPlatform,
  readPlacement,
  type Placement,
  type Plan,
  type PlannedStage,
} from '../plan';
import { renderFiles, renderProjenrc, type RenderedFile } from '../render';
import { normalizeSpec } from '../spec/normalize';
import { formatError } from '../spec/types';
import { CDK_FEATURE_FLAGS } from './cdk-feature-flags';
import { CDK_VERSION, ESBUILD_VERSION, GENERATED_DEPS, GENERATED_DEV_DEPS, PACKAGE_NAME, PACKAGE_VERSION, PROJEN_VERSION } from './versions';
import { markerFor } from './marker';
import { UserFile } from './user-file';
import type { FargateConnectProjectOptions } from './options';
import { projenNewMarker, toRawSpec } from './to-raw-spec';
import { RECORD_FILE } from '../day-two/record-file';
import { infraSwitchContext } from './infra-switches';
import { COMPILE, PROJENRC_RUNNER, SYNTH_APP, TASK_RUNNER, TASKS_PATH } from './commands';
import { addDeployWorkflow, addPipelineTasks, planJobMatrix } from './deploy-pipeline';

/**
 * A projen project type for a platform of ECS Fargate services wired by Service Connect.
 *
 * The spec lives in the options (the repository's `.projenrc.ts`); every `npx projen`
 * regenerates the infrastructure derived from it and adds app folders for new services,
 * never touching files the user owns (`services/*`, `src/main.ts`).
 *
 * @pjid fargate-connect
 */
export class FargateConnectProject extends awscdk.AwsCdkTypeScriptApp {
  /** Services in the spec that have an app folder under `services/`. */
  public readonly serviceNames: string[];

  constructor(options: FargateConnectProjectOptions) {
    // `projen new --from create-fargate-connect@...` constructs the project with its own
    // bootstrap record in the options; a `.projenrc.ts` or the CLI never passes one.
    const projenNew = projenNewMarker(options);
    const outdir = options.outdir ?? '.';
    // The generator hands over the spec it planned; `.projenrc.ts` and `projen new` pass it
    // in the options, to be normalized and planned here.
    const planned: PlannedSpec & { readonly rawSpec?: Record<string, unknown> } = takeOver(options) ?? planOptions(options, projenNew, outdir);
    const { spec, plan, rawSpec } = planned;
    const infraSwitches = infraSwitchContext(options.infraSwitches, { creating: projenNew !== undefined, ejected: options.infraEjected === true });
    const generatorDependency = options.generatorDependency ?? existingGeneratorDependency(outdir, projenNew !== undefined) ?? `^${PACKAGE_VERSION}`;

    super({
      // projen's bootstrap record goes on to the base class, which runs the
      // project-creation hooks with it (and honours `projen new --no-synth`).
      ...(projenNew !== undefined ? ({ __new__: projenNew } as object) : {}),
      name: spec.name,
      outdir,
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      projenrcTs: true,
      // `npx projen` runs .projenrc.ts without type-checking it: the compile task checks it
      // with everything else (tsconfig.dev.json), once per build. tsx, not ts-node.
      runner: typescript.TypeScriptRunner.tsx(),
      projenrcTsOptions: { runner: typescript.TypeScriptRunner.tsx() },
      cdkVersion: CDK_VERSION,
      // The npm `latest` tag of aws-cdk (3.x) cannot read assemblies from aws-cdk-lib 2.
      cdkCliVersion: '^2',
      // tsx starts the app without type-checking it (the compile task does that), which
      // cut one app's synth from 24 s to 4.5 s here; not through npx, which resolved tsx
      // again on every synth.
      app: SYNTH_APP,
      typescriptVersion: '~5.9',
      minNodeVersion: '20.19.0',
      // The workflows run Node 22 (Node 20 reached its end of life in April 2026); nothing
      // the generated repository installs needs 20, and minNodeVersion keeps 20 for laptops:
      // 20.19, whose require loads ES modules (vite, under vitest, needs it; so does
      // create-fargate-connect/register to leave dependencies to Node).
      workflowNodeVersion: '22',
      jest: false,
      eslint: false,
      sampleCode: false,
      release: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      // The repository's CI is the build workflow (npx projen build on every push and PR).
      githubOptions: { mergify: false, pullRequestLint: false },
      licensed: false,
      lambdaAutoDiscover: false,
      edgeLambdaAutoDiscover: false,
      lambdaExtensionAutoDiscover: false,
      integrationTestAutoDiscover: false,
      context: {
        // The flags a new `cdk init` app gets, so the platform behaves like one.
        ...CDK_FEATURE_FLAGS,
        // Fail synth on any resource that does not match its CloudFormation schema.
        '@aws-cdk/core:validateAgainstDefaultRules': true,
        // create-fargate-connect/infra's own switches (src/infra/switches.ts), as .projenrc.ts lists them.
        ...infraSwitches,
      },
      deps: [...GENERATED_DEPS],
      devDeps: [...GENERATED_DEV_DEPS, `${PACKAGE_NAME}@${generatorDependency}`],
      tsconfigDevFile: 'tsconfig.dev.json',
      tsconfigDev: {
        include: ['.projenrc.ts', 'services/*/src/**/*.ts', 'services/*/test/**/*.ts', 'scripts/**/*.ts', 'vitest.config.mts'],
        exclude: ['cdk.out', 'services/*/node_modules', 'services/*/dist'],
        // aws-cdk-lib's own declarations need no re-checking: halves the compile step.
        compilerOptions: { skipLibCheck: true },
      },
      projenVersion: PROJEN_VERSION,
      bundlerOptions: { esbuildVersion: ESBUILD_VERSION },
      // npm 11 runs dependencies' install scripts only where package.json approves them
      // (and warns about the others on every install); esbuild's checks its platform binary.
      allowScripts: ['esbuild'],
    });

    // projen's own components add some tools unversioned ("*"), which projen would then
    // rewrite in package.json after the first install; pin them instead.
    this.addDevDeps(...GENERATED_DEV_DEPS);
    // Nothing runs ts-node (tsx runs .projenrc.ts, the app and the tasks): not installed.
    this.deps.removeDependency('ts-node');
    this.trimInnerLoop();

    const files = renderFiles(plan);
    this.serviceNames = plan.services.filter(hasAppFolder).map((s) => s.name);
    this.addGeneratedFiles(files);
    // Read back on the next synth: once placed, a service never moves to another stack.
    new TextFile(this, PLACEMENT_FILE, { lines: formatPlacement(plan).trimEnd().split('\n'), marker: false });
    this.configureTasks(plan);
    addPipelineTasks(this, plan);
    this.addPlanJob(plan);
    addDeployWorkflow(this, plan);
    this.gitignore.exclude('.local/', 'coverage/', 'services/*/dist/', 'services/*/node_modules/');

    if (projenNew !== undefined && rawSpec !== undefined) new ProjenrcBootstrap(this, renderProjenrc(rawSpec, infraSwitches));
  }

  override preSynthesize(): void {
    super.preSynthesize();
    // Removing a service from the spec never deletes its code: say what is left behind.
    const dir = join(this.outdir, 'services');
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !this.serviceNames.includes(entry.name)) {
        this.logger.warn(
          `services/${entry.name} is no longer in the spec: its infrastructure was removed, its code was left in place. Delete the folder when you no longer need it.`,
        );
      }
    }
  }

  private addGeneratedFiles(files: readonly RenderedFile[]): void {
    const userDirs = new Map<string, Record<string, string>>();
    for (const f of files) {
      if (f.owner === 'managed') {
        const marker = markerFor(f.path);
        const text = marker ? `${marker}\n${f.contents}` : f.contents;
        new TextFile(this, f.path, { lines: text.split('\n'), marker: false });
        continue;
      }
      const serviceDir = /^services\/[^/]+/.exec(f.path)?.[0];
      if (serviceDir) {
        const files = userDirs.get(serviceDir) ?? {};
        files[f.path.slice(serviceDir.length + 1)] = f.contents;
        userDirs.set(serviceDir, files);
      } else {
        new UserFile(this, f.path, f.contents);
      }
    }
    // An app folder is written only when it does not exist: after that it is the user's.
    for (const [dir, dirFiles] of userDirs) new AppFolder(this, dir, dirFiles);
  }

  /**
   * What every synth and task paid for and did nothing (issue 19): cdk.json's `build`
   * (`npx projen bundle` before every synth, for a bundle task with no steps: this app has
   * no Lambda handlers), and projen's PATH for its tasks, which it asks npx for
   * (`npx -c "node --print process.env.PATH"`, about a second) before each task it runs.
   * The same PATH (this repository's node_modules/.bin first) starts no process here
   * (`TASKS_PATH`, projen's shell builtins).
   */
  private trimInnerLoop(): void {
    this.cdkConfig.json.addDeletionOverride('build');
    this.tasks.addEnvironment('PATH', TASKS_PATH);
    // projen's tsx runner would start the tsx CLI (two node processes and the ESM loader).
    this.defaultTask!.reset(PROJENRC_RUNNER);
  }

  private configureTasks(platform: Plan): void {
    // Type-check everything (infra, tests, apps, scripts) while the app synthesizes (tsx
    // runs the sources as they are): side by side, the build waits for the longer of the
    // two only. post-compile then records that synthesis; projen's own post-compile step,
    // synth:silent, is the compile's second half.
    this.compileTask.reset(COMPILE);
    this.compileTask.description = 'Type-check everything and synthesize the app into cdk.out, side by side';
    this.postCompileTask.reset();
    this.testTask.reset('vitest run', { receiveArgs: true });
    if (platform.stages !== undefined && platform.stages.length > 0) this.configureStageTasks(platform.stages);
    else {
      // The platform is several stacks: every CDK command that acts on stacks acts on all of
      // them, in dependency order (reverse order for destroy). Extra arguments pass through,
      // e.g. `--require-approval never` for an unattended deploy, or `--profile`.
      this.tasks.tryFind('deploy')?.reset('cdk deploy --all', { receiveArgs: true });
      this.tasks.tryFind('destroy')?.reset('cdk destroy --all', { receiveArgs: true });
      this.tasks.tryFind('diff')?.reset('cdk diff --all', { receiveArgs: true });
      this.tasks.tryFind('watch')?.reset('cdk watch --all', { receiveArgs: true });
      // cdk deploy needs the CDK's bootstrap stack (asset bucket and ECR repository, deploy
      // roles) in the target account and region, and stops before anything else without it.
      // The app's stacks are region-agnostic: this bootstraps the credentials' account and region.
      this.addTask('bootstrap', {
        description:
          'Prepare the account and region of your AWS credentials for cdk deploy (cdk bootstrap): once per account and region, before the first deploy',
        exec: 'cdk bootstrap',
        receiveArgs: true,
      });
    }
    // Each task is create-fargate-connect's, run by the one glue file (scripts/tasks.ts).
    this.addTask('local', {
      description: 'Run every service on loopback, wired as on ECS (Ctrl-C stops them all)',
      exec: `${TASK_RUNNER} local`,
      receiveArgs: true,
    });
    this.addTask('cost', {
      description: 'Print the baseline monthly cost estimate of the current spec (endpoints vs NAT gateways)',
      exec: `${TASK_RUNNER} cost`,
    });
    // The build records the synthesis compile made, so the next plan has a "before":
    // CI's check for files changed by the build then makes every pull request commit it.
    const record = this.addTask('record', {
      description: `Record the synthesis in cdk.out in ${RECORD_FILE} (a step of the build; commit the file)`,
      exec: `${TASK_RUNNER} record`,
    });
    this.postCompileTask.spawn(record);
    this.addTask('eject-infra', {
      description: 'Copy the infrastructure library into src/infra as your own code, once (docs/INFRA.md of create-fargate-connect)',
      exec: `${TASK_RUNNER} eject-infra`,
    });
    const plan = this.addTask('plan', {
      description: `Compare this synthesis with the one recorded in ${RECORD_FILE} (as committed at HEAD, --base <ref> or --record <file>): spec changes, deploy hazards; exit 1 when the deploy would fail or stop a service`,
    });
    // Regenerate from .projenrc.ts first, so an edited spec is never planned from stale code.
    plan.spawn(this.defaultTask!);
    plan.exec(`${TASK_RUNNER} plan`, { receiveArgs: true });
  }

  /**
   * With stages, each CDK command acts on one stage: `deploy:<stage>` deploys the stacks of
   * that CDK Stage (`cdk deploy '<stage>/*'`: the CLI matches a stage's stacks by their
   * path, and deploys them in dependency order), with the credentials of its account.
   * `cdk deploy --all` selects only top-level stacks, of which a staged app has none; the
   * plain tasks say which to run instead and fail, so that no command deploys every stage
   * with one set of credentials.
   */
  private configureStageTasks(stages: readonly PlannedStage[]): void {
    const names = stages.map((st) => st.name);
    const per = (verb: string) => names.map((n) => `npx projen ${verb}:${n}`).join(', ');
    for (const verb of ['deploy', 'destroy', 'diff', 'watch', 'bootstrap']) {
      const task = this.tasks.tryFind(verb) ?? this.addTask(verb);
      task.reset();
      task.description = `This platform has stages (${names.join(', ')}): run ${verb === 'watch' ? 'deploy' : verb}:<stage>`;
      task.exec(
        `echo ${shellQuote(`The platform has stages: run one of ${per(verb === 'watch' ? 'deploy' : verb)}, with credentials for its account.`)} >&2; exit 1`,
      );
    }
    for (const st of stages) {
      const where = `${st.name} (account ${st.account}, ${st.region})`;
      const stacks = shellQuote(`${st.name}/*`);
      this.addTask(`deploy:${st.name}`, {
        description: `Deploy the stacks of stage ${where}, in dependency order, with credentials for its account`,
        exec: `cdk deploy ${stacks}`,
        receiveArgs: true,
      });
      this.addTask(`diff:${st.name}`, {
        description: `Compare stage ${where} with what is deployed`,
        exec: `cdk diff ${stacks}`,
        receiveArgs: true,
      });
      this.addTask(`destroy:${st.name}`, {
        description: `Delete the stacks of stage ${where}`,
        exec: `cdk destroy ${stacks}`,
        receiveArgs: true,
      });
      this.addTask(`bootstrap:${st.name}`, {
        description: `Prepare account ${st.account} in ${st.region} for cdk deploy (cdk bootstrap), once, before stage ${st.name}'s first deploy`,
        exec: `cdk bootstrap aws://${st.account}/${st.region}`,
        receiveArgs: true,
      });
    }
  }

  /**
   * A `plan` job beside `build` in the pull-request workflow: the merged change against
   * the record committed on the base branch, its report in the job summary. A job of its
   * own so that a hazard shows as a failed check of its own: a build failure means
   * "broken", a plan failure means "deploying this fails or interrupts a service", which
   * a reviewer may still accept (a rename with downtime) by merging without that check.
   */
  private addPlanJob(plan: Plan): void {
    const workflow = this.buildWorkflow?.workflow;
    if (!workflow) return;
    // With stages, one plan per stage: each compares that stage's synthesis with its record.
    const matrix = planJobMatrix(plan);
    workflow.addJob('plan', {
      name: matrix ? 'plan ${{ matrix.stage }}' : 'plan',
      ...(matrix ? { strategy: { failFast: false, matrix: { domain: { stage: [...matrix.stages] } } } } : {}),
      if: "github.event_name == 'pull_request'",
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      steps: [
        // The pull request's merge commit (checkout's default), with the whole history, so
        // the base commit and its record are there whatever branch the change comes from.
        github.WorkflowSteps.checkout({ with: { fetchDepth: 0 } }),
        ...this.renderWorkflowSetup({ mutable: false }),
        {
          name: 'Plan the deploy against the base branch',
          env: { BASE_SHA: '${{ github.event.pull_request.base.sha }}', ...(matrix ? { STAGE: '${{ matrix.stage }}' } : {}) },
          run: [
            'set +e',
            `npx projen plan --base "$BASE_SHA"${matrix ? ' --stage "$STAGE"' : ''} | tee plan.txt`,
            'status=${PIPESTATUS[0]}',
            '{',
            `  echo "## npx projen plan${matrix ? ' --stage $STAGE' : ''}: exit $status"`,
            "  echo '```'",
            '  cat plan.txt',
            "  echo '```'",
            '} >> "$GITHUB_STEP_SUMMARY"',
            'exit $status',
          ].join('\n'),
        },
      ],
    });
  }
}

/**
 * The `.projenrc.ts` of a repository created by `projen new`: the CLI's, with the whole spec.
 *
 * projen would render one of its own from the command-line options, without `services`
 * (a struct array cannot be a flag), hiding the spec the user is meant to edit. This one
 * is written during synthesis, before projen's bootstrap (which keeps an existing file),
 * and again in the project-creation hook, which is all `projen new --no-synth` runs
 * (after projen's bootstrap: that file was written by this very run, so it is replaced).
 * A .projenrc.ts that existed before is never touched.
 */
class ProjenrcBootstrap extends Component {
  private readonly path: string;
  private readonly existed: boolean;

  constructor(
    project: FargateConnectProject,
    private readonly contents: string,
  ) {
    super(project);
    this.path = join(project.outdir, '.projenrc.ts');
    this.existed = existsSync(this.path);
  }

  override synthesize(): void {
    if (!existsSync(this.path)) this.write();
  }

  override projectCreation(): void {
    if (!this.existed) this.write();
  }

  private write(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, this.contents);
    chmodSync(this.path, 0o644);
  }
}

/**
 * The spec in the options (a `.projenrc.ts`, or `projen new`), normalized and planned with
 * the repository's placement; an invalid one throws, naming where it came from.
 */
function planOptions(
  options: FargateConnectProjectOptions,
  projenNew: unknown,
  outdir: string,
): PlannedSpec & { readonly rawSpec: Record<string, unknown> } {
  const rawSpec = toRawSpec(options);
  const result = normalizeSpec(rawSpec);
  if (!result.ok) {
    const nameHint = result.errors.some((e) => e.path === 'name') ? " (the name is the directory's unless --name is given)" : '';
    const source = projenNew !== undefined ? `the options of projen new${nameHint}` : '.projenrc.ts';
    throw new Error(`The fargate-connect spec in ${source} is invalid:\n${result.errors.map((e) => `  ${formatError(e)}`).join('\n')}`);
  }
  const plan = planPlatform(result.spec, { placement: existingPlacement(outdir) });
  const tooLarge = placementErrors(result.spec.services, plan);
  if (tooLarge.length > 0) throw new Error(tooLarge.map((e) => formatError(e)).join('\n'));
  return { spec: result.spec, plan, rawSpec };
}

/**
 * The create-fargate-connect spec an existing package.json already uses, to keep it stable.
 *
 * `projen new --from create-fargate-connect@file:/abs/x.tgz` first installs the module
 * with `npm install --save-dev`, and npm records the `file:` spec relative to the
 * package (`file:../../abs/x.tgz`). On creation such a spec is made absolute again, so
 * the repository names the tarball as `--from` (and the CLI) did; later synths keep
 * whatever package.json says.
 */
function existingGeneratorDependency(outdir: string, creating: boolean): string | undefined {
  let spec: unknown;
  try {
    spec = JSON.parse(readFileSync(join(outdir, 'package.json'), 'utf-8')).devDependencies?.[PACKAGE_NAME];
  } catch {
    return undefined;
  }
  if (typeof spec !== 'string') return undefined;
  const path = /^file:(.+)$/.exec(spec)?.[1];
  return creating && path !== undefined && !isAbsolute(path) ? `file:${resolve(outdir, path)}` : spec;
}

/**
 * The placement the repository already has (its committed stack-placement.json), so no
 * service moves to another stack; none for a new repository.
 */
function existingPlacement(outdir: string): Placement | undefined {
  const file = join(outdir, PLACEMENT_FILE);
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf-8'));
  } catch (err) {
    throw new Error(`${PLACEMENT_FILE} is not valid JSON (${(err as Error).message}); restore it from git`);
  }
  const { placement, errors } = readPlacement(raw);
  if (!placement) throw new Error(`${PLACEMENT_FILE} is invalid:\n${errors.map((e) => `  ${formatError(e)}`).join('\n')}`);
  return placement;
}

/** A word for the shell, in single quotes (stage names and accounts are validated; this keeps them words). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}
