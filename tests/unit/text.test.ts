import { describe, expect, it, vi } from 'vitest';
import { cleanText, splitListItems, splitSentences, terms, words } from '../../src/core/text.ts';
import { seededRandom } from '../../scripts/lib/random.ts';
import { cleanSentence, isReportable, stripDateline } from '../../src/core/sentences.ts';
import { detokenize, looksTokenized } from '../../src/ingest/files/timeline17.ts';
import { tokenArtefacts } from '../helpers/token-artefacts.ts';
import { isRelatedHeadline, parseTextArticle } from '../../src/ingest/files/text-article.ts';
import { canonicalUrl } from '../../src/ingest/canonical-url.ts';

describe('splitSentences', () => {
  it('keeps abbreviations, initials, decimals and dotted acronyms inside sentences', () => {
    const text =
      'The U.S. envoy met Gen. Haftar at 3.5 p.m. local time. George W. Bush was not there. ' +
      'Prices rose 2.5% in Jan. 2011, officials said. "We will go," he said. Then they left!';
    expect(splitSentences(text)).toEqual([
      'The U.S. envoy met Gen. Haftar at 3.5 p.m. local time.',
      'George W. Bush was not there.',
      'Prices rose 2.5% in Jan. 2011, officials said.',
      '"We will go," he said.',
      'Then they left!',
    ]);
  });

  it('ends a sentence at a dotted acronym when a new sentence clearly starts', () => {
    expect(splitSentences('He flew to the U.S. The talks begin Monday.')).toEqual([
      'He flew to the U.S.',
      'The talks begin Monday.',
    ]);
  });

  it('splits paragraphs and keeps closing quotes with their sentence', () => {
    expect(splitSentences('He said: "It is over." Crowds cheered.\n\nA new paragraph.')).toEqual([
      'He said: "It is over."',
      'Crowds cheered.',
      'A new paragraph.',
    ]);
  });

  it('splits list items run into one sentence at their markers', () => {
    expect(splitSentences('Dutch marines flown out * Marines arrive in Athens * To return shortly. Facts: * The 1918 pandemic killed millions.').flatMap(splitListItems)).toEqual([
      'Dutch marines flown out',
      'Marines arrive in Athens',
      'To return shortly.',
      'Facts:',
      'The 1918 pandemic killed millions.',
    ]);
    expect(splitListItems('From M*A*S*H to farce, s ** t happened.')).toEqual(['From M*A*S*H to farce, s ** t happened.']);
  });

  it('drops wire story references, which often stand where a sentence ended', () => {
    expect(
      splitSentences('The WHO raised its alert to 6 (ID: nLC321991) Flu viruses mutate. (ID: nN28101677) Halliburton disputed it. Firms halted trade (ID: nLDE7261FX) and left.'),
    ).toEqual(['The WHO raised its alert to 6.', 'Flu viruses mutate.', 'Halliburton disputed it.', 'Firms halted trade and left.']);
  });
});

describe('terms and words', () => {
  it('lower-cases, stems, drops stopwords and keeps numbers whole', () => {
    expect(terms('Protesters were arrested in 10,000-strong protests')).toEqual(['protest', 'arrest', '10,000', 'strong', 'protest']);
    expect(words('Côte d’Ivoire 3.5%')).toEqual(['côte', 'd’ivoire', '3.5']);
  });
});

describe('sentence filters', () => {
  it('strips wire datelines and rejects furniture', () => {
    expect(stripDateline('CAIRO, Egypt (CNN) — Protests grew on Friday.')).toBe('Protests grew on Friday.');
    expect(stripDateline('Cairo, Egypt (CNN) -- Protests grew.')).toBe('Protests grew.');
    // Without the dash only an agency's credit after a capitalised place is a dateline.
    expect(stripDateline('TRIPOLI, Libya (Reuters) Libyan representatives are ready to hold talks.')).toBe('Libyan representatives are ready to hold talks.');
    expect(stripDateline('BEIRUT (Reuters) Syrian forces shelled Homs.')).toBe('Syrian forces shelled Homs.');
    expect(stripDateline('The International Criminal Court (Reuters) decided to proceed.')).toBe('The International Criminal Court (Reuters) decided to proceed.');
    expect(stripDateline('TRIPOLI (Reuters) said on Friday that talks went on.')).toBe('TRIPOLI (Reuters) said on Friday that talks went on.');
    expect(stripDateline('BENGHAZI/TRIPOLI, July 29 (Reuters) — Mourners carried the body.')).toBe('Mourners carried the body.');
    // A wire page's stamp before the dateline, and a ticker whose start was cut off with the text before it.
    expect(cleanSentence('HOUSTON | Thu Apr 22, 2010 7:30 pm EDT HOUSTON (Reuters) - An oil drilling rig sank.')).toBe('An oil drilling rig sank.');
    expect(cleanSentence('L) (BP.N) was set on Friday to install a bigger cap.')).toBe('was set on Friday to install a bigger cap.');
    expect(isReportable('Click here to subscribe to our daily newsletter today.')).toBe(false);
    expect(isReportable('short one.')).toBe(false);
    expect(isReportable('Egyptian President Hosni Mubarak stepped down on Friday after weeks of protests.')).toBe(true);
    expect(isReportable('Is this the end of the regime as we know it?')).toBe(false);
  });
});

describe('detokenize (Timeline17)', () => {
  it('restores brackets, quotes, clitics and punctuation spacing', () => {
    expect(
      detokenize("-LRB- CNN -RRB- -- They heard `` delegating power '' from Mubarak 's aide , and did n't leave ; $ 10 million , 3.5 % . \nNext line ."),
    ).toBe('(CNN) — They heard "delegating power" from Mubarak\'s aide, and didn\'t leave; $10 million, 3.5%.\nNext line.');
  });

  it('turns single quote tokens back into quotes attached to their words', () => {
    expect(detokenize("`` Houla ` massacre ' leaves 90 dead '' \nZakaria : Egypt events have ` huge impact ' , rebels ' lying")).toBe(
      '"Houla \'massacre\' leaves 90 dead"\nZakaria: Egypt events have \'huge impact\', rebels\' lying',
    );
    expect(detokenize('both party ` s seem ; call -LRB- 202-RRB-647-6575')).toBe("both party's seem; call (202) 647-6575");
  });

  it('decides each quote by its neighbours, so one unbalanced quote cannot flip the later ones', () => {
    const text = "He said `` stop . \nHe said `` decisive blows '' would be struck ... , '' Ibrahim said . \nAnother `` quote '' here .";
    expect(detokenize(text)).toBe('He said "stop.\nHe said "decisive blows" would be struck...," Ibrahim said.\nAnother "quote" here.');
    // A '' used by the source as an opening mark, and a quotation over two sentences.
    expect(detokenize("author of '' Paradise Beneath Her Feet '' and a fellow . \n`` We fought . \nWe won . ''")).toBe(
      'author of "Paradise Beneath Her Feet" and a fellow.\n"We fought.\nWe won."',
    );
  });

  it('joins lines the dataset broke at dots inside tickers, times and "U.S."', () => {
    expect(detokenize('Shares in BP -LRB- BP . \nL -RRB- fell 5 percent . \nNext .')).toBe('Shares in BP (BP.L) fell 5 percent.\nNext.');
    expect(detokenize('-LRB- Update 1:34 p.m. in Cairo , 6:34 am . \nET -RRB- A group of protesters stayed .')).toBe('(Update 1:34 p.m. in Cairo, 6:34 am ET) A group of protesters stayed.');
    expect(detokenize('Credit : Reuters\\/Bob Laura\\/U . \nS. Coast Guard \\* Marines')).toBe('Credit: Reuters/Bob Laura/U.S. Coast Guard * Marines');
    // A sentence that really ends before "U.S." or a capital stays ended.
    expect(detokenize('Talks failed , he said . \nU.S. officials left . \nA new day .')).toBe('Talks failed, he said.\nU.S. officials left.\nA new day.');
  });

  it('recognises tokenised text by its marks, not by a file name', () => {
    expect(looksTokenized("They heard `` delegating power '' from Mubarak 's aide , and left .")).toBe(true);
    expect(looksTokenized('Rebels took the town , the army said . Fighting went on . Civilians fled . More came .')).toBe(true);
    expect(looksTokenized('They heard "delegating power" from Mubarak\'s aide, and left. It is 3.5% more.')).toBe(false);
  });

  it('finds the artefacts that the old detokeniser left', () => {
    expect(tokenArtefacts('He said" decisive blows "would be struck.')).toEqual(['misattached quote']);
    expect(tokenArtefacts("Protester ` not that worried' about army")).toEqual(['backtick']);
    expect(tokenArtefacts('He said "decisive blows" would be struck.\n"We fought.\n"We won."')).toEqual([]);
  });
  it('unescapes the slashes of datelines and photo credits (as in the Reuters and Guardian folders)', () => {
    expect(detokenize('NAWFALIYAH\\/MISRATA , Libya . Photograph : Tim Sloan\\/AFP\\/Getty')).toBe(
      'NAWFALIYAH/MISRATA, Libya. Photograph: Tim Sloan/AFP/Getty',
    );
  });
});

describe('text articles', () => {
  it('recognises scraped related-story headlines but keeps body sentences', () => {
    expect(isRelatedHeadline('US temporarily eases sanctions against Syria for 180 days')).toBe(true);
    expect(isRelatedHeadline('US to establish military presence at Damascus airbase - Reuters')).toBe(true);
    expect(isRelatedHeadline('Trump praised the Syrian leader during their meeting at the White House.')).toBe(false);
  });

  it('uses the first line as title when there is no date header', () => {
    const p = parseTextArticle('Talks resume in Jeddah\n\nDelegations met on Tuesday to resume talks, mediators said.');
    expect(p.title).toBe('Talks resume in Jeddah');
    expect(p.body).toBe('Delegations met on Tuesday to resume talks, mediators said.');
    expect(p.publishedAt).toBeNull();
  });

  it('reads title/source/url header lines and strips Markdown', () => {
    const p = parseTextArticle('source: Example Wire\nurl: https://example.com/x\n# Big news\n\nThe **council** voted on [the plan](https://x.y) today.', {
      markdown: true,
    });
    expect(p).toMatchObject({ source: 'Example Wire', url: 'https://example.com/x', title: 'Big news' });
    expect(p.body).toBe('The council voted on the plan today.');
  });
});

describe('canonicalUrl', () => {
  it('strips tracking, fragments, default ports, AMP and case differences', () => {
    expect(canonicalUrl('HTTPS://Example.COM:443/news/story/amp?utm_source=x&id=3&fbclid=abc#top')).toBe(
      'https://example.com/news/story?id=3',
    );
    expect(canonicalUrl('https://amp.example.com/a.amp.html?gclid=1')).toBe('https://example.com/a.html');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});

/** cleanText as it was before it learnt to skip text that is already clean: the reference it must keep matching. */
function referenceCleanText(text: string): string {
  return (
    text
      .normalize('NFC')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b\u2060\ufeff]/g, '')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** Deterministic random strings of 0..maxPieces pieces. */
function piecesStrings(count: number, pieces: readonly string[], seed: number, maxPieces = 40): string[] {
  const rand = seededRandom(seed);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let s = '';
    const length = Math.floor(rand() * (maxPieces + 1));
    for (let i = 0; i < length; i++) s += pieces[Math.floor(rand() * pieces.length)];
    out.push(s);
  }
  return out;
}

// Characters cleaning leaves alone wherever they stand: letters, digits, ASCII punctuation, Latin-1 letters and signs
// (soft hyphen included), dashes, curly quotes, ellipsis.
const SETTLED = [...'aZe9.,;:!?\'"()-/&%$#@~\\é', 'É', 'ß', 'ü', 'ÿ', '¡', '©', '«', '»', '\u00ad', '—', '–', '’', '‘', '“', '”', '…'];
// Whitespace and line breaks, characters that NFC, a removal pass or trim() changes, and others outside that set.
const TROUBLE = [
  ' ', '  ', '\n', '\n\n', '\n\n\n', ' \n', '\n ', '\r', '\r\n', '\n\r', '\t', '\u00a0', '\u200b', '\u2060', '\ufeff',
  '\u0000', '\u0007', '\u000b', '\u000c', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', 'e\u0301', '\u0301',
  '\u0327', '\u3000', '\u1680', '\u2003', '\u200a', '\u202f', '\u205f', '\u212b', '\u1100\u1161', '\ud800', 'Ж',
];

/**
 * Text cleaning must leave: words of settled characters separated by one space, one newline or one blank line,
 * nothing at either end.
 */
function tidyStrings(count: number, seed: number): string[] {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const words: string[] = [];
    const n = 1 + Math.floor(rand() * 30);
    for (let i = 0; i < n; i++) {
      let w = '';
      const len = 1 + Math.floor(rand() * 8);
      for (let j = 0; j < len; j++) w += pick(SETTLED);
      words.push(w);
    }
    let s = words[0]!;
    for (let i = 1; i < n; i++) s += pick([' ', ' ', ' ', ' ', '\n', '\n\n']) + words[i]!;
    out.push(s);
  }
  return out;
}

/**
 * Runs fn and counts the string passes it made (normalize and replace calls): the full cleaning makes some, returning
 * text that is already clean makes none.
 */
function countingPasses<T>(fn: () => T): { result: T; passes: number } {
  const normalize = vi.spyOn(String.prototype, 'normalize');
  const replace = vi.spyOn(String.prototype, 'replace');
  try {
    const result = fn();
    return { result, passes: normalize.mock.calls.length + replace.mock.calls.length };
  } finally {
    normalize.mockRestore();
    replace.mockRestore();
  }
}

describe('cleanText', () => {
  it('cleans control characters, line endings and spacing as before', () => {
    const messy = '\ufeff  Title\u00a0\u00a0here \r\n\r\n\r\n\tBody\u200b text\u0007 — “quoted”\u2028 ';
    expect(cleanText(messy)).toBe('Title here\n\nBody text — “quoted”');
    expect(cleanText('Cafe\u0301 crème')).toBe('Café crème');
    expect(cleanText('\u3000Tokyo\u3000')).toBe('Tokyo');
  });

  it('matches the full cleaning on every single UTF-16 code unit, alone and beside others', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      // Alone (trim), inside a word (removal, rewriting), after letters it could combine with (NFC).
      for (const s of [c, `a${c}b`, `a${c}${c}b`, `e${c}`, `A${c}`, `\u1100${c}`, `\uac00${c}`, `${c}\n${c}`]) {
        if (cleanText(s) !== referenceCleanText(s)) wrong.push(JSON.stringify(s));
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('matches the full cleaning on every pair of code units from Latin-1, combining marks and punctuation', () => {
    const units: string[] = [];
    for (let code = 0; code <= 0x36f; code++) units.push(String.fromCharCode(code));
    for (let code = 0x2000; code <= 0x206f; code++) units.push(String.fromCharCode(code));
    units.push('\u3000', '\ufeff');
    const wrong: string[] = [];
    for (const a of units) {
      for (const b of units) {
        const s = `x${a}${b}`;
        if (cleanText(s) !== referenceCleanText(s)) wrong.push(JSON.stringify(s));
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('matches the full cleaning on thousands of generated strings full of edge cases', () => {
    const strings = [
      // Anything goes.
      ...piecesStrings(4000, [...SETTLED, ...TROUBLE], 101),
      // Only characters cleaning keeps, with spaces and newlines anywhere: the spacing decides.
      ...piecesStrings(4000, [...SETTLED, ' ', ' ', '  ', '\n', '\n', '\n\n', '\n\n\n', ' \n ', '\n \n'], 202),
      // Clean text with one flaw put somewhere.
      ...tidyStrings(3000, 303).map((s, i) => {
        const at = (i * 7919) % (s.length + 1);
        return s.slice(0, at) + TROUBLE[i % TROUBLE.length]! + s.slice(at);
      }),
      ...tidyStrings(3000, 404),
    ];
    const flaws: [string, RegExp][] = [
      ['two spaces', /\S {2}\S/],
      ['space before a newline', /\S \n/],
      ['space after a newline', /\n \S/],
      ['three newlines', /\n{3}/],
      ['leading whitespace', /^\s/],
      ['trailing whitespace', /\s$/],
    ];
    // The spacing cases must each come up often among strings otherwise made of characters cleaning keeps.
    const settledSet = new Set([...SETTLED, ' ', '\n']);
    const settledOnly = strings.filter((s) => [...s].every((c) => settledSet.has(c)));
    expect(settledOnly.length).toBeGreaterThan(6000);
    for (const [name, re] of flaws) expect(settledOnly.filter((s) => re.test(s)).length, name).toBeGreaterThan(300);
    const wrong = strings.filter((s) => cleanText(s) !== referenceCleanText(s));
    expect(wrong.map((s) => JSON.stringify(s)).slice(0, 5)).toEqual([]);
    // Both outcomes are common.
    const unchanged = strings.filter((s) => referenceCleanText(s) === s).length;
    expect(unchanged).toBeGreaterThan(3000);
    expect(strings.length - unchanged).toBeGreaterThan(6000);
  });

  it('returns clean text without running the cleaning passes', () => {
    const tidy = ['', 'x', 'é', '—', ...tidyStrings(2000, 505)];
    expect(tidy.every((s) => referenceCleanText(s) === s)).toBe(true);
    const { result, passes } = countingPasses(() => tidy.map((s) => cleanText(s)));
    expect(result).toEqual(tidy);
    expect(passes).toBe(0);
    // The counter sees the passes when they do run.
    expect(countingPasses(() => cleanText('a\tb')).passes).toBeGreaterThan(0);
    expect(countingPasses(() => cleanText('a  b')).passes).toBeGreaterThan(0);
  });
});
