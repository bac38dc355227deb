import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { createRequire } from 'node:module';

const { datasets: DATASETS } = createRequire(import.meta.url)('./tools/datasets.registry.json');

/**
 * Module boundaries on three axes: scope (dataset), type (layer) and side (read services vs sync
 * workers). Tests may also reach testing helpers and the source stand-ins they sync from.
 */
function boundaries({ forTests }) {
  const testing = forTests ? ['type:testing'] : [];
  const standIns = forTests ? ['scope:dev-sources'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: true,
      allow: [],
      depConstraints: [
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', ...testing],
        },
        {
          sourceTag: 'type:feature',
          onlyDependOnLibsWithTags: ['type:feature', 'type:data-access', 'type:util', ...testing],
        },
        {
          sourceTag: 'type:data-access',
          onlyDependOnLibsWithTags: ['type:data-access', 'type:util', ...testing],
        },
        { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', ...testing] },
        {
          sourceTag: 'type:testing',
          onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:testing'],
        },
        { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', ...standIns] },
        // One rule per dataset of tools/datasets.registry.json, so a new dataset is constrained at
        // once: its own scope and shared libs; other datasets reach places only through the
        // gazetteer (`access:gazetteer`), and their tests may also seed places.
        ...DATASETS.map(({ name }) => ({
          sourceTag: `scope:${name}`,
          onlyDependOnLibsWithTags: [
            `scope:${name}`,
            'scope:shared',
            ...standIns,
            ...(name === 'places'
              ? []
              : ['access:gazetteer', ...(forTests ? ['scope:places'] : [])]),
          ],
        })),
        {
          sourceTag: 'scope:gateway',
          onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared', ...standIns],
        },
        // End-to-end tests of the whole platform: they run the apps as processes and issue keys.
        {
          sourceTag: 'scope:platform',
          onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway', ...standIns],
        },
        {
          sourceTag: 'scope:dev-sources',
          onlyDependOnLibsWithTags: ['scope:dev-sources', 'scope:shared'],
        },
        // Read services and the gateway never reach queues or write repositories (their tests may
        // seed data through write repositories).
        {
          sourceTag: 'side:read',
          onlyDependOnLibsWithTags: ['side:read', 'side:any', ...(forTests ? ['side:write'] : [])],
          bannedExternalImports: ['bullmq'],
        },
        { sourceTag: 'side:write', onlyDependOnLibsWithTags: ['side:write', 'side:any'] },
        {
          sourceTag: 'side:any',
          onlyDependOnLibsWithTags: ['side:any'],
          bannedExternalImports: ['bullmq'],
        },
      ],
    },
  ];
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.nx',
      'tmp',
      'tools/generators/**/files/**',
      'coverage',
    ],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ forTests: false }),
      // kysely's $if(cond, q => q.where(..., value!)) narrows by condition, which TypeScript cannot follow.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'apps/*-e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ forTests: true }),
    },
  },
];
