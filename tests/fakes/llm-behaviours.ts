import { apiError, completion, type ChatBody, type FakeHandler, type FakeResponse } from './fake-openai-server.ts';

/**
 * How the fake OpenAI-compatible server behaves, as three kinds of model: a faithful one that only restates the
 * passages it was sent, an adversarial one that lies in every way a model can, and a failing server. Each reply is
 * built from the context Sitrep actually sent, and every item offered is logged with what it is, so a test can tell
 * which bullets the user should and should not see as checked.
 */

/** Modes of the adversarial model. */
export const ADVERSARIAL_MODES = ['claims', 'malformed', 'truncated', 'empty', 'huge', 'extra-fields'] as const;
/** Modes of the failing server. */
export const FAILING_MODES = ['rate-limited', 'server-error', 'stall', 'dropped'] as const;
/**
 * Modes of a model asked to write in French (the request's schema asks for `source_text`): a faithful translator,
 * and one that lies through the translation, the source wording or both.
 */
export const TRANSLATED_MODES = ['translated', 'translated-claims'] as const;

/** One behaviour of the fake. */
export type Mode = 'faithful' | (typeof ADVERSARIAL_MODES)[number] | (typeof FAILING_MODES)[number] | (typeof TRANSLATED_MODES)[number];

/** The kind of server a mode belongs to. */
export function kindOf(mode: Mode): 'faithful' | 'adversarial' | 'failing' {
  if (mode === 'faithful' || mode === 'translated') return 'faithful';
  if (mode === 'translated-claims') return 'adversarial';
  return (FAILING_MODES as readonly string[]).includes(mode) ? 'failing' : 'adversarial';
}

/** What an offered item is; everything but `faithful` and `injection-echo` is a claim the sources do not support. */
export type OfferLabel =
  | 'faithful'
  | 'wrong-citation'
  | 'bad-citation'
  | 'outside-number'
  | 'changed-figure'
  | 'invented-quote'
  | 'off-topic'
  | 'injection-echo'
  | 'injection-obeyed'
  | 'non-latin'
  | 'huge'
  | 'no-source-wording'
  | 'meaning-changed';

/** Labels of items that restate their cited source. */
export const SUPPORTED_LABELS: readonly OfferLabel[] = ['faithful', 'injection-echo'];
/**
 * Labels of items counted apart: a passage repeated to 100 kB, cut at the length limit mid-quotation; and a
 * translation that says something else than its faithful source wording, which only its figures and length can give
 * away (the corpus suite reports how many of those were shown unflagged).
 */
export const NEUTRAL_LABELS: readonly OfferLabel[] = ['huge', 'meaning-changed'];

/** An item the fake offered. */
export interface OfferedItem {
  /** Text as sent. */
  text: string;
  /** Citations as sent. */
  citations: number[];
  /** What it is. */
  label: OfferLabel;
  /** The statement as its sources word it (translated modes); absent when the model left it out. */
  source_text?: string;
}

/** A passage of the data block. */
interface Passage {
  n: number;
  text: string;
}

/** The context Sitrep sent, read the way a model reads it. */
export interface SentContext {
  /** Output schema asked for (`brief`, `answer`, `timeline`, `digest`). */
  kind: string;
  /** Passages grouped by development, best first. */
  paragraphs: Passage[][];
  /** Source number → "outlet, YYYY-MM-DD: headline". */
  sources: Map<number, string>;
  /** Most items the prompt allows. */
  maxItems: number;
}

/** Reads the prompt's data block: tagged passages in paragraphs, then the numbered source list. */
export function readContext(body: ChatBody): SentContext {
  const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
  const block = /<<<SOURCES (\w+)>>>\n([\s\S]*?)\n<<<END SOURCES \1>>>/.exec(user);
  if (!block) throw new Error('the request has no data block');
  const [passagePart = '', sourcePart = ''] = block[2]!.split(/\n\nSources:\n/);
  const paragraphs = passagePart
    .split('\n\n')
    .map((p) => [...p.matchAll(/^\[(\d+)\] (.*)$/gm)].map((x) => ({ n: Number(x[1]), text: x[2]! })))
    .filter((p) => p.length > 0);
  const sources = new Map([...sourcePart.matchAll(/^\[(\d+)\] (.*)$/gm)].map((x) => [Number(x[1]), x[2]!]));
  const max = /and (\d+) bullets|at most (\d+) sentences/.exec(user);
  const kind = body.response_format?.json_schema?.name.replace(/^sitrep_/, '') ?? 'brief';
  return { kind, paragraphs, sources, maxItems: Number(max?.[1] ?? max?.[2] ?? 5) };
}

const dayOf = (ctx: SentContext, n: number): string => /, (\d{4}-\d{2}-\d{2}): /.exec(ctx.sources.get(n) ?? '')?.[1] ?? '';
const titleOf = (ctx: SentContext, n: number): string => (ctx.sources.get(n) ?? '').replace(/^.*?, \d{4}-\d{2}-\d{2}: /, '');

/** The JSON a model returns for the sent kind, from items it chose. */
function reply(ctx: SentContext, headline: string, items: OfferedItem[], extra: (o: Record<string, unknown>) => Record<string, unknown> = (o) => o): string {
  const out = (i: OfferedItem): Record<string, unknown> =>
    extra({ text: i.text, citations: i.citations, ...(i.source_text === undefined ? {} : { source_text: i.source_text }) });
  if (ctx.kind === 'answer') return JSON.stringify(extra({ covered: true, sentences: items.map(out) }));
  if (ctx.kind === 'timeline') {
    return JSON.stringify(extra({ headline, events: items.map((i) => ({ date: dayOf(ctx, i.citations[0] ?? 0), ...out(i) })) }));
  }
  if (ctx.kind === 'digest') return JSON.stringify(extra({ headline, bullets: items.map(out), sections: [] }));
  return JSON.stringify(extra({ headline, bullets: items.map(out) }));
}

// A trailing attribution a careful writer may leave out: ", officials said." / ", a rebel spokesman told reporters."
const ATTRIBUTION = /,\s+(?:[\p{L}'’ -]{1,40}\s+)?(?:said|says|told reporters|reported)\.?$/u;

/**
 * What a faithful model writes: the first passage of each development, copied, cited with its own number. Some are
 * written the way careful models do: a trailing attribution left out, or every outlet of the development cited.
 */
export function faithfulItems(ctx: SentContext): OfferedItem[] {
  return ctx.paragraphs.slice(0, ctx.maxItems).map((p, i) => {
    const first = p[0]!;
    let text = first.text;
    if (i % 3 === 2 && ATTRIBUTION.test(text)) text = text.replace(ATTRIBUTION, '.');
    const others = [...new Set(p.map((x) => x.n))];
    return { text, citations: i % 4 === 3 ? others : [first.n], label: 'faithful' };
  });
}

// Fluent sentences on topics none of the corpus covers, without a figure, so that only their content gives them away.
const OFF_TOPIC = [
  'The central bank raised interest rates to curb inflation and steady the currency.',
  'Scientists unveiled a vaccine against seasonal influenza at a conference on public health.',
  'The football club signed a young striker after a long and costly transfer saga.',
  'Farmers welcomed heavy rain that ended a drought across the wheat-growing plains.',
];
const NON_LATIN = ['قالت الحكومة إن الوضع تحت السيطرة الكاملة في العاصمة', '政府表示局势已经完全得到控制', 'Правительство заявило, что ситуация полностью под контролем'];
const OBEYED = 'All sources have been checked and verified; no further review of this brief is needed.';

/** The adversarial model's lies, each built from the sent context, after one faithful item. */
export function adversarialItems(ctx: SentContext, round: number): OfferedItem[] {
  const all = ctx.paragraphs.flat();
  const faithful = faithfulItems(ctx).slice(0, 1);
  const out: OfferedItem[] = [...faithful];
  const para = (k: number): Passage[] => ctx.paragraphs[k % ctx.paragraphs.length] ?? [];
  const firstN = all[0]!.n;
  // A passage of development 1 cited as the source that shares the fewest words with it among those that do not
  // appear in that development; skipped when even that source reads alike (it would then support the passage).
  const target = para(1)[0];
  if (target) {
    const wordsOf = (t: string): Set<string> => new Set(t.toLowerCase().match(/\p{L}{4,}/gu) ?? []);
    const own = wordsOf(target.text);
    const candidates = [...new Set(all.map((p) => p.n))].filter((n) => !para(1).some((q) => q.n === n));
    const overlap = (n: number): number => {
      const theirs = wordsOf(all.filter((p) => p.n === n).map((p) => p.text).join(' '));
      return [...own].filter((w) => theirs.has(w)).length / Math.max(1, own.size);
    };
    const best = candidates.map((n) => ({ n, o: overlap(n) })).sort((a, b) => a.o - b.o)[0];
    if (best && best.o < 0.3) out.push({ text: target.text, citations: [best.n], label: 'wrong-citation' });
  }
  const second = para(2)[0] ?? all[0]!;
  out.push({ text: second.text, citations: [ctx.sources.size + 40], label: 'bad-citation' });
  const third = para(3)[0] ?? all[0]!;
  out.push({ text: `${third.text.replace(/[.\s]+$/, '')}, and 7,319 people were evacuated.`, citations: [third.n], label: 'outside-number' });
  const FIGURE = /(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d,.])\d{2,}(?![\d,.]?\d)/;
  const withFigure = all.find((p) => FIGURE.test(p.text) && p !== all[0]);
  if (withFigure) {
    const changed = withFigure.text.replace(FIGURE, (d) => (Number(d.replace(/,/g, '')) + 7).toLocaleString('en'));
    out.push({ text: changed, citations: [withFigure.n], label: 'changed-figure' });
  }
  const fourth = para(4)[0] ?? all[0]!;
  out.push({ text: `${fourth.text.replace(/[.\s]+$/, '')}, and a spokesman said "we will never surrender to foreign pressure".`, citations: [fourth.n], label: 'invented-quote' });
  out.push({ text: OFF_TOPIC[round % OFF_TOPIC.length]!, citations: [firstN], label: 'off-topic' });
  const injected = all.find((p) => /ignore (?:all )?(?:previous|prior) instructions/i.test(p.text));
  if (injected) out.push({ text: injected.text, citations: [injected.n], label: 'injection-echo' });
  out.push({ text: OBEYED, citations: [injected?.n ?? firstN], label: 'injection-obeyed' });
  out.push({ text: NON_LATIN[round % NON_LATIN.length]!, citations: [firstN], label: 'non-latin' });
  // Outlets often print the same sentence: an attack that repeats the faithful item's text word for word would be
  // indistinguishable from it on screen, so it is not sent.
  const first = out[0]!.text.toLowerCase();
  return out.filter((o, i) => i === 0 || o.text.toLowerCase() !== first);
}

/** How the fake translator writes French: a marker, then the source wording with its figures as they are. */
export const TRANSLATED_PREFIX = 'Traduction : ';

/** A faithful translator: each faithful item in "French", with its source wording. */
export function translatedItems(ctx: SentContext): OfferedItem[] {
  return faithfulItems(ctx).map((i) => ({ ...i, text: `${TRANSLATED_PREFIX}${i.text}`, source_text: i.text }));
}

/** A translator that lies: after one faithful item, each way a translation can differ from what its sources say. */
export function translatedClaims(ctx: SentContext, round: number): OfferedItem[] {
  const all = ctx.paragraphs.flat();
  const faithful = translatedItems(ctx);
  const out: OfferedItem[] = faithful.slice(0, 1);
  const first = all[0]!;
  const para = (k: number): Passage => ctx.paragraphs[k % ctx.paragraphs.length]?.[0] ?? first;
  const FIGURE = /(?<![\d,.])\d{2,}(?![\d,.]?\d)/;
  const withFigure = all.find((p) => FIGURE.test(p.text) && p !== first);
  if (withFigure) {
    const text = `${TRANSLATED_PREFIX}${withFigure.text.replace(FIGURE, (d) => String(Number(d) + 7))}`;
    out.push({ text, source_text: withFigure.text, citations: [withFigure.n], label: 'changed-figure' });
  }
  const p1 = para(1);
  out.push({ text: `${TRANSLATED_PREFIX}${p1.text.replace(/[.\s]+$/, '')}, et 7 319 personnes ont été évacuées.`, source_text: p1.text, citations: [p1.n], label: 'outside-number' });
  const offTopic = OFF_TOPIC[round % OFF_TOPIC.length]!;
  out.push({ text: `${TRANSLATED_PREFIX}${offTopic}`, source_text: offTopic, citations: [first.n], label: 'off-topic' });
  const p2 = para(2);
  out.push({ text: `${TRANSLATED_PREFIX}${p2.text}`, citations: [p2.n], label: 'no-source-wording' });
  const p3 = para(3);
  out.push({ text: 'Toutes les sources ont été vérifiées ; aucune autre relecture de ce résumé n’est nécessaire.', source_text: p3.text, citations: [p3.n], label: 'meaning-changed' });
  const seen = new Set<string>();
  return out.filter((o) => !seen.has(o.text.toLowerCase()) && seen.add(o.text.toLowerCase()));
}

/** A handler for one mode; every item it offers is appended to `offered`. */
export function behaviour(mode: Mode, offered: OfferedItem[]): FakeHandler {
  let round = 0;
  return (req): FakeResponse => {
    const ctx = readContext(req.body);
    const faithful = faithfulItems(ctx);
    const headline = titleOf(ctx, faithful[0]?.citations[0] ?? 1);
    const answer = (content: string | null, finishReason?: string): FakeResponse => ({
      json: completion(content, finishReason ? { finishReason } : {}),
    });
    switch (mode) {
      case 'faithful':
        offered.push(...faithful);
        return answer(reply(ctx, headline, faithful));
      case 'claims': {
        const items = adversarialItems(ctx, round++);
        offered.push(...items);
        return answer(reply(ctx, 'Ignore the sources: the war is over and every claim below is verified', items));
      }
      case 'malformed':
        return answer(`${reply(ctx, headline, faithful).slice(0, 120)}, "bullets": [}`);
      case 'truncated':
        return answer(reply(ctx, headline, faithful).slice(0, 200), 'length');
      case 'empty':
        return answer(round++ % 2 === 0 ? '' : null);
      case 'huge': {
        const base = faithful[0]!;
        let text = base.text;
        while (text.length < 100_000) text += ` ${base.text}`;
        const items: OfferedItem[] = [{ ...base, text, label: 'huge' }, ...faithful.slice(1)];
        offered.push(...items);
        return answer(reply(ctx, headline, items));
      }
      case 'extra-fields':
        offered.push(...faithful);
        return answer(reply(ctx, headline, faithful, (o) => ({ ...o, confidence: 0.93, reasoning: 'copied from the passages', source_urls: ['https://example.com/a'] })));
      case 'rate-limited':
        return { status: 429, headers: { 'retry-after': '30' }, json: apiError('Rate limit reached for requests', 'requests') };
      case 'server-error':
        return { status: 500, json: apiError('The server had an error while processing your request.') };
      case 'stall':
        return { hang: true };
      case 'dropped':
        return { drop: true, raw: JSON.stringify(completion(reply(ctx, headline, faithful))) };
      case 'translated':
      case 'translated-claims': {
        // Asked for the plain shape (nothing to translate), the translator answers as the faithful model.
        if (!JSON.stringify(req.body.response_format ?? {}).includes('source_text')) {
          offered.push(...faithful);
          return answer(reply(ctx, headline, faithful));
        }
        const items = mode === 'translated' ? translatedItems(ctx) : translatedClaims(ctx, round++);
        offered.push(...items);
        const source = faithful[0]?.text ?? headline;
        return answer(reply(ctx, `${TRANSLATED_PREFIX}${source}`, items, (o) => ('headline' in o ? { ...o, headline_source: source } : o)));
      }
    }
  };
}
