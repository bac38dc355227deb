/** A moment of Google's week: `day` 0 = Sunday ... 6 = Saturday, local time. */
export interface GooglePointWire {
  readonly day?: number;
  readonly hour?: number;
  readonly minute?: number;
}

export interface GooglePeriodWire {
  readonly open?: GooglePointWire;
  /** None: open around the clock. */
  readonly close?: GooglePointWire;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Opening hours in one weekly shape, the CMS's: per weekday, ["HH:MM", "HH:MM"] pairs in local
 * time. A close of "24:00" is midnight; a close at or before the open is on the next day (a bar
 * open Friday 18:00 to Saturday 02:00 is `fri: [["18:00", "02:00"]]`).
 */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>>;

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function minuteOfWeek(point: GooglePointWire): number {
  const { day, hour = 0, minute = 0 } = point;
  if (day === undefined || !Number.isInteger(day) || day < 0 || day > 6) {
    throw new Error(`opening hours: bad day ${JSON.stringify(day)}`);
  }
  if (!Number.isInteger(hour) || hour < 0 || hour > 24 || !Number.isInteger(minute)) {
    throw new Error(`opening hours: bad time ${hour}:${minute}`);
  }
  return day * DAY + hour * 60 + minute;
}

/**
 * Google's `regularOpeningHours.periods` in the weekly shape (pure). An opening that closes within
 * a day stays one pair (overnight ones too); a longer one is split at midnights; one period
 * without a close is open around the clock. Throws on a malformed period.
 */
export function weeklyHoursFromGoogle(periods: readonly GooglePeriodWire[]): WeeklyHours {
  const hours: WeeklyHours = {};
  const add = (day: number, open: string, close: string) =>
    (hours[WEEKDAYS[day % 7]!] ??= []).push([open, close]);
  for (const period of periods) {
    if (!period.open) throw new Error('opening hours: a period without an open');
    if (!period.close) {
      for (let day = 0; day < 7; day++) add(day, '00:00', '24:00');
      continue;
    }
    const open = minuteOfWeek(period.open);
    let close = minuteOfWeek(period.close);
    if (close <= open) close += WEEK;
    const day = Math.floor(open / DAY);
    const from = open % DAY;
    if (close - open < DAY || close === (day + 1) * DAY) {
      // Closes within a day: midnight as 24:00, later ones past midnight as the next day's time.
      add(day, hhmm(from), close === (day + 1) * DAY ? '24:00' : hhmm(close % DAY));
      continue;
    }
    add(day, hhmm(from), '24:00');
    let at = (day + 1) * DAY;
    for (; at + DAY <= close; at += DAY) add(at / DAY, '00:00', '24:00');
    if (close > at) add(at / DAY, '00:00', hhmm(close - at));
  }
  for (const day of Object.values(hours)) day.sort((a, b) => a[0].localeCompare(b[0]));
  return hours;
}
