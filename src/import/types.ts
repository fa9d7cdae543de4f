/**
 * The importer's input and output: a Copilot workspace as files in, a raw spec and an
 * import report out. Nothing here touches the disk (the CLI reads the files).
 */
import type { SpecError } from '../spec/types';

/**
 * The files of a Copilot workspace, by POSIX path relative to the workspace root (the
 * folder that holds `copilot/`): `copilot/.workspace`, `copilot/api/manifest.yml`,
 * `copilot/environments/test/manifest.yml`, and any other file under `copilot/` (addons,
 * overrides, pipelines), whose contents only matter for manifests.
 */
export type CopilotFiles = Readonly<Record<string, string>>;

export interface ImportOptions {
  /**
   * The workspace root as an absolute path (only used to write `dockerBuild` paths
   * relative to the repository).
   * @default "/workspace"
   */
  readonly workspaceDir?: string;
  /**
   * Where the repository will be generated, absolute or relative to `workspaceDir`:
   * `dockerBuild` paths are written relative to it.
   * @default "platform" (a folder beside copilot/)
   */
  readonly repositoryDir?: string;
  /**
   * The project name; by default the Copilot application's name, made a valid project
   * name (at most 32 characters, kebab-case).
   */
  readonly name?: string;
}

/**
 * What happened to one Copilot field:
 * - `mapped`: carried over as it was;
 * - `inferred`: a call, read from something visible (an endpoint in a variable);
 * - `adjusted`: carried over with a different value, and you may need to change your code
 *   or the spec (a port below 1024, a task size that rounds up);
 * - `not-mapped`: left out, because this platform has no equivalent;
 * - `not-yet`: left out, because the key that will hold it has not landed yet.
 */
export type EntryStatus = 'mapped' | 'inferred' | 'adjusted' | 'not-mapped' | 'not-yet';

/** One line of the import report. */
export interface ReportEntry {
  /** The file it came from, e.g. `copilot/api/manifest.yml`. */
  readonly file: string;
  /** Its line in that file, when known. */
  readonly line?: number;
  /** The Copilot field, e.g. `image.port` or `environments.prod.count`. */
  readonly field: string;
  /** The value as written (interpolations such as `${COPILOT_APPLICATION_NAME}` verbatim). */
  readonly value?: string;
  readonly status: EntryStatus;
  /** The spec key it became or will become, e.g. `services[1].port`, `environment`. */
  readonly target?: string;
  /** What happened and why. */
  readonly note: string;
  /** What to do about it, when something is left to you. */
  readonly todo?: string;
}

/** One Copilot workload or environment, and what became of it. */
export interface ReportSubject {
  /** The workload's name, `environment <name>`, or `workspace`. */
  readonly name: string;
  /** The Copilot type, e.g. `Backend Service`. */
  readonly type: string;
  readonly file: string;
  /** The spec service it became (`services[1] "api"`), when it became one. */
  readonly mappedTo?: string;
  readonly entries: readonly ReportEntry[];
}

export interface ImportReport {
  readonly application: string;
  readonly environments: readonly string[];
  readonly subjects: readonly ReportSubject[];
  /** Every entry is mapped or inferred: nothing was left out or changed. */
  readonly complete: boolean;
}

export type ImportResult =
  | {
      readonly ok: true;
      /** The spec, as a plain object in the schema's key order: write it as YAML or pass it to `generate`. */
      readonly spec: Record<string, unknown>;
      readonly report: ImportReport;
      readonly errors: readonly [];
    }
  | { readonly ok: false; readonly errors: readonly SpecError[] };
