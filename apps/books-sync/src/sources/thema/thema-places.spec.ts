import { countries } from 'countries-list';
import table from './thema-place-codes.json';
import { THEMA_COUNTRY_COUNT, themaPlaceId } from './thema-places';

describe('the Thema place qualifier table', () => {
  it('covers every ISO 3166-1 country once, with its source noted', () => {
    expect(Object.values(table.countries).sort()).toEqual(Object.keys(countries).sort());
    expect(THEMA_COUNTRY_COUNT).toBe(Object.keys(countries).length);
    expect(table.source).toMatch(/EDItEUR Thema/);
  });

  it('maps countries and regions to place ids, unknown sub-codes to their longest known prefix, else the continent', () => {
    expect(themaPlaceId('1DFG')).toBe('country-de');
    expect(themaPlaceId('1DFG-DE-BE')).toBe('region-de-16');
    expect(themaPlaceId('1DDU-GB-E')).toBe('region-gb-eng');
    expect(themaPlaceId('1KBB')).toBe('country-us');
    expect(themaPlaceId('1dfg-de-xx')).toBe('country-de');
    expect(themaPlaceId('1DZZ')).toBe('continent-eu');
    expect(themaPlaceId('1KLSZ')).toBe('continent-sa');
    expect(themaPlaceId('1QBA')).toBeNull();
    expect(themaPlaceId('WTH')).toBeNull();
  });
});
