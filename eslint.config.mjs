// Lint for the generator, and the layering of src/: each layer imports only the layers
// below it, so the pure core never reaches the edges (no module reads the disk or prompts
// because it imported the CLI). `npx projen build` runs it (post-compile: lint).
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, bottom first, and what each may import. A folder not listed may
 * import nothing of src/ outside itself.
 */
const LAYERS = {
  // Output for a terminal (widths, wrapping, emphasis, steps): knows nothing of the domain.
  terminal: [],
  // How a generated repository runs its TypeScript (create-fargate-connect/register): loaded
  // before anything else in its node, so it loads nothing of src/.
  register: [],
  spec: [],
  transition: [],
  plan: ['spec'],
  cost: ['spec', 'plan', 'terminal'],
  'day-two': ['spec', 'plan', 'transition'],
  // The generated repository's tasks (create-fargate-connect/tasks): run there, by its glue.
  tasks: ['terminal', 'spec', 'plan', 'cost', 'transition', 'day-two'],
  // The construct library (create-fargate-connect/infra): its testing helpers start the
  // local runner (tasks); nothing above it, never projen (EXTERNAL below).
  infra: ['spec', 'plan', 'tasks'],
  import: ['spec', 'plan', 'cost'],
  render: ['spec', 'plan', 'cost', 'transition', 'day-two'],
  // The project type reads the library's switch table (src/infra/switches.ts).
  project: ['spec', 'plan', 'cost', 'transition', 'day-two', 'render', 'infra'],
  api: ['spec', 'plan', 'cost', 'transition', 'day-two', 'tasks', 'infra', 'import', 'render', 'project'],
  cli: ['terminal', 'spec', 'plan', 'cost', 'transition', 'day-two', 'tasks', 'infra', 'import', 'render', 'project', 'api'],
};

/**
 * Packages a layer may not import: the library and the tasks run in the generated
 * repository's app and tasks, where projen is only the build tool.
 */
const EXTERNAL = {
  infra: ['projen', 'projen/*'],
  tasks: ['projen', 'projen/*'],
  register: ['projen', 'projen/*'],
};
const ALL = Object.keys(LAYERS);

/** `no-restricted-imports` for one layer: every other layer it may not use, by relative path. */
function layerRule(layer, allowed) {
  const forbidden = ALL.filter((other) => other !== layer && !allowed.includes(other));
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((other) => ({
              group: [`../${other}`, `../${other}/*`, `../../${other}`, `../../${other}/*`, `../../../${other}`, `../../../${other}/*`],
              message: `src/${layer} is below src/${other}: it may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(', ') : 'nothing of src/ outside itself'} (eslint.config.mjs, LAYERS).`,
            })),
            ...(EXTERNAL[layer]
              ? [
                  {
                    group: EXTERNAL[layer],
                    message: `src/${layer} runs in the generated repository without projen: it may not import ${EXTERNAL[layer][0]} (eslint.config.mjs, EXTERNAL).`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'lib/**',
      'dist/**',
      'node_modules/**',
      'test/golden/**',
      'test/scratch/**',
      'templates/**',
      '.tmp/**',
      'out/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // What type-checking does not already catch.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-debugger': 'error',
      '@typescript-eslint/no-require-imports': 'error',
    },
  },
  ...Object.entries(LAYERS).map(([layer, allowed]) => layerRule(layer, allowed)),
  {
    // The package's entry exports the front doors; like every module but the CLI itself,
    // it never imports src/cli (the CLI is the edge: it prompts, prints and exits).
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['./cli', './cli/*'], message: 'src/index.ts never imports src/cli: put what it needs in src/api.' }] },
      ],
    },
  },
);
