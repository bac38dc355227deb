import { JsonApiError, errorDocument, pathId } from '../index';

describe('pathId', () => {
  it('passes an ordinary id through', () => {
    expect(pathId('city-2950159', 'place')).toBe('city-2950159');
  });

  it('answers an id with a NUL character as not found', () => {
    let caught: unknown;
    try {
      pathId('a\0b', 'place');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonApiError);
    const [error] = errorDocument([caught as JsonApiError]).errors;
    expect(error).toEqual(expect.objectContaining({ status: '404', code: 'not-found' }));
    expect(error.detail).toBe('there is no place with id "a\\u0000b"');
  });
});
