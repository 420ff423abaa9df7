import type { Article } from '../core/article.ts';
import { citeBullets, type BriefSource } from '../core/brief.ts';
import { parseCron } from '../core/cron.ts';
import { previousSlot } from '../core/cron-slots.ts';
import { rankDevelopments } from '../core/developments.ts';
import type { Digest, DigestStoryRecord, DigestStorySection, DigestSubscription } from '../core/digest.ts';
import { languageCode } from '../core/languages.ts';
import { isUntranslatedNote } from '../summarize/translation.ts';
import { capPerEvent, dropRepeats, groupEvents } from '../core/event-groups.ts';
import { sourceMixOf, type MixSource } from '../core/source-mix.ts';
import { storyKey, type Story } from '../core/story.ts';
import { storyQuery } from '../core/text-query.ts';
import { terms } from '../core/text.ts';
import { formatShortDateTime } from '../core/zoned-time.ts';
import type { DigestStore } from '../store/ports/digest-store.ts';
import type { Store } from '../store/ports/corpus-store.ts';
import type { Summarizer, SummaryBullet } from '../summarize/summarizer.ts';
import type { BriefShown } from '../core/changes.ts';
import { compareShown } from '../core/changes.ts';
import { citeMovedFigures, contradictionsOf, previousShown, shownOfBullets } from './brief-changes.ts';
import type { VolumeService } from './volume-service.ts';
import { capForSummary, startSummaryDeadline, summaryLimits, type SummaryLimits } from './summary-limits.ts';

/** Collaborators and limits of {@link createDigestBuilder}. */
export interface DigestBuilderDeps {
  /** Articles and stories. */
  store: Store;
  /** Ledger and coverage state. */
  digests: DigestStore;
  /** Writes each story's bullets (kind `digest`). */
  summarizer: Summarizer;
  /** Current time (for history records). */
  clock: () => Date;
  /** Most bullets per story. */
  bulletsPerStory?: number;
  /** Most bullets per event, so one event cannot fill a story's section. */
  bulletsPerEvent?: number;
  /** Most new articles read per story (newest first). */
  maxArticlesPerStory?: number;
  /** How far back a digest reaches, however long ago the previous one was. */
  maxSpanMs?: number;
  /** How many recent posted digests a new bullet must not restate. */
  repeatWindow?: number;
  /** Story volume for the digest's chart (absent: no chart). */
  volume?: VolumeService;
  /** Days the chart shows, ending with the slot's day. Default 14. */
  chartDays?: number;
  /** Time budget of each story's summarizing step (default 20 s). */
  limits?: Partial<SummaryLimits>;
}

/** A built digest and what posting it will cover. */
export interface BuiltDigest {
  /** The content. */
  digest: Digest;
  /** Article-id snapshot the digest was built from (becomes the subscription's `coveredIdMax`). */
  idMax: number;
  /** What each story's part said, for the next digest's repeat check. */
  records: DigestStoryRecord[];
  /** What each story's part showed (by story key), kept in the brief history so the next digest can say what moved. */
  shown?: Record<string, BriefShown>;
}

/** Builds the content of one digest. */
export interface DigestBuilder {
  /** Builds the digest of a subscription for a slot: per story, only what is new since its previous digest. */
  build(subscription: DigestSubscription, slot: Date): Promise<BuiltDigest>;
  /** Records a posted digest in the brief history. */
  recordPosted(subscription: DigestSubscription, built: BuiltDigest): Promise<void>;
}

const DAY = 86_400_000;

/** The brief-history scope of a subscription's channel: digests compare with the previous one posted there. */
function channelScope(sub: DigestSubscription): string {
  return `${sub.channel.platform}:${sub.channel.id}`;
}

export function createDigestBuilder(deps: DigestBuilderDeps): DigestBuilder {
  const { store, digests, summarizer, clock } = deps;
  const perStory = deps.bulletsPerStory ?? 5;
  const perEvent = deps.bulletsPerEvent ?? 2;
  const maxArticles = deps.maxArticlesPerStory ?? 100;
  const maxSpan = deps.maxSpanMs ?? 7 * DAY;
  const repeatWindow = deps.repeatWindow ?? 3;
  const limits = summaryLimits(deps.limits);

  async function storiesOf(sub: DigestSubscription): Promise<{ name: string; story: Story | null }[]> {
    if (sub.stories === 'all') return (await store.listStories(sub.workspace)).map((s) => ({ name: s.name, story: s }));
    return Promise.all(sub.stories.map(async (name) => ({ name, story: await store.getStory(sub.workspace, name) })));
  }

  /** Where this digest starts: the previous digest's slot, else one schedule period back; never beyond `maxSpan`. */
  function coverage(sub: DigestSubscription, slot: Date): { from: Date; notes: string[] } {
    const fallback = previousSlot(parseCron(sub.cron), sub.timeZone, new Date(slot.getTime() - 1)) ?? new Date(slot.getTime() - DAY);
    // A slot older than the last posted one (a failed slot retried late) has nothing left that is new.
    const from = new Date(Math.min((sub.coveredUpTo ?? fallback).getTime(), slot.getTime()));
    if (sub.coveredUpTo && sub.coveredUpTo.getTime() >= slot.getTime()) {
      const upTo = formatShortDateTime(sub.coveredUpTo, sub.timeZone);
      return { from, notes: [`This slot was already covered by a digest up to ${upTo}; only articles stored since then are included.`] };
    }
    if (slot.getTime() - from.getTime() > maxSpan) {
      const days = Math.round(maxSpan / DAY);
      return { from: new Date(slot.getTime() - maxSpan), notes: [`The previous digest was long ago; this one covers the last ${days} days.`] };
    }
    return { from, notes: [] };
  }

  async function section(
    sub: DigestSubscription,
    slot: Date,
    from: Date,
    idMax: number,
    entry: { name: string; story: Story },
    posted: readonly string[],
  ): Promise<{ section: DigestStorySection; articles: Map<number, Article>; chosen: SummaryBullet[] }> {
    const hits = await digests.digestCandidates(sub.workspace, {
      query: storyQuery(entry.story),
      slot,
      coveredUpTo: from,
      coveredIdMax: sub.coveredIdMax,
      lateFrom: new Date(slot.getTime() - maxSpan),
      idMax,
      limit: maxArticles,
    });
    const articles = capForSummary(new Map((await store.getArticles(sub.workspace, hits.map((h) => h.id))).map((a) => [a.id, a])));
    const base: DigestStorySection = { story: entry.story.name, status: 'quiet', bullets: [], articlesRead: articles.size, engine: null, notes: [] };
    if (articles.size === 0) return { section: base, articles, chosen: [] };
    const storyTerms = terms([entry.story.name, ...entry.story.aliases].join(' '));
    const language = sub.language ? languageCode(sub.language) : null;
    const deadline = startSummaryDeadline(limits);
    const ranked = dropRepeats(
      rankDevelopments([...articles.values()], { queryTerms: storyTerms, windowStart: from, windowEnd: slot, deadline }),
      posted,
      undefined,
      deadline,
    );
    const events = groupEvents(ranked, articles, { ignoreTerms: storyTerms, deadline });
    const eventOfArticle = new Map<number, number>();
    ranked.forEach((d, i) => d.articleIds.forEach((id) => eventOfArticle.set(id, events[i]!)));
    const out = await summarizer.summarize({
      kind: 'digest',
      workspace: sub.workspace,
      subject: entry.story.name,
      window: { from, to: slot },
      developments: capPerEvent(ranked, events, perEvent),
      articles,
      maxBullets: perStory,
      minBullets: 1,
      deadline,
      ...(language ? { language } : {}),
    });
    // The engine may merge or reorder; the cap is applied to what it wrote as well, by each bullet's first source.
    const bullets = out.bullets.filter((b) => b.articleIds.some((id) => articles.has(id)));
    const chosen = capPerEvent(
      bullets,
      bullets.map((b, i) => eventOfArticle.get(b.articleIds[0]!) ?? -1 - i),
      perEvent,
    ).slice(0, perStory);
    return {
      section: { ...base, status: chosen.length ? 'new' : 'quiet', engine: out.engine, notes: out.notes },
      articles,
      chosen,
    };
  }

  return {
    async build(sub, slot) {
      const idMax = await digests.maxArticleId(sub.workspace);
      const { from, notes } = coverage(sub, slot);
      // Nothing repeated: not what recent digests said (under any story), nor what an earlier section of this one says.
      const said = (await digests.recentPostedStories(sub.id, repeatWindow)).flatMap((r) => r.bullets);
      const sections: DigestStorySection[] = [];
      const sources: BriefSource[] = [];
      const mixSources: MixSource[] = [];
      const records: DigestStoryRecord[] = [];
      const charted: Story[] = [];
      const shown: Record<string, BriefShown> = {};
      for (const entry of await storiesOf(sub)) {
        if (!entry.story) {
          sections.push({ story: entry.name, status: 'untracked', bullets: [], articlesRead: 0, engine: null, notes: [] });
          continue;
        }
        const built = await section(sub, slot, from, idMax, { name: entry.name, story: entry.story }, said);
        const cited = citeBullets(built.chosen, built.articles);
        // Number each story's sources after the previous story's, so every section cites its own block of sources.
        const offset = sources.length;
        sources.push(...cited.sources.map((s) => ({ ...s, n: s.n + offset })));
        built.section.bullets = cited.bullets.map(({ bullet, citations }) => ({
          text: bullet.text,
          citations: citations.map((n) => n + offset),
          outlets: bullet.outlets,
          // A bullet the checks could not confirm stays marked in the digest, as in a brief.
          ...(bullet.unverified ? { unverified: true, problems: bullet.problems ?? [] } : {}),
          ...(bullet.original && bullet.original !== bullet.text ? { original: bullet.original } : {}),
        }));
        if (built.section.bullets.length > 0) {
          const contradictions = contradictionsOf(built.section.bullets, sources, built.articles);
          if (contradictions.length > 0) built.section.contradictions = contradictions;
          const storyShown = shownOfBullets(built.section.bullets, sources, terms([entry.story.name, ...entry.story.aliases].join(' ')));
          shown[storyKey(entry.story.name)] = storyShown;
          // Figures that moved since the previous digest of this story in this channel; an earlier article the
          // section no longer cites is numbered right after the section's own sources.
          const previous = await store.lastBrief(sub.workspace, entry.story.name, 'digest', channelScope(sub));
          if (previous) {
            const moved = compareShown(previousShown(previous), storyShown).figures;
            if (moved.length > 0) built.section.figures = await citeMovedFigures(sub.workspace, moved, sources, (w, ids) => store.getArticles(w, ids));
          }
          const withLanguage = cited.sources.map((s) => ({ ...s, n: s.n + offset, language: built.articles.get(s.articleId)?.language ?? null }));
          built.section.sourceMix = sourceMixOf(built.section.bullets, withLanguage);
          mixSources.push(...withLanguage);
        }
        // Repeats are told by the sources' wording, so a digest in another language still knows what it said.
        said.push(...built.section.bullets.map((b) => b.original ?? b.text));
        sections.push(built.section);
        if (built.section.status === 'new') {
          charted.push(entry.story);
          records.push({
            story: entry.story.name,
            bullets: built.section.bullets.map((b) => b.original ?? b.text),
            articleIds: cited.sources.map((s) => s.articleId),
          });
        }
      }
      // "Not in French: …" is said once for the digest rather than under every story.
      const untranslated = [...new Set(sections.flatMap((s) => s.notes.filter(isUntranslatedNote)))];
      for (const s of sections) s.notes = s.notes.filter((n) => !isUntranslatedNote(n));
      notes.push(...untranslated);
      const order = { new: 0, quiet: 1, untracked: 2 } as const;
      sections.sort((a, b) => order[a.status] - order[b.status]);
      const digest: Digest = { subscriptionId: sub.id, slot, timeZone: sub.timeZone, coversFrom: from, sections, sources, notes };
      if (sections.length === 0) digest.notes.push('No stories are tracked in this workspace yet.');
      if (deps.volume && charted.length > 0) {
        const volume = await deps.volume.ofStories(sub.workspace, charted, slot, deps.chartDays ?? 14);
        if (volume.length > 0) digest.volume = volume;
      }
      const allBullets = sections.flatMap((s) => s.bullets);
      if (allBullets.length > 0) digest.sourceMix = sourceMixOf(allBullets, mixSources);
      return { digest, idMax, records, shown };
    },

    async recordPosted(sub, built) {
      for (const s of built.digest.sections) {
        if (s.status !== 'new') continue;
        const record = built.records.find((r) => storyKey(r.story) === storyKey(s.story));
        await store.recordBrief(sub.workspace, {
          subject: s.story,
          kind: 'digest',
          windowFrom: built.digest.coversFrom,
          windowTo: built.digest.slot,
          engine: s.engine ?? 'extractive',
          createdAt: clock(),
          articleIds: record?.articleIds ?? [],
          scope: channelScope(sub),
          ...(built.shown?.[storyKey(s.story)] ? { shown: built.shown[storyKey(s.story)]! } : {}),
        });
      }
    },
  };
}
