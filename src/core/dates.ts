/**
 * Dates a news sentence mentions, resolved against its article's publication time the way news is written: a bare
 * weekday means the most recent such day (today included), "yesterday" the day before publication, "February 16"
 * that day of the publication year (or of the year before when it would lie more than a week ahead).
 */

const DAY = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS: Record<string, number> = {
  jan: 0, january: 0, feb: 1, february: 1, mar: 2, march: 2, apr: 3, april: 3, may: 4, jun: 5, june: 5,
  jul: 6, july: 6, aug: 7, august: 7, sep: 8, sept: 8, september: 8, oct: 9, october: 9, nov: 10, november: 10,
  dec: 11, december: 11,
};
const MONTH = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_DAY = new RegExp(`\\b(${MONTH})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b|\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH})\\b`, 'giu');
const WEEKDAY = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/giu;
const RELATIVE = /\b(yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight)\b/giu;

/** Start of the UTC day of a time, in ms. */
function dayStart(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

// Cheap pre-check: most sentences name no day at all.
const ANY = new RegExp(`\\b(?:${MONTH}|sunday|monday|tuesday|wednesday|thursday|friday|saturday|yesterday|today|tonight|this morning|this afternoon|this evening|last night|overnight)\\b`, 'iu');

/** The UTC days (start-of-day ms) a sentence mentions, resolved against the publication time. */
export function mentionedDays(sentence: string, publishedAt: Date): number[] {
  if (!ANY.test(sentence)) return [];
  const pub = dayStart(publishedAt.getTime());
  const out = new Set<number>();
  const pubDay = new Date(pub).getUTCDay();
  for (const m of sentence.matchAll(WEEKDAY)) {
    const wd = WEEKDAYS.indexOf(m[1]!.toLowerCase());
    out.add(pub - ((pubDay - wd + 7) % 7) * DAY);
  }
  for (const m of sentence.matchAll(RELATIVE)) {
    const w = m[1]!.toLowerCase();
    out.add(w === 'yesterday' || w === 'last night' ? pub - DAY : pub);
  }
  const year = new Date(pub).getUTCFullYear();
  for (const m of sentence.matchAll(MONTH_DAY)) {
    const monthWord = (m[1] ?? m[4] ?? '').toLowerCase();
    const day = Number(m[2] ?? m[3]);
    const month = MONTHS[monthWord];
    // "may" is also a verb: only with a day number right after it does it name the month.
    if (month === undefined || day < 1 || day > 31 || (monthWord === 'may' && !m[2])) continue;
    let t = Date.UTC(year, month, day);
    if (t > pub + 7 * DAY) t = Date.UTC(year - 1, month, day);
    out.add(t);
  }
  return [...out];
}
