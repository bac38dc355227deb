import { Options, transformFileSync } from '@swc/core';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { DATASETS } from '../datasets';

/** The repository root. */
export const ROOT = join(__dirname, '..', '..');

/** Test, bench and config files: never part of a build. */
const SKIPPED = /\.spec\.ts$|\/test\/|^libs\/.*\/bench\/|\/jest\.config\.|\/node_modules\//;

/** What the image runs: every app, the libs they import, the migrations runner and the keys CLI. */
export const IMAGE_SOURCES: readonly string[] = [
  'apps/gateway/src',
  ...DATASETS.flatMap((d) => [`apps/${d.api.project}/src`, `apps/${d.sync.project}/src`]),
  'apps/dev-sources/src',
  'libs',
  'tools/db',
  'tools/scripts/keys.ts',
];

/** Where the image build goes, relative to the root (the Dockerfile copies it to the runtime stage). */
export const IMAGE_BUILD_DIR = 'dist';

/** The Dockerfile's build step (checked against the Dockerfile by tools/deploy's tests). */
export const IMAGE_BUILD_COMMAND = 'node -r ./tools/register.js tools/build/build-image.ts';

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

function sourceFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        (file.endsWith('.ts') || file.endsWith('.json')) && !SKIPPED.test(relative(ROOT, file)),
    );
}

/**
 * Compiles the given source folders and files (relative to the root) to plain JavaScript in `outDir`, which
 * mirrors the source tree so that relative imports, path aliases (rewritten to relative paths) and
 * node_modules resolve as they do from the sources. JSON files are copied. `outDir` is emptied first.
 */
export function buildApps(
  outDir: string,
  sources: readonly string[],
): { files: number; seconds: number } {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  const options = swcOptions();
  let files = 0;
  for (const source of sources) {
    for (const file of sourceFiles(join(ROOT, source))) {
      const target = join(outDir, relative(ROOT, file));
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

/** The built file of a source file (`apps/places-api/src/main.ts` → `<buildDir>/apps/places-api/src/main.js`). */
export function builtFile(buildDir: string, source: string): string {
  return join(buildDir, source.replace(/\.ts$/, '.js'));
}
