import { weeklyHoursFromGoogle } from './google-places.hours';

const at = (day: number, hour: number, minute = 0) => ({ day, hour, minute });

describe('weeklyHoursFromGoogle', () => {
  it('keeps same-day openings and orders each day', () => {
    expect(
      weeklyHoursFromGoogle([
        { open: at(1, 14), close: at(1, 18) },
        { open: at(1, 9), close: at(1, 12, 30) },
      ]),
    ).toEqual({
      mon: [
        ['09:00', '12:30'],
        ['14:00', '18:00'],
      ],
    });
  });

  it('keeps an opening past midnight on the day it opens, Saturday into Sunday included', () => {
    expect(
      weeklyHoursFromGoogle([
        { open: at(5, 18), close: at(6, 2) },
        { open: at(6, 18), close: at(0, 2) },
        { open: at(0, 10), close: at(1, 0) },
      ]),
    ).toEqual({
      fri: [['18:00', '02:00']],
      sat: [['18:00', '02:00']],
      sun: [['10:00', '24:00']],
    });
  });

  it('reads one period without a close as around the clock', () => {
    const hours = weeklyHoursFromGoogle([{ open: at(0, 0) }]);
    expect(Object.keys(hours)).toHaveLength(7);
    expect(hours.wed).toEqual([['00:00', '24:00']]);
  });

  it('splits an opening longer than a day at midnights', () => {
    expect(weeklyHoursFromGoogle([{ open: at(1, 8), close: at(3, 6) }])).toEqual({
      mon: [['08:00', '24:00']],
      tue: [['00:00', '24:00']],
      wed: [['00:00', '06:00']],
    });
  });

  it('throws on a malformed period', () => {
    expect(() => weeklyHoursFromGoogle([{ close: at(1, 8) }])).toThrow(/without an open/);
    expect(() => weeklyHoursFromGoogle([{ open: at(9, 8), close: at(1, 9) }])).toThrow(/bad day/);
  });
});
