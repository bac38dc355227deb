import { RequestListener } from 'node:http';
import { routeByPrefix } from './prefix.router';
import { FailureInjector, applyFailures } from './failure.injector';
import { RequestBudget } from './request.budget';
import { ListeningStandIn, listenStandIn, sendJson } from './stand-in.server';

const echo =
  (name: string): RequestListener =>
  (req, res) =>
    sendJson(res, 200, { name, url: req.url });

describe('stand-ins on one port', () => {
  let server: ListeningStandIn;

  beforeAll(async () => {
    server = await listenStandIn(
      routeByPrefix({ '/viator': echo('viator'), '/gadventures': echo('g') }, echo('wordpress')),
    );
  });
  afterAll(() => server.close());

  const get = async (path: string) => (await fetch(`${server.url}${path}`)).json();

  it('strips the prefix for the stand-in it names and leaves other paths to the fallback', async () => {
    expect(await get('/viator/products/modified-since?count=5')).toEqual({
      name: 'viator',
      url: '/products/modified-since?count=5',
    });
    expect(await get('/viator?x=1')).toEqual({ name: 'viator', url: '/?x=1' });
    expect(await get('/gadventures/tour_dossiers')).toEqual({ name: 'g', url: '/tour_dossiers' });
    expect(await get('/viatorx/products')).toEqual({ name: 'wordpress', url: '/viatorx/products' });
    expect(await get('/guides/wp-json/wp/v2/posts')).toEqual({
      name: 'wordpress',
      url: '/guides/wp-json/wp/v2/posts',
    });
  });

  it('refuses a prefix of more than one segment', () => {
    expect(() => routeByPrefix({ '/a/b': echo('x') }, echo('y'))).toThrow(/one path segment/);
  });
});

describe('RequestBudget', () => {
  it('allows limit requests per window and key, then refuses until the window turns', () => {
    let now = 10_250;
    const budget = new RequestBudget(2, 1000, () => now);
    expect(budget.take('a')).toMatchObject({ allowed: true, remaining: 1 });
    expect(budget.take('a')).toMatchObject({ allowed: true, remaining: 0 });
    expect(budget.take('a')).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 1 });
    expect(budget.take('b').allowed).toBe(true);
    now = 11_000;
    expect(budget.take('a').allowed).toBe(true);
    expect(budget.rejected).toBe(1);
    const slow = new RequestBudget(1, 10_000, () => 1_000);
    slow.take();
    expect(slow.take().resetSeconds).toBe(9);
  });
});

describe('FailureInjector', () => {
  it('hands out failures by key, as many times as asked, where the query matches', async () => {
    const failures = new FailureInjector();
    failures.add('page:2', { kind: 'status', status: 503 }, { times: 1 });
    failures.add('page:3', { kind: 'hang' }, { where: (p) => p.get('city') === '7' });
    const q = (s: string) => new URLSearchParams(s);
    expect(failures.take(['page:2'], q(''))).toEqual([{ kind: 'status', status: 503 }]);
    expect(failures.take(['page:2'], q(''))).toEqual([]);
    expect(failures.take(['page:3'], q('city=8'))).toEqual([]);
    expect(failures.take(['page:3'], q('city=7'))).toHaveLength(1);
    const answered: number[] = [];
    let ran = false;
    expect(
      await applyFailures(
        [
          { kind: 'action', action: () => (ran = true) },
          { kind: 'slow', ms: 1 },
        ],
        (s) => answered.push(s),
      ),
    ).toBe('continue');
    expect(ran).toBe(true);
    expect(await applyFailures([{ kind: 'status', status: 500 }], (s) => answered.push(s))).toBe(
      'answered',
    );
    expect(answered).toEqual([500]);
  });
});
