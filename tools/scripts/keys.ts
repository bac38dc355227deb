import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import {
  ApiKeyRecord,
  ApiKeyRepository,
  GatewayDatabase,
  publishKeyRevocation,
} from '@waypost/gateway/keys';
import { ConfigError } from '@waypost/shared/config';
import { createDatabase } from '@waypost/shared/db';
import { GatewayConfig, loadGatewayConfig } from '../../apps/gateway/src/config/gateway.config';

const USAGE = `usage:
  npm run keys -- create --name NAME --plan PLAN [--origin https://app.example.com ...]
  npm run keys -- revoke ID
  npm run keys -- list`;

class UsageError extends Error {}

/** Issues, revokes and lists gateway API keys (DATABASE_URL, REDIS_URL, GATEWAY_* as for the gateway). */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadGatewayConfig(process.env);
  const db = createDatabase<GatewayDatabase>({
    url: config.databaseUrl,
    maxConnections: 1,
    applicationName: 'waypost-keys',
  });
  const keys = new ApiKeyRepository(db);
  try {
    if (command === 'create') await create(keys, config, rest);
    else if (command === 'revoke') await revoke(keys, config, rest);
    else if (command === 'list') await list(keys);
    else throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  } finally {
    await db.destroy();
  }
}

async function create(
  keys: ApiKeyRepository,
  config: GatewayConfig,
  args: string[],
): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      plan: { type: 'string' },
      origin: { type: 'string', multiple: true },
    },
  });
  const { name, plan, origin: origins = [] } = values;
  if (!name?.trim()) throw new UsageError('--name is required');
  const plans = [...config.routes.plans.keys()];
  if (!plan || !plans.includes(plan))
    throw new UsageError(`--plan must be one of ${plans.join(', ')} (from ${config.routesFile})`);
  for (const origin of origins) {
    if (!isBareOrigin(origin))
      throw new UsageError(
        `--origin must be a web origin like https://app.example.com, got "${origin}"`,
      );
  }
  const { key, record } = await keys.create({ name: name.trim(), plan, allowedOrigins: origins });
  console.log(`created ${record.id} (name ${record.name}, plan ${record.plan})`);
  if (origins.length > 0) console.log(`restricted to the web origins ${origins.join(', ')}`);
  console.log('the key is shown only now; store it where its user keeps secrets:');
  console.log(key);
}

async function revoke(
  keys: ApiKeyRepository,
  config: GatewayConfig,
  args: string[],
): Promise<void> {
  const [id] = args;
  if (!id || args.length > 1) throw new UsageError('revoke takes exactly one key id');
  const record = await keys.revoke(id);
  if (!record) throw new UsageError(`no key has the id ${id} (see npm run keys -- list)`);
  console.log(`revoked ${record.id} (name ${record.name}) at ${record.revokedAt!.toISOString()}`);
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const replicas = await publishKeyRevocation(redis, config.redisPrefix, record.id);
    console.log(`announced to ${replicas} gateway replica(s); they refuse it from now on`);
  } catch {
    console.log(
      `Redis is unreachable: gateways refuse the key once their cache expires (${config.keyCacheTtlMs} ms)`,
    );
  } finally {
    redis.disconnect();
  }
}

async function list(keys: ApiKeyRepository): Promise<void> {
  const records = await keys.list();
  if (records.length === 0)
    return console.log('no keys yet: npm run keys -- create --name NAME --plan PLAN');
  const rows = records.map(row);
  const widths = Object.keys(rows[0]).map((column) =>
    Math.max(column.length, ...rows.map((r) => r[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  console.log(line(Object.keys(rows[0])));
  for (const r of rows) console.log(line(Object.values(r)));
}

function row(record: ApiKeyRecord): Record<string, string> {
  return {
    id: record.id,
    name: record.name,
    plan: record.plan,
    key: `${record.keyPrefix}…`,
    origins: record.allowedOrigins.join(',') || '-',
    created: record.createdAt.toISOString(),
    revoked: record.revokedAt?.toISOString() ?? '-',
  };
}

function isBareOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

main(process.argv.slice(2)).catch((error) => {
  if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
  else console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
