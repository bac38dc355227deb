import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { expectValidJsonApiDocument } from '@waypost/shared/testing';
import {
  GatewayTestBed,
  RunningGateway,
  bearer,
  createGatewayTestBed,
  eventually,
  routesDocument,
  startGateway,
  writeRoutesFile,
  json,
} from './support/gateway.harness';
import { StubUpstream, startStubUpstream } from './support/stub-upstream';

const ROOT = path.join(__dirname, '..', '..', '..');
const run = promisify(execFile);

describe('API key lifecycle through the keys CLI and two gateway replicas', () => {
  let bed: GatewayTestBed;
  let upstream: StubUpstream;
  let routesFile: string;
  let removeRoutes: () => Promise<void>;
  let replicas: RunningGateway[];

  // The CLI exactly as `npm run keys -- ...` runs it, against this suite's database and Redis prefix.
  const keysCli = (...args: string[]) =>
    run(process.execPath, ['-r', './tools/register.js', 'tools/scripts/keys.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...bed.env(routesFile) },
    });

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-keys');
    upstream = await startStubUpstream('places');
    const routes = await writeRoutesFile(routesDocument({ places: upstream.url }));
    routesFile = routes.file;
    removeRoutes = routes.remove;
    // A long cache TTL: only the pub/sub broadcast can make a revocation bite in this suite.
    replicas = await Promise.all(
      [1, 2].map(() => startGateway(bed.env(routesFile, { GATEWAY_KEY_CACHE_TTL_MS: '300000' }))),
    );
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await upstream.close();
    await removeRoutes();
    await bed.drop();
  });

  it('creates a key shown once, lists it without the key, and revokes it on every replica at once', async () => {
    const created = await keysCli('create', '--name', 'acme', '--plan', 'partner');
    const key = created.stdout.match(/^wp_live_\S+$/m)![0];
    const id = created.stdout.match(/created (key_[0-9a-f]+)/)![1];

    for (const replica of replicas) {
      expect((await replica.get('/v1/places/world', bearer(key))).status).toBe(200);
      expect((await replica.get('/v1/places/world', { 'x-api-key': key })).status).toBe(200);
    }

    const listed = await keysCli('list');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('acme');
    expect(listed.stdout).not.toContain(key);
    const stored = await bed.database.db.selectFrom('gateway.apiKeys').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(key);

    const revoked = await keysCli('revoke', id);
    expect(revoked.stdout).toContain('announced to 2 gateway replica(s)');
    for (const replica of replicas) {
      expect(
        await eventually(
          async () => (await replica.get('/v1/places/world', bearer(key))).status === 401,
        ),
      ).toBe(true);
    }
    expect((await keysCli('list')).stdout).toMatch(
      new RegExp(`${id}.*\\d{4}-\\d\\d-\\d\\dT.*\\d{4}-\\d\\d-\\d\\dT`),
    );
  });

  it('refuses a plan the routes file does not offer', async () => {
    await expect(keysCli('create', '--name', 'x', '--plan', 'gold')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--plan must be one of first-party, partner, trial, admin'),
    });
  });

  it.each([
    ['no key', {}, 'Authorization'],
    ['an unknown key', bearer(`wp_live_${'A'.repeat(43)}`), 'Authorization'],
    ['a malformed key', { 'x-api-key': 'letmein' }, 'X-API-Key'],
    ['a non-Bearer Authorization', { authorization: 'Basic YWxhZGRpbjpvcGVu' }, 'Authorization'],
  ])('answers %s with 401 as a JSON:API error document', async (_case, headers, header) => {
    const response = await replicas[0].get('/v1/places/world', headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toBe('application/vnd.api+json');
    const body = await json(response);
    expectValidJsonApiDocument(body);
    expect(body.errors[0]).toMatchObject({
      status: '401',
      code: 'unauthorized',
      source: { header },
    });
  });

  it('stops a revoked key within the cache TTL even when the broadcast is missed', async () => {
    const shortCache = await startGateway(bed.env(routesFile, { GATEWAY_KEY_CACHE_TTL_MS: '200' }));
    try {
      const { key, record } = await bed.keys.create({ name: 'quiet', plan: 'trial' });
      expect((await shortCache.get('/v1/places/world', bearer(key))).status).toBe(200);
      await bed.keys.revoke(record.id); // in the database only: nothing is published
      expect(
        await eventually(
          async () => (await shortCache.get('/v1/places/world', bearer(key))).status === 401,
        ),
      ).toBe(true);
    } finally {
      await shortCache.close();
    }
  });

  it('restricts a browser key to its web origins', async () => {
    const { key } = await bed.keys.create({
      name: 'web',
      plan: 'first-party',
      allowedOrigins: ['https://app.example.com'],
    });
    const from = (origin?: string) =>
      replicas[0].get('/v1/places/world', { ...bearer(key), ...(origin ? { origin } : {}) });

    expect((await from('https://app.example.com')).status).toBe(200);
    const elsewhere = await from('https://evil.example.net');
    expect(elsewhere.status).toBe(403);
    expectValidJsonApiDocument(await json(elsewhere));
    expect((await from()).status).toBe(403);
  });

  it('logs one JSON line per request with the key id, never the key', async () => {
    const { key, record } = await bed.keys.create({ name: 'logged', plan: 'partner' });
    const before = replicas[1].logs.length;
    await replicas[1].get('/v1/places/world?apiKey=oops', bearer(key));
    const lines = replicas[1].logs.slice(before).filter((line) => line['kind'] === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ route: '/v1/places/*', status: 200, keyId: record.id });
    expect(JSON.stringify(replicas[1].logs)).not.toContain(key);
    expect(lines[0]['url']).not.toContain('oops');
  });
});
