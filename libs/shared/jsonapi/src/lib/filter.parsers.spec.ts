import { FilterValueError, filterValue } from '../index';

function rejects(parse: (raw: string) => unknown, raw: string): string {
  try {
    parse(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterValueError);
    return (error as Error).message;
  }
  throw new Error(`expected '${raw}' to be rejected`);
}

describe('filterValue', () => {
  it('string: up to a length', () => {
    expect(filterValue.string()('Berlin')).toBe('Berlin');
    expect(rejects(filterValue.string(3), 'abcd')).toBe('at most 3 characters');
  });

  it('enum: one of the values', () => {
    const level = filterValue.enum(['city', 'country']);
    expect(level('city')).toBe('city');
    expect(rejects(level, 'City')).toBe("expected one of city, country; got 'City'");
  });

  it('int: integers within bounds', () => {
    const radius = filterValue.int(1, 100);
    expect(radius('42')).toBe(42);
    expect(filterValue.int()('-7')).toBe(-7);
    for (const raw of ['4.2', '1e2', ' 4', '0x10', '', '99999999999999999999']) {
      expect(rejects(filterValue.int(), raw)).toMatch(/expected an integer/);
    }
    expect(rejects(radius, '101')).toBe('must be between 1 and 100; got 101');
  });

  it('number: decimals within bounds', () => {
    expect(filterValue.number()('-4.25')).toBe(-4.25);
    expect(filterValue.number()('.5')).toBe(0.5);
    for (const raw of ['Infinity', 'NaN', '1e3', '1,5', 'abc']) {
      expect(rejects(filterValue.number(), raw)).toMatch(/expected a number/);
    }
    expect(rejects(filterValue.number(0, 5), '5.5')).toMatch(/between 0 and 5/);
  });

  it('boolean: true or false', () => {
    expect(filterValue.boolean()('true')).toBe(true);
    expect(filterValue.boolean()('false')).toBe(false);
    expect(rejects(filterValue.boolean(), '1')).toMatch(/true or false/);
  });

  it('latLng: a point in range', () => {
    expect(filterValue.latLng()('52.52,13.405')).toEqual({ lat: 52.52, lng: 13.405 });
    expect(filterValue.latLng()('-33.9, 151.2')).toEqual({ lat: -33.9, lng: 151.2 });
    expect(rejects(filterValue.latLng(), '52.52')).toMatch(/latitude,longitude/);
    expect(rejects(filterValue.latLng(), 'a,b')).toMatch(/latitude,longitude/);
    expect(rejects(filterValue.latLng(), '90.1,0')).toMatch(/latitude/);
    expect(rejects(filterValue.latLng(), '0,-180.5')).toMatch(/longitude/);
  });

  it('isoDate: real dates and date-times', () => {
    expect(filterValue.isoDate()('2024-02-29')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(filterValue.isoDate()('2024-05-01T12:30:00+02:00')).toEqual(
      new Date('2024-05-01T10:30:00Z'),
    );
    expect(filterValue.isoDate()('2024-05-01T12:30Z')).toEqual(new Date('2024-05-01T12:30:00Z'));
    for (const raw of [
      '2023-02-29',
      '2024-13-01',
      '2024-05-01T24:00:00Z',
      '2024-05-01T12:00:00',
      'May 1',
      '1',
    ]) {
      expect(rejects(filterValue.isoDate(), raw)).toMatch(/ISO 8601/);
    }
  });

  it('list: comma-separated values, each parsed', () => {
    expect(filterValue.list(filterValue.string())('a,b c')).toEqual(['a', 'b c']);
    const levels = filterValue.list(filterValue.enum(['city', 'country']), 2);
    expect(levels('city,country')).toEqual(['city', 'country']);
    expect(rejects(levels, 'city,town')).toMatch(/got 'town'/);
    expect(rejects(levels, 'city,')).toMatch(/without empty values/);
    expect(rejects(levels, 'city,city,city')).toBe('at most 2 values');
  });
});
