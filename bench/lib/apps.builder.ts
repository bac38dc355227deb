import { Options, transformFileSync } from '@swc/core';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT, WORK_DIR } from '../bench.config';

/** Where the build goes: the same tree as the sources, so relative imports and node_modules resolve. */
export const BUILD_DIR = join(WORK_DIR, 'build');

/** The projects the contenders and the sync worker are made of, and the baseline server. */
const SOURCE_DIRS = [
  'apps/places-api/src',
  'apps/places-sync/src',
  'apps/gateway/src',
  'libs',
  'bench/lib',
];
const SKIPPED = /\.spec\.ts$|\/test\/|^libs\/.*\/bench\/|\/jest\.config\.|\/node_modules\//;

function swcOptions(): Options {
  const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const paths = Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, targets]) => [
      alias,
      targets.map((target) => resolve(ROOT, target)),
    ]),
  );
  // What tools/register.js compiles on the fly (tsconfig.base.json), without source maps.
  return {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: ROOT,
      paths,
    },
    module: { type: 'commonjs' },
    sourceMaps: false,
    swcrc: false,
  };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        (file.endsWith('.ts') || file.endsWith('.json')) && !SKIPPED.test(relative(ROOT, file)),
    );
}

/**
 * Compiles the apps and libs to plain JavaScript once, as a production image would run them: the
 * on-the-fly compiler of `tools/register.js` keeps TypeScript and SWC in every process (about
 * 70 MB of RSS), which would swamp the apps' own memory figures.
 */
export function buildApps(): { files: number; seconds: number } {
  const started = performance.now();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const options = swcOptions();
  let files = 0;
  for (const dir of SOURCE_DIRS) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const target = join(BUILD_DIR, relative(ROOT, file));
      mkdirSync(dirname(target), { recursive: true });
      if (file.endsWith('.json')) copyFileSync(file, target);
      else if (!file.endsWith('.d.ts')) {
        const { code } = transformFileSync(file, { ...options, filename: file });
        writeFileSync(target.replace(/\.ts$/, '.js'), code);
      }
      files += 1;
    }
  }
  return { files, seconds: (performance.now() - started) / 1000 };
}

/** The built file of a source file (`apps/places-api/src/main.ts` → its .js in the build). */
export function built(source: string): string {
  return join(BUILD_DIR, source.replace(/\.ts$/, '.js'));
}
