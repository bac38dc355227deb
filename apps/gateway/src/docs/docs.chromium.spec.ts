import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, Browser } from 'playwright-core';
import { parse } from 'yaml';
import {
  GatewayTestBed,
  RunningGateway,
  createGatewayTestBed,
  json,
  routesDocument,
  startGateway,
  writeRoutesFile,
} from '../../test/support/gateway.harness';
import { startStubUpstream, StubUpstream } from '../../test/support/stub-upstream';
import { DOCS_CONTENT_SECURITY_POLICY } from './docs.page';

// The API reference as a third party sees it: the gateway's /docs pages rendered by Redoc in a
// real headless Chromium (Debian's, installed by .ci/run), every asset served by the gateway.
const ROOT = path.join(__dirname, '..', '..', '..', '..');
const SCREENSHOTS = path.join(ROOT, 'tmp', 'docs');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const pathsOf = (name: string): string[] =>
  Object.keys(
    (parse(readFileSync(path.join(ROOT, 'openapi', `${name}.yaml`), 'utf8')) as { paths: object })
      .paths,
  );

describe('GET /docs: the API reference in headless Chromium', () => {
  let bed: GatewayTestBed;
  let places: StubUpstream;
  let gateway: RunningGateway;
  let browser: Browser;
  let removeRoutes: () => Promise<void>;

  beforeAll(async () => {
    bed = await createGatewayTestBed('gateway-docs');
    places = await startStubUpstream('places');
    const routes = await writeRoutesFile(routesDocument({ places: places.url }));
    removeRoutes = routes.remove;
    gateway = await startGateway(bed.env(routes.file));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await places?.close();
    await removeRoutes?.();
    await bed?.drop();
  });

  /** Opens a page, waits for Redoc to render, returns its text and what went wrong on the way. */
  async function render(pagePath: string, screenshot: string) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    const foreign: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(gateway.url) && !/^(data|blob):/.test(request.url())) {
        foreign.push(request.url());
      }
    });
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (answer) => {
      if (answer.status() >= 400) problems.push(`${answer.status()}: ${answer.url()}`);
    });
    const response = await page.goto(`${gateway.url}${pagePath}`);
    await page.waitForSelector('.api-content h2', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: false });
    const text = await page.locator('body').innerText();
    const headers = response?.headers() ?? {};
    await page.close();
    return { status: response?.status(), headers, text, problems, foreign };
  }

  it('renders the gateway reference: every path, the key schemes, how to get a key', async () => {
    const { status, headers, text, problems, foreign } = await render('/docs', 'gateway.png');
    expect(status).toBe(200);
    expect(headers['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    for (const apiPath of pathsOf('gateway')) expect(text).toContain(apiPath);
    expect(text).toContain('BearerKey');
    expect(text).toContain('ApiKeyHeader');
    expect(text).toContain('Getting a key');
  });

  const datasets = readdirSync(path.join(ROOT, 'openapi'))
    .filter((file) => file.endsWith('.yaml') && file !== 'gateway.yaml')
    .map((file) => file.slice(0, -'.yaml'.length));

  it.each(datasets)('renders the %s reference, every path with the key schemes', async (name) => {
    const { status, text, problems, foreign } = await render(`/docs/${name}`, `${name}.png`);
    expect(status).toBe(200);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    for (const apiPath of pathsOf(name)) expect(text).toContain(apiPath);
    expect(text).toContain('ApiKeyHeader');
  });

  it('serves the specs it renders without a key, and a JSON:API 404 for an unknown one', async () => {
    const spec = await json(await gateway.get('/docs/specs/places.json'));
    expect(spec.servers).toEqual([{ url: `${gateway.url}/v1`, description: 'The gateway.' }]);
    expect(spec.security).toEqual([{ BearerKey: [] }, { ApiKeyHeader: [] }]);
    const shared = await gateway.get('/docs/specs/shared/jsonapi.yaml');
    expect(shared.status).toBe(200);
    expect(await shared.text()).toContain('ErrorDocument:');
    const unknown = await gateway.get('/docs/nowhere');
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).errors[0].detail).toMatch(/no API reference nowhere/);
    const bundle = await gateway.get('/docs/assets/redoc.standalone.js');
    expect(bundle.status).toBe(200);
    expect((await gateway.get('/docs/assets/redoc.lib.js')).status).toBe(404);
  });
});
