import { existsSync, mkdirSync, writeFileSync } from 'fs';
import { dirname, join, posix } from 'path';
import { Component, type Project } from 'projen';

/** One file of an app folder, relative to the repository root. */
export interface AppFile {
  readonly path: string;
  readonly contents: string;
}

/**
 * A service's app folder: written once, when the folder does not exist yet, and the
 * user's code from then on (a re-synth never touches it, even to restore a deleted file).
 */
export class AppFolder extends Component {
  private writes = true;

  constructor(
    project: Project,
    /** The folder, relative to the repository root, e.g. `services/orders`. */
    public readonly dir: string,
    private readonly files: Readonly<Record<string, string>>,
  ) {
    super(project);
  }

  /**
   * Hands the files to the caller instead of writing them: `generate()` returns a
   * repository as data, and writing thousands of files into a scratch folder only to
   * read them back was most of its time (17 files a service).
   */
  detach(): AppFile[] {
    this.writes = false;
    return Object.entries(this.files).map(([name, contents]) => ({ path: posix.join(this.dir, name), contents }));
  }

  override synthesize(): void {
    const root = join(this.project.outdir, this.dir);
    if (!this.writes || existsSync(root)) return;
    for (const [name, contents] of Object.entries(this.files)) {
      const abs = join(root, name);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, contents);
    }
  }
}
