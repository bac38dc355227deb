import { GoogleOpeningHours, GooglePeriod } from './google-places.types';

/** One daily opening on the given days (0 = Sunday); a close at or before the open runs past midnight. */
export interface WeeklyOpening {
  readonly days: readonly number[];
  /** `HH:MM`, 24-hour. */
  readonly open: string;
  readonly close: string;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
// Google's weekday descriptions use a narrow no-break space before AM/PM and thin spaces around the dash.
const NNBSP = '\u202f';
const THIN = '\u2009';

const parse = (hhmm: string) => {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour: hour!, minute: minute! };
};

function clock({ hour, minute }: { hour: number; minute: number }): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}:${String(minute).padStart(2, '0')}${NNBSP}${hour < 12 ? 'AM' : 'PM'}`;
}

/** Open around the clock every day: one period with no close, "Open 24 hours" every day. */
export function openAroundTheClock(): GoogleOpeningHours {
  return {
    periods: [{ open: { day: 0, hour: 0, minute: 0 } }],
    weekdayDescriptions: [1, 2, 3, 4, 5, 6, 0].map((d) => `${DAY_NAMES[d]}: Open 24 hours`),
  };
}

/**
 * Google's `regularOpeningHours` from weekly openings: a period per opening (an overnight one
 * closes the next day, Saturday's on Sunday), and the descriptions Monday first.
 */
export function weeklyHours(openings: readonly WeeklyOpening[]): GoogleOpeningHours {
  const periods: GooglePeriod[] = [];
  const byDay = new Map<number, string[]>();
  for (const opening of openings) {
    const open = parse(opening.open);
    const close = parse(opening.close);
    const overnight = close.hour * 60 + close.minute <= open.hour * 60 + open.minute;
    for (const day of opening.days) {
      periods.push({
        open: { day, ...open },
        close: { day: overnight ? (day + 1) % 7 : day, ...close },
      });
      const list = byDay.get(day) ?? [];
      list.push(`${clock(open)}${THIN}–${THIN}${clock(close)}`);
      byDay.set(day, list);
    }
  }
  periods.sort(
    (a, b) => a.open.day - b.open.day || a.open.hour - b.open.hour || a.open.minute - b.open.minute,
  );
  return {
    periods,
    weekdayDescriptions: [1, 2, 3, 4, 5, 6, 0].map(
      (d) => `${DAY_NAMES[d]}: ${byDay.get(d)?.join(', ') ?? 'Closed'}`,
    ),
  };
}
