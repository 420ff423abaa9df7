/**
 * Page furniture that pages glue in front of a lede or leave between paragraphs, recognised by its shape rather than
 * by outlet: bylines ("By NAME OUTLET, PLACE"), live-page timestamps ("Name | 09:26 UK time, Friday, 11 June 2010"),
 * date stamps ("January 31, 2011 |"), photo credits, caption and video lines. Pure.
 */

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const WEEKDAY = '(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day';
const DATE = `(?:${MONTH} \\d{1,2},? \\d{4}|\\d{1,2} ${MONTH},? \\d{4})`;
const CLOCK = '\\d{1,2}[:.]\\d{2}\\s*(?:[aApP]\\.?[mM]\\.?\\s*)?(?:(?:UK|local) time|[A-Z]{2,4}\\b)?';
// A capitalised name word: "Micah", "L.", "O'Neil", "al-Senussi".
const CAP = "\\p{Lu}[\\p{L}\\p{M}.'’-]*";
const NAMES = `${CAP}(?:\\s+(?:(?:and|de|van|von|al|bin)\\s+)?${CAP}){0,4}?`;
const ROLE = '(?:[\\p{L}-]+\\s+){0,3}(?:correspondent|editor|reporter|writer|producer|staff|analyst|columnist)';
// What ends a byline, so that the lede after it can start: an outlet credit, a "special to", a role, a date or time.
const BYLINE_END = [
  `,?\\s+(?:[Ss]pecial to|for)\\s+(?:the\\s+)?${CAP}(?:\\s+${CAP}){0,2}`,
  `,?\\s+${ROLE}(?:,\\s+${CAP}(?:\\s+${CAP}){0,2}?(?=,))*(?:,\\s+${CAP})?`,
  `,?\\s+${CAP}(?:\\s+${CAP}){0,2}\\s+(?:News|Online|Wire Staff|Staff)(?:,\\s+${CAP}(?:\\s+${CAP})?)?`,
  `,\\s+\\p{Lu}{2,}(?:\\s+\\p{Lu}{2,})?`,
  // An outlet abbreviation, a programme and a place: "BBC Panorama, Washington".
  `\\s+\\p{Lu}{2,}(?:\\s+${CAP})?,\\s+${CAP}(?:\\s+${CAP})?`,
  `,?\\s+${DATE}:?(?:\\s+${CLOCK})?`,
].join('|');

/**
 * The place of a wire page's stamp, in capitals, with its region: "AJDABIYAH, Libya", "UNITED NATIONS",
 * "VENICE, La/WASHINGTON" (two places of one report), as in "AJDABIYAH, Libya | Thu Apr 7, 2011".
 */
export const WIRE_PLACE = "\\p{Lu}[\\p{Lu}\\p{M} .'/-]*\\p{Lu}(?:,\\s*\\p{Lu}[\\p{L}\\p{M} .'/-]*?)?";

const LEADING = [
  // "By the CNN Wire Staff", "By Jane Doe BBC News, Cairo", "From A and B, CNN", "By Seth Weintraub February 7, 2011: 10:44 AM ET".
  new RegExp(`^(?:By|From)\\s+(?:the\\s+)?${NAMES}(?:${BYLINE_END})\\s*[,:]?\\s+(?=["“'‘(]?[\\p{Lu}\\p{N}])`, 'u'),
  // "By the Wire Staff", "By the Example Wire Staff".
  new RegExp(`^By the (?:${CAP}\\s+){0,3}?(?:Wire )?Staff\\s+`, 'u'),
  // "Clare Spencer | 09:26 UK time, Friday, 11 June 2010 ".
  new RegExp(`^(?:${NAMES}\\s*\\|\\s*)?${CLOCK},?\\s*(?:${WEEKDAY},?\\s*)?${DATE}\\s*(?:\\|\\s*)?`, 'u'),
  // A wire page's stamp: "HOUSTON | Thu Apr 22, 2010 7:30 pm EDT ", "VENICE, La/WASHINGTON | Tue Jun 8, 2010 ".
  new RegExp(`^${WIRE_PLACE}\\s*\\|\\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?,?\\s+${DATE}(?:\\s+${CLOCK})?\\s+`, 'u'),
  // "January 31, 2011 | ", "Friday, 11 June 2010 | ".
  new RegExp(`^(?:${WEEKDAY},?\\s*)?${DATE}(?:,?\\s*${CLOCK})?\\s*\\|\\s*`, 'u'),
  // "Photograph: Jane Doe/AP ", "Photo: Reuters ".
  new RegExp(`^(?:Photograph|Photo|Picture|Image)(?: credit)?:\\s+(?:[^/\\n]{1,60}?\\\\?\\/)?${CAP}(?: Images)?\\s+`, 'u'),
];

/**
 * Removes bylines, live-page timestamps, date stamps and photo credits that open a sentence (repeatedly: a date stamp
 * may precede a byline).
 */
export function stripLeadingFurniture(sentence: string): string {
  let s = sentence;
  for (let round = 0; round < 3; round++) {
    let changed = false;
    for (const re of LEADING) {
      const m = re.exec(s);
      // Never strip a whole sentence: what is left must still read as one.
      if (m && m[0].length > 0 && s.length - m[0].length >= 20) {
        s = s.slice(m[0].length).trimStart();
        changed = true;
      }
    }
    if (!changed) break;
  }
  return s;
}

// Lines that point elsewhere or caption a picture or video: "Watch: …", "Read more …", "Link to video: …",
// "The Outlet's Reporter: …" (a caption naming who speaks in a clip).
const LINE =
  new RegExp(`^(?:(?:Watch|Listen|Read more|Read|See|Video|Audio|Gallery|Pictures|In pictures)\\s*:|Read more\\b|Click (?:here|on)\\b|Watch (?:the|our|a|live)\\b|Link to video\\b)|\\bLink to video:|^The ${CAP}'s\\s+${NAMES}:\\s`, 'u');

/** True for a line that is a pointer or a caption (video, "read more", a reporter's clip caption), not reporting. */
export function isFurnitureLine(sentence: string): boolean {
  return LINE.test(sentence);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * Removes the article's headline when the body repeats it in front of the lede ("<headline> <lede>"). A title that is
 * the whole sentence is left alone: some sources have no headline but the first sentence.
 */
export function stripHeadline(sentence: string, title: string): string {
  const t = normalise(title);
  if (t.length < 12 || title.endsWith('…')) return sentence;
  const s = normalise(sentence);
  if (!s.startsWith(t) || s.length - t.length < 20) return sentence;
  // Walk the sentence until as many letters and digits as the title's have been passed.
  const want = t.replace(/ /g, '').length;
  let seen = 0;
  let i = 0;
  while (i < sentence.length && seen < want) {
    if (/[\p{L}\p{N}]/u.test(sentence[i]!)) seen++;
    i++;
  }
  const rest = sentence.slice(i).replace(/^[\s:;,.|—–-]+/u, '');
  return /^["“'‘(]?[\p{Lu}\p{N}]/u.test(rest) ? rest : sentence;
}
