/**
 * The layering of src/ (eslint.config.mjs) catches an upward import: the build's lint step
 * fails on it. Linted as text under a path inside src/, as the build would lint that file.
 */
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: join(__dirname, '..', '..') });

async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(__dirname, '..', '..', path) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the layers of src/', () => {
  it('refuse an upward import: the spec layer importing the CLI', async () => {
    const found = await problems('src/spec/upward.ts', "import { runCli } from '../cli/main';\nexport const x = runCli;\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-restricted-imports: .*src\/spec is below src\/cli: it may import only nothing of src\/ outside itself/);
  });

  it('refuse the plan importing the project type, and the package entry importing the CLI', async () => {
    expect(
      await problems(
        'src/plan/upward.ts',
        "import { FargateConnectProject } from '../project/fargate-connect-project';\nexport const x = FargateConnectProject;\n",
      ),
    ).toHaveLength(1);
    expect(await problems('src/index.ts', "export { runCli } from './cli/main';\n")).toHaveLength(1);
    expect(await problems('src/index.ts', "import { runCli } from './cli/main';\nexport const x = runCli;\n")).toHaveLength(1);
  });

  it('keep src/terminal at the bottom: it imports neither the domain nor the CLI, and only cost, the tasks and the CLI import it', async () => {
    const terminalUp = await problems('src/terminal/upward.ts', "import { estimateCost } from '../cost/estimate';\nexport const x = estimateCost;\n");
    expect(terminalUp).toHaveLength(1);
    expect(terminalUp[0]).toMatch(/src\/terminal is below src\/cost: it may import only nothing of src\/ outside itself/);
    expect(await problems('src/terminal/upward.ts', "import { runCli } from '../cli/main';\nexport const x = runCli;\n")).toHaveLength(1);
    expect(await problems('src/plan/styled.ts', "import { PLAIN } from '../terminal';\nexport const x = PLAIN;\n")).toHaveLength(1);
    expect(await problems('src/cost/styled.ts', "import { PLAIN } from '../terminal';\nexport const x = PLAIN;\n")).toEqual([]);
  });

  it('keep the construct library (src/infra) and the tasks free of the CLI, the project type and projen', async () => {
    const cli = await problems('src/infra/upward.ts', "import { runCli } from '../cli/main';\nexport const x = runCli;\n");
    expect(cli).toHaveLength(1);
    expect(cli[0]).toMatch(/src\/infra is below src\/cli/);
    expect(
      await problems(
        'src/infra/testing/upward.ts',
        "import { FargateConnectProject } from '../../project';\nexport const x = FargateConnectProject;\n",
      ),
    ).toHaveLength(1);
    const projen = await problems('src/infra/upward.ts', "import { Project } from 'projen';\nexport const x = Project;\n");
    expect(projen).toHaveLength(1);
    expect(projen[0]).toMatch(/src\/infra runs in the generated repository without projen/);
    expect(await problems('src/tasks/local/upward.ts', "import { awscdk } from 'projen';\nexport const x = awscdk;\n")).toHaveLength(1);
    expect(await problems('src/tasks/upward.ts', "import { buildPlatform } from '../infra';\nexport const x = buildPlatform;\n")).toHaveLength(1);
  });

  it('allow a downward import', async () => {
    expect(await problems('src/infra/downward.ts', "import { clusterName } from '../plan';\nexport const x = clusterName;\n")).toEqual([]);
    expect(await problems('src/cli/downward.ts', "import { normalizeSpec } from '../spec';\nexport const x = normalizeSpec;\n")).toEqual([]);
  });

  it("keep the repository's loader (src/register) free of everything: it loads first, into every node of a generated repository", async () => {
    const found = await problems('src/register/upward.ts', "import { LIMITS } from '../spec/limits';\nexport const x = LIMITS;\n");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/src\/register is below src\/spec: it may import only nothing of src\/ outside itself/);
    expect(await problems('src/register/upward.ts', "import { Project } from 'projen';\nexport const x = Project;\n")).toHaveLength(1);
  });
});
