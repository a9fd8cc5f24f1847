import { addCalendarDays } from '../calendar/working-days';

/** The days and months a dashboard covers, both ending today in Rīga. */
export interface DashboardRange {
  fromDay: string;
  toDay: string;
  /** First day of the earliest month counted. */
  fromMonthDay: string;
  months: string[];
}

/** `YYYY-MM` of the month `offset` months after the month of `day` (negative goes back). */
export function monthOf(day: string, offset: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + offset;
  const shiftedYear = year + Math.floor(month / 12);
  const shiftedMonth = (((month % 12) + 12) % 12) + 1;
  return `${String(shiftedYear).padStart(4, '0')}-${String(shiftedMonth).padStart(2, '0')}`;
}

/** `days` days up to and including today; `months` calendar months up to and including this one. */
export function dashboardRange(today: string, days: number, months: number): DashboardRange {
  const monthList = Array.from({ length: months }, (_, index) => monthOf(today, index - months + 1));
  return {
    fromDay: addCalendarDays(today, 1 - days),
    toDay: today,
    fromMonthDay: `${monthList[0]}-01`,
    months: monthList,
  };
}
