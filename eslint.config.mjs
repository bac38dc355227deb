import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { datasets: DATASETS } = require('./tools/datasets.registry.json');

/** Scopes that are not datasets, each with its rule below. */
const OTHER_SCOPES = ['shared', 'gateway', 'platform', 'dev-sources'];

// A project whose scope has no rule would be unconstrained without a word: refuse to lint instead.
for (const root of ['apps', 'libs', 'tools']) {
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    if (
      !file.endsWith('project.json') ||
      file.includes('node_modules') ||
      file.includes('files/')
    ) {
      continue;
    }
    const { name, tags = [] } = require(`./${root}/${file}`);
    for (const tag of tags.filter((t) => t.startsWith('scope:'))) {
      const scope = tag.slice('scope:'.length);
      if (!OTHER_SCOPES.includes(scope) && !DATASETS.some((d) => d.name === scope)) {
        throw new Error(
          `project ${name} has ${tag}, which no boundary rule covers: add the dataset to tools/datasets.registry.json (the dataset generator does) or the scope to OTHER_SCOPES in eslint.config.mjs`,
        );
      }
    }
  }
}

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
    // Tests and the testing libs they use (fixtures may come from the stand-ins).
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'apps/*-e2e/**/*.ts', 'libs/*/testing/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries({ forTests: true }),
    },
  },
];
