import { contentHash } from './content-hash';

describe('contentHash', () => {
  it('ignores key order and undefined members', () => {
    expect(contentHash({ a: 1, b: [1, { c: 'x' }] })).toBe(
      contentHash({ b: [1, { c: 'x' }], a: 1, d: undefined }),
    );
  });

  it('changes when any value changes', () => {
    const base = { name: 'Berlin', at: new Date('2026-01-01T00:00:00Z'), tags: ['a'] };
    expect(contentHash(base)).not.toBe(contentHash({ ...base, name: 'Berlín' }));
    expect(contentHash(base)).not.toBe(
      contentHash({ ...base, at: new Date('2026-01-02T00:00:00Z') }),
    );
    expect(contentHash(base)).not.toBe(contentHash({ ...base, tags: ['a', 'b'] }));
  });

  it('stays the same hash across releases (a new one would rewrite every synced row)', () => {
    const row = {
      id: 'poi-1',
      name: 'Café "Zephyr"\\',
      openingHours: { mon: [['08:00', '18:00']], fri: null },
      lat: 52.5,
      lng: 13.4,
      placeIds: ['world', 'city-1'],
      at: new Date('2026-01-01T00:00:00Z'),
      skip: undefined,
      list: [1, undefined, { b: 2, a: 1 }],
    };
    expect(contentHash(row)).toBe('ipmfk7F9JPXwepPEdw6VvT2wTSU');
  });
});
