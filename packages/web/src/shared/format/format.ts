/** `YYYY-MM-DD` as Latvians write it, `dd.mm.yyyy`; anything else is shown as it came. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

/** A timestamp in Rīga time, `dd.mm.yyyy hh:mm`. */
export function formatDateTime(timestamp: string): string {
  const part = rigaParts(timestamp);
  return `${part('day')}.${part('month')}.${part('year')} ${part('hour')}:${part('minute')}`;
}

/** The time of day of a timestamp in Rīga, `hh:mm`. */
export function formatTime(timestamp: string): string {
  const part = rigaParts(timestamp);
  return `${part('hour')}:${part('minute')}`;
}

function rigaParts(timestamp: string): (type: Intl.DateTimeFormatPartTypes) => string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Riga',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(timestamp));
  return (type) => parts.find((p) => p.type === type)?.value ?? '';
}

/** The number formats of the user's language: Latvian unless English was chosen. */
function localeOf(language: string): string {
  return language === 'en' ? 'en-IE' : 'lv-LV';
}

/** Integer euro cents as money in the user's language: `2,00 €` in Latvian, `€2.00` in English. */
export function formatCents(cents: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language), { style: 'currency', currency: 'EUR' }).format(
    cents / 100,
  );
}

/** A count or an average in the user's language: `12 345,5` in Latvian, `12,345.5` in English. */
export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(localeOf(language)).format(value);
}

/** Today in Rīga as `YYYY-MM-DD`, the day the API counts in (from 22:00 UTC in winter, 21:00 in summer, already tomorrow). */
export function rigaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Riga' }).format(new Date());
}

/** The month before the one `today` (a Rīga date, `YYYY-MM-DD`) falls in, as `YYYY-MM`. */
export function previousMonth(today: string = rigaToday()): string {
  const [year = 0, month = 1] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month - 2, 1)).toISOString().slice(0, 7);
}
