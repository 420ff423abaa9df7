/**
 * Undoing the Penn-Treebank-style tokenisation of the Timeline17 dataset (and of any text tokenised the same way):
 * bracket tokens, spaced punctuation and clitics, ``/'' and `/' quote marks.
 *
 * The text is rebuilt token by token, each token deciding whether it attaches to its left or right neighbour, so an
 * unbalanced quote in one sentence cannot flip every later quote of the article (the failure of pairing quotes by
 * parity over the whole text).
 */

const BRACKETS: Record<string, string> = { '-LRB-': '(', '-RRB-': ')', '-LSB-': '[', '-RSB-': ']', '-LCB-': '{', '-RCB-': '}' };
// Tokens written against the word before them.
const ATTACH_LEFT = /^(?:[.,;:!?%)\]}]+|\.\.\.|…|n't|N'T|'(?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M))$/;
// Tokens written against the word after them.
const ATTACH_RIGHT = /^(?:[([{$#]|``|`)$/;

type Glue = 'left' | 'right' | 'both' | 'none';

interface Piece {
  text: string;
  glue: Glue;
}

/** Quotation state carried across the lines of one text: quotations often run over several sentences. */
interface QuoteState {
  open: boolean;
}

/**
 * Which side a double quote attaches to. Position decides first (a quote that starts a line or follows an opening
 * token opens; one before punctuation or at the end of a line closes, and so does one right after a sentence mark while
 * a quotation is open or the quote is a ''); otherwise `` opens as the tokeniser marked it, and '' closes an open quotation or opens one
 * (the source text used it as an opening mark).
 */
function quoteGlue(tok: string, prev: string | undefined, next: string | undefined, state: QuoteState): Glue {
  let glue: Glue;
  if (next === undefined || /^(?:[.,;:!?)\]}]|''|--)/.test(next)) glue = 'left';
  else if (prev === undefined || ATTACH_RIGHT.test(prev) || prev === '--') glue = 'right';
  else if ((state.open || tok === "''") && /[.,!?]$/.test(prev)) glue = 'left';
  else if (tok === '``') glue = 'right';
  else if (tok === "''") glue = state.open ? 'left' : 'right';
  else glue = state.open ? 'left' : 'right';
  state.open = glue === 'right';
  return glue;
}

function pieces(tokens: readonly string[], state: QuoteState): Piece[] {
  const out: Piece[] = [];
  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    const bracket = BRACKETS[tok];
    if (bracket) out.push({ text: bracket, glue: bracket === '(' || bracket === '[' || bracket === '{' ? 'right' : 'left' });
    else if (tok === '``' || tok === "''" || tok === '"') out.push({ text: '"', glue: quoteGlue(tok, prev, next, state) });
    else if (tok === '`' && next !== undefined && /^(?:s|t|re|ve|ll|d|m)$/.test(next)) out.push({ text: "'", glue: 'both' });
    else if (tok === '`') out.push({ text: "'", glue: 'right' });
    else if (tok === "'") out.push({ text: "'", glue: prev === undefined || ATTACH_RIGHT.test(prev) ? 'right' : 'left' });
    else if (tok === '--') out.push({ text: '—', glue: 'none' });
    else if (ATTACH_LEFT.test(tok)) out.push({ text: tok, glue: 'left' });
    else if (ATTACH_RIGHT.test(tok)) out.push({ text: tok, glue: 'right' });
    else out.push({ text: tok, glue: 'none' });
  });
  return out;
}

function detokenizeLine(line: string, state: QuoteState): string {
  // Bracket tokens are sometimes glued to their neighbours ("(800-RRB-860"): space them out first.
  // Two single opening marks in a row ("` `") are one double one.
  const tokens = line
    .replace(/-[LR][RSC]B-/g, ' $& ')
    .replace(/(^| )` `(?= )/g, '$1``')
    .split(/ +/)
    .filter(Boolean);
  let out = '';
  let glueNext = true;
  for (const p of pieces(tokens, state)) {
    if (!glueNext && p.glue !== 'left' && p.glue !== 'both') out += ' ';
    out += p.text;
    glueNext = p.glue === 'right' || p.glue === 'both';
  }
  return out;
}

/**
 * The dataset's sentence splitter broke lines at dots that end no sentence: inside a stock ticker in brackets
 * ("(BP . \nL -RRB- said" for "(BP.L) said"), inside a time ("(9:05 am . \nET -RRB-"), and inside "U.S." ("U . \nS.").
 * Each piece became a "sentence" of its own ("L) said its Asia-Pacific sales…").
 */
function rejoinFalseBreaks(text: string): string {
  return text
    .replace(/(\S+) \. *\n([A-Za-z]{1,4}) (?=-RRB-)/g, (_m, before: string, after: string) =>
      // "BP.L", "9:05 am ET", "a.m. ET".
      /^[A-Z0-9]{1,6}[a-z]?$/.test(before) ? `${before}.${after} ` : /^\p{Ll}+$/u.test(before) ? `${before} ${after} ` : `${before}. ${after} `,
    )
    .replace(/(?<![\p{L}\p{N}])(\p{Lu}) \. *\n(\p{Lu})\.(?=\s)/gu, '$1.$2.');
}

/** Turns tokenised text back into running text, line by line (lines are kept: they separate sentences). */
export function detokenize(text: string): string {
  const state: QuoteState = { open: false };
  // The tokeniser escaped slashes and asterisks ("Tim Sloan\\/AFP", "\\* Marines arrive"); they are plain in running text.
  return rejoinFalseBreaks(text.replace(/\\([/*])/g, '$1'))
    .split('\n')
    .map((line) => detokenizeLine(line.trim(), state))
    .filter(Boolean)
    .join('\n');
}

// Marks that only tokenised text has: bracket tokens, split quotes, split clitics.
const TOKEN_MARKS = /-[LR][RSC]B-|``|\s''(?=\s|$)|\sn't\s|\s'(?:s|re|ve|ll|d|m)\s/g;

/**
 * True when a text looks Penn-Treebank tokenised: several tokeniser marks, or punctuation spaced off its words almost
 * everywhere. Used to detokenise Timeline17 articles whatever their file is called.
 */
export function looksTokenized(text: string): boolean {
  const sample = text.length > 20_000 ? text.slice(0, 20_000) : text;
  if ((sample.match(TOKEN_MARKS)?.length ?? 0) >= 2) return true;
  const punct = sample.match(/[,.](?=\s|$)/g)?.length ?? 0;
  const spaced = sample.match(/\s[,.](?=\s|$)/g)?.length ?? 0;
  return punct >= 4 && spaced >= punct * 0.8;
}
