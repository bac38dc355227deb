import { redactUrl, requestIdFrom, requestLogLevel } from './http-request.util';

describe('requestIdFrom', () => {
  it('keeps a well-formed caller id', () => {
    expect(requestIdFrom('req_1.a:b-c')).toBe('req_1.a:b-c');
  });

  it.each([undefined, '', 'has space', 'x'.repeat(129), ['a', 'b']])(
    'generates a uuid instead of %j',
    (header) => {
      expect(requestIdFrom(header)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    },
  );
});

describe('requestLogLevel', () => {
  it.each([
    ['/places/:id', 200, 'info'],
    ['/places/:id', 304, 'info'],
    ['/places/:id', 404, 'warn'],
    ['unmatched', 404, 'warn'],
    ['/places/:id', 503, 'error'],
    ['/metrics', 200, 'debug'],
    ['/health/ready', 503, 'debug'],
    ['/healthy-places', 200, 'info'],
  ])('%s %i -> %s', (route, status, level) => {
    expect(requestLogLevel(route, status)).toBe(level);
  });
});

describe('redactUrl', () => {
  it('leaves URLs without secrets alone', () => {
    expect(redactUrl('/places?page%5Bsize%5D=2&q=a%3Db')).toBe('/places?page%5Bsize%5D=2&q=a%3Db');
    expect(redactUrl('/places/42')).toBe('/places/42');
  });

  it('replaces the values of key-like parameters, however spelled', () => {
    expect(redactUrl('/p?key=s1&apiKey=s2&API_KEY=s3&x-api-key=s4&a=1&monkey=2')).toBe(
      '/p?key=[redacted]&apiKey=[redacted]&API_KEY=[redacted]&x-api-key=[redacted]&a=1&monkey=2',
    );
    expect(redactUrl('/p?api%5Fkey=s5')).toBe('/p?api%5Fkey=[redacted]');
  });
});
