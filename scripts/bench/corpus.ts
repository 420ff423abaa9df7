import type { NewArticle } from '../../src/core/article.ts';
import { seededRandom, zipfSampler } from '../lib/random.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * A deterministic synthetic news corpus: articles recombined from real news sentences, about a few hundred recurring
 * stories whose frequencies follow Zipf's law, from many outlets, over two years. Each story is an invented
 * keyword (so its true frequency is known) written into sentences in place of a proper noun.
 */

/** Corpus parameters. */
export interface CorpusOptions {
  /** Articles to generate (before duplicates). */
  articles: number;
  /** Seed: the same seed gives the same corpus. */
  seed: number;
  /** Recurring stories. */
  stories?: number;
  /** Outlets. */
  outlets?: number;
  /** First day (UTC). */
  start?: Date;
  /** Days covered. */
  days?: number;
  /** Share of extra items that repeat an earlier article's URL (a feed sending an item again). */
  urlDuplicates?: number;
  /** Share of extra items that repeat an earlier article's text under another URL (syndication). */
  textDuplicates?: number;
  /** The stories, when already made with {@link syntheticStories} (same seed and count). */
  storyList?: SyntheticStory[];
}

/** A story of the corpus. */
export interface SyntheticStory {
  /** Zipf rank, 0 = most frequent. */
  rank: number;
  /** The keyword, as written in articles ("Korvana"). */
  keyword: string;
  /** Expected share of articles about it. */
  share: number;
}

const SYLLABLES = 'ka ko ri ve lo ta mi su na de zo ba gu fe ly tor vin mar sel dun'.split(' ');
const OUTLET_A = 'Daily Morning Evening Global Coastal Northern Southern Capital Metro Frontier Harbor Central'.split(' ');
const OUTLET_B = 'Herald Tribune Post Wire Courier Gazette Observer Monitor Dispatch Ledger'.split(' ');

/** The corpus's story keywords: invented words, none of them in the vocabulary. */
export function syntheticStories(count: number, seed: number, vocabulary: Vocabulary): SyntheticStory[] {
  const rand = seededRandom(seed ^ 0x5eed);
  const known = new Set<string>();
  for (let i = 0; i < vocabulary.count; i++) for (const m of vocabulary.sentence(i).toLowerCase().matchAll(/[a-z]+/g)) known.add(m[0]);
  const zipf = zipfSampler(count);
  const out: SyntheticStory[] = [];
  const used = new Set<string>();
  while (out.length < count) {
    const n = 3 + Math.floor(rand() * 2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (used.has(w) || known.has(w) || w.length < 6) continue;
    used.add(w);
    out.push({ rank: out.length, keyword: w[0]!.toUpperCase() + w.slice(1), share: zipf.probability(out.length) });
  }
  return out;
}

/** Outlet names with their web domains. */
export function syntheticOutlets(count: number): { name: string; domain: string }[] {
  const out: { name: string; domain: string }[] = [];
  for (let i = 0; out.length < count; i++) {
    const a = OUTLET_A[i % OUTLET_A.length]!;
    const b = OUTLET_B[Math.floor(i / OUTLET_A.length) % OUTLET_B.length]!;
    const round = Math.floor(i / (OUTLET_A.length * OUTLET_B.length));
    const name = `The ${a} ${b}${round ? ` ${round + 1}` : ''}`;
    out.push({ name, domain: `${a}${b}${round || ''}.example`.toLowerCase() });
  }
  return out;
}

// A capitalised word inside a sentence that can stand in for a place or a name.
const PROPER = /(?<=\s)[A-Z][a-z]{3,}(?=[\s,.'])/g;

function mention(sentence: string, keyword: string, rand: () => number): string {
  const spots = [...sentence.matchAll(PROPER)];
  if (spots.length > 0) {
    const m = spots[Math.floor(rand() * spots.length)]!;
    return sentence.slice(0, m.index) + keyword + sentence.slice(m.index + m[0].length);
  }
  return `In ${keyword}, ${sentence[0]!.toLowerCase()}${sentence.slice(1)}`;
}

/**
 * Generates the corpus in batches (so a million articles never sit in memory at once), roughly in publication
 * order: day by day, in random order within a day. Duplicates (by URL and by text) are mixed in at the given rates.
 */
export function* generateCorpus(vocabulary: Vocabulary, options: CorpusOptions, batchSize = 2000): Generator<NewArticle[]> {
  const rand = seededRandom(options.seed);
  const stories = options.storyList ?? syntheticStories(options.stories ?? 300, options.seed, vocabulary);
  const outlets = syntheticOutlets(options.outlets ?? 120);
  const storyZipf = zipfSampler(stories.length);
  const outletZipf = zipfSampler(outlets.length, 0.8);
  const days = options.days ?? 730;
  const start = (options.start ?? new Date('2023-01-01T00:00:00Z')).getTime();
  const urlDup = options.urlDuplicates ?? 0.01;
  const textDup = options.textDuplicates ?? 0.005;
  const pick = (): string => vocabulary.sentence(Math.floor(rand() * vocabulary.count));
  const recent: NewArticle[] = [];

  let batch: NewArticle[] = [];
  for (let i = 0; i < options.articles; i++) {
    const day = Math.floor((i * days) / options.articles);
    const publishedAt = new Date(start + day * 86_400_000 + Math.floor(rand() * 86_400_000));
    const story = stories[storyZipf.sample(rand)]!;
    const outlet = outlets[outletZipf.sample(rand)]!;
    const n = 8 + Math.floor(rand() * 13);
    const sentences: string[] = [];
    for (let k = 0; k < n; k++) sentences.push(pick());
    // The story is named in the lede and in a few more sentences; sometimes another story is mentioned in passing.
    sentences[0] = mention(sentences[0]!, story.keyword, rand);
    for (let k = 0; k < 2; k++) {
      const at = 1 + Math.floor(rand() * (n - 1));
      sentences[at] = mention(sentences[at]!, story.keyword, rand);
    }
    if (rand() < 0.2) {
      const other = stories[storyZipf.sample(rand)]!;
      const at = 1 + Math.floor(rand() * (n - 1));
      sentences[at] = mention(sentences[at]!, other.keyword, rand);
    }
    const paragraphs: string[] = [];
    for (let k = 0; k < sentences.length; k += 2) paragraphs.push(sentences.slice(k, k + 2).join(' '));
    const headWords = mention(pick(), story.keyword, rand).replace(/[.!]["']?$/, '').split(' ');
    const article: NewArticle = {
      url: `https://${outlet.domain}/${publishedAt.toISOString().slice(0, 10).replace(/-/g, '/')}/a${i}`,
      title: headWords.slice(0, 8 + Math.floor(rand() * 6)).join(' '),
      source: outlet.name,
      publishedAt,
      language: 'en',
      body: paragraphs.join('\n\n'),
    };
    batch.push(article);
    if (recent.length < 500) recent.push(article);
    else recent[Math.floor(rand() * recent.length)] = article;
    const r = rand();
    if (r < urlDup) batch.push({ ...recent[Math.floor(rand() * recent.length)]! });
    else if (r < urlDup + textDup) {
      const copy = recent[Math.floor(rand() * recent.length)]!;
      batch.push({ ...copy, url: `${copy.url}-syndicated-${i}`, source: outlet.name });
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
