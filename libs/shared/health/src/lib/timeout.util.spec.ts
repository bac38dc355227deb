import { errorMessage, withTimeout } from './timeout.util';

describe('withTimeout', () => {
  it('passes on the outcome of a promise that settles in time', async () => {
    await expect(withTimeout(Promise.resolve('pong'), 1000)).resolves.toBe('pong');
    await expect(withTimeout(Promise.reject(new Error('refused')), 1000)).rejects.toThrow(
      'refused',
    );
  });

  it('rejects when the promise never settles', async () => {
    await expect(withTimeout(new Promise(() => undefined), 10)).rejects.toThrow(
      'timed out after 10 ms',
    );
  });
});

describe('errorMessage', () => {
  it('reads the first cause of an AggregateError (a refused dual-stack connect)', () => {
    const error = new AggregateError([new Error('connect ECONNREFUSED ::1:1')], '');
    expect(errorMessage(error)).toBe('connect ECONNREFUSED ::1:1');
  });

  it('falls back to the string form', () => {
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(new Error(''))).toBe('Error');
  });
});
