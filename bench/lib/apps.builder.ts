import { buildApps as buildTree, builtFile } from '../../tools/build/apps.build';
import { join } from 'node:path';
import { WORK_DIR } from '../bench.config';

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

/**
 * Compiles the apps and libs to plain JavaScript once, as a production image would run them (with
 * the image's builder, tools/build/apps.build.ts): the on-the-fly compiler of `tools/register.js`
 * keeps TypeScript and SWC in every process (about 70 MB of RSS), which would swamp the apps' own
 * memory figures.
 */
export function buildApps(): { files: number; seconds: number } {
  return buildTree(BUILD_DIR, SOURCE_DIRS);
}

/** The built file of a source file (`apps/places-api/src/main.ts` → its .js in the build). */
export function built(source: string): string {
  return builtFile(BUILD_DIR, source);
}
