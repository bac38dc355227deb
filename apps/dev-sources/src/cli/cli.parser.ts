import { parseArgs } from 'node:util';
import { databaseName } from '@waypost/shared/db';
import { DevSourcesConfig } from '../config/dev-sources.config';

export const USAGE = `Usage: node -r ./tools/register.js apps/dev-sources/src/main.ts <command> [options]

Commands:
  seed     create and fill the stand-in CMS database (does nothing if it already has places)
             --pois N            points of interest to generate (default 2000)
             --force             drop and recreate the database first
  mutate   make a few deterministic changes so that incremental syncs have work to do
             --changes N         records to rename, move or recategorise (default 10)
             --inserts N         new points of interest (default 5)
             --deletes N         points of interest to soft-delete (default 2)
             --seed N            fix the random choices (default: derived from the data)
  serve    serve the WordPress REST API stand-ins /guides and /news until stopped
             --port N            where to listen (default DEV_SOURCES_PORT or 3900)
             --posts N           generated posts per site (default 300)
             --mutate-every S    seconds between rounds of edits, one new post and one removal
                                 per site (default 30; 0 never changes anything)
             --edits N           posts edited per site and round (default 3); the partner
                                 stand-ins change in proportion
             --lodging-cities N  the lodging partner's cities (default 1000, plus extras)
             --lodging-properties N  its properties over all cities (default 30000; 300000 for
                                 a bench, generated as they are pulled)
             --viator-products N      Viator products (default 3000)
             --gadventures-dossiers N G Adventures tour dossiers (default 400)
             --books N           products of the ONIX book feed (default 2000; 100000 for a
                                 bench, generated as they are streamed)
             --database-url URL  the CMS whose Google place ids /google-places knows

Options for seed, mutate and serve:
  --database-url URL   the CMS database (default CMS_DATABASE_URL or postgres://postgres@127.0.0.1:5432/cms)`;

export type CliCommand =
  | { readonly name: 'help' }
  | {
      readonly name: 'seed';
      readonly databaseUrl: string;
      readonly pois: number;
      readonly force: boolean;
    }
  | {
      readonly name: 'mutate';
      readonly databaseUrl: string;
      readonly changes: number;
      readonly inserts: number;
      readonly deletes: number;
      readonly seed: number | null;
    }
  | {
      readonly name: 'serve';
      readonly port: number;
      readonly posts: number;
      readonly mutateEverySeconds: number;
      readonly edits: number;
      readonly lodgingCities: number;
      readonly lodgingProperties: number;
      readonly viatorProducts: number;
      readonly gadventuresDossiers: number;
      readonly books: number;
      readonly cmsDatabaseUrl: string;
    };

/** A command line that cannot be run; main prints the message and the usage. */
export class CliUsageError extends Error {}

const MAX_POIS = 10_000_000;

function count(value: string | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max) {
    throw new CliUsageError(`--${option} must be an integer from 0 to ${max}, got "${value}"`);
  }
  return Number(value);
}

function isDatabaseUrl(value: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(value).protocol) && !!databaseName(value);
  } catch {
    return false;
  }
}

/** Parses the arguments after the script name into a command. */
export function parseCli(argv: readonly string[], config: DevSourcesConfig): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'database-url': { type: 'string' },
        pois: { type: 'string' },
        force: { type: 'boolean' },
        changes: { type: 'string' },
        inserts: { type: 'string' },
        deletes: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        posts: { type: 'string' },
        'mutate-every': { type: 'string' },
        edits: { type: 'string' },
        'lodging-cities': { type: 'string' },
        'lodging-properties': { type: 'string' },
        'viator-products': { type: 'string' },
        'gadventures-dossiers': { type: 'string' },
        books: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  if (extra.length > 0) throw new CliUsageError(`unexpected arguments: ${extra.join(' ')}`);
  const allowed: Record<string, readonly string[]> = {
    seed: ['database-url', 'pois', 'force'],
    mutate: ['database-url', 'changes', 'inserts', 'deletes', 'seed'],
    serve: [
      'port',
      'posts',
      'mutate-every',
      'edits',
      'lodging-cities',
      'lodging-properties',
      'viator-products',
      'gadventures-dossiers',
      'books',
      'database-url',
    ],
  };
  if (!allowed[name]) throw new CliUsageError(`unknown command "${name}"`);
  const misplaced = Object.keys(values).filter((option) => !allowed[name].includes(option));
  if (misplaced.length > 0) {
    throw new CliUsageError(`${name} does not take --${misplaced.join(', --')}`);
  }
  const databaseUrl = values['database-url'] ?? config.cmsDatabaseUrl;
  if (!isDatabaseUrl(databaseUrl)) {
    throw new CliUsageError(
      `--database-url must be postgres://host/database, got "${databaseUrl}"`,
    );
  }
  if (name === 'serve') {
    return {
      name,
      port: count(values.port, 'port', config.port, 65535),
      posts: count(values.posts, 'posts', 300, 1_000_000),
      mutateEverySeconds: count(values['mutate-every'], 'mutate-every', 30, 86_400),
      edits: count(values.edits, 'edits', 3, 1000),
      lodgingCities: count(values['lodging-cities'], 'lodging-cities', 1000, 100_000),
      lodgingProperties: count(
        values['lodging-properties'],
        'lodging-properties',
        30_000,
        5_000_000,
      ),
      viatorProducts: count(values['viator-products'], 'viator-products', 3000, 1_000_000),
      gadventuresDossiers: count(
        values['gadventures-dossiers'],
        'gadventures-dossiers',
        400,
        100_000,
      ),
      books: count(values.books, 'books', 2000, 10_000_000),
      cmsDatabaseUrl: databaseUrl,
    };
  }
  if (name === 'seed') {
    return {
      name,
      databaseUrl,
      pois: count(values.pois, 'pois', 2000, MAX_POIS),
      force: values.force ?? false,
    };
  }
  return {
    name: 'mutate',
    databaseUrl,
    changes: count(values.changes, 'changes', 10, 100_000),
    inserts: count(values.inserts, 'inserts', 5, 100_000),
    deletes: count(values.deletes, 'deletes', 2, 100_000),
    seed: values.seed === undefined ? null : count(values.seed, 'seed', 0, 2 ** 32 - 1),
  };
}
