import { SampleFile, type Project } from 'projen';

/**
 * A file the user owns once it exists (`src/main.ts`): written when missing, never
 * rewritten. A SampleFile that says which path it is, so that `generate()` can mark it
 * as the user's.
 */
export class UserFile extends SampleFile {
  constructor(
    project: Project,
    /** Relative to the repository root. */
    public readonly path: string,
    contents: string,
  ) {
    super(project, path, { contents });
  }
}
