import type { Article, WorkspaceId } from '../core/article.ts';
import { citeBullets, type Brief, type BriefBullet } from '../core/brief.ts';
import { UserError } from '../core/errors.ts';
import { detectLanguage, languageCode, requireLanguage, type LanguageCode } from '../core/languages.ts';
import { sourceMixOf } from '../core/source-mix.ts';
import { dayOf, describeSpan, describeWindow, parseWindow, type Window, type WindowInput } from '../core/window.ts';
import type { ChannelSettingsStore } from '../store/ports/channel-settings-store.ts';
import type { Store } from '../store/ports/corpus-store.ts';
import type { Summarizer, SummaryKind, SummaryOutput } from '../summarize/summarizer.ts';
import { notCovered } from '../summarize/translation.ts';
import { rankAnswerPassages } from './answer-ranking.ts';
import { changesSince, contradictionsOf, shownOfBullets } from './brief-changes.ts';
import { rankFollowUpPassages } from './follow-up-ranking.ts';
import { resolveSubject, type Subject } from './subject.ts';
import { capForSummary, startSummaryDeadline, summaryLimits, type SummaryLimits } from './summary-limits.ts';
import { storedLanguagesNote } from './stored-languages.ts';
import { selectWindowArticles } from './window-candidates.ts';
import { writeSummary } from './write-summary.ts';

/** Injected collaborators of the briefing use cases. */
export interface BriefingDeps {
  /** Article and story storage. */
  store: Store;
  /** The engine that writes bullets. */
  summarizer: Summarizer;
  /** Current time. */
  clock: () => Date;
  /** Most articles read for one brief: keeps latency flat however large the store grows. */
  maxCandidates?: number;
  /** Time budget of each request's summarizing step (default 20 s on `performance.now`). */
  limits?: Partial<SummaryLimits>;
  /** Per-channel settings (a channel's language); absent: channels have none. */
  channels?: ChannelSettingsStore;
}

/** Common request fields. */
export interface BriefRequest {
  /** Workspace to read. */
  workspace: WorkspaceId;
  /** Story name or free text. */
  subject: string;
  /** `24h`, `7d`, `YYYY-MM-DD`, `yesterday`, `last week`; absent for the default window. */
  since?: string | undefined;
  /** End of the window (`YYYY-MM-DD` includes that day); absent for now. */
  until?: string | undefined;
  /**
   * Where the brief is shown (`slack:C123`, `discord:456`; "" or absent for the workspace as a whole, as in the CLI):
   * a brief says what changed since the previous one of its story shown in the same place.
   */
  scope?: string | undefined;
  /** Only what changed since the previous brief here (`--changes`). */
  changes?: boolean | undefined;
  /** Output language (`fr`, `French`, `français`); absent: as the sources are written. */
  language?: string | undefined;
}

/** A question, optionally within a window and, for a follow-up in a brief's thread, about that brief's subject. */
export interface AnswerRequest {
  /** Workspace to read. */
  workspace: WorkspaceId;
  /** The question as asked. */
  question: string;
  /** Window start (as {@link BriefRequest.since}); absent: all stored articles. */
  since?: string | undefined;
  /** Window end (as {@link BriefRequest.until}); absent: now. */
  until?: string | undefined;
  /** Only articles of this story or search count (a follow-up in the thread of a brief about it). */
  about?: string | undefined;
  /** Answer language (as {@link BriefRequest.language}); absent: the channel's, else the question's own language. */
  language?: string | undefined;
  /** Where the answer is shown (as {@link BriefRequest.scope}): a channel's language applies. */
  scope?: string | undefined;
}

/** The briefing use cases: brief, timeline, answer. */
export interface BriefingService {
  /** Key developments of a story or query in a window, cited. */
  brief(req: BriefRequest): Promise<Brief>;
  /** Dated developments, oldest first, cited. */
  timeline(req: BriefRequest): Promise<Brief>;
  /** Answers a question from the stored articles, cited, or says plainly that they do not cover it. */
  answer(req: AnswerRequest): Promise<Brief>;
  /** The language briefs shown in a channel are written in (null: as the sources are written). */
  channelLanguage(workspace: WorkspaceId, scope: string): Promise<LanguageCode | null>;
  /** Sets the channel's language (`fr`, `French`), or with null clears it; returns what it now is. */
  setChannelLanguage(req: { workspace: WorkspaceId; scope: string; language: string | null; by: string }): Promise<LanguageCode | null>;
}

const DAY = 86_400_000;

export function createBriefingService(deps: BriefingDeps): BriefingService {
  const { store, summarizer, clock } = deps;
  const maxCandidates = deps.maxCandidates ?? 150;
  const limits = summaryLimits(deps.limits);

  async function nothingFound(workspace: WorkspaceId, subject: Subject, window: Window | null): Promise<never> {
    const names = (await store.listStories(workspace)).map((s) => s.name);
    const where = window ? ` between ${dayOf(window.from)} and ${dayOf(window.to)}` : '';
    const stored = window ? 0 : await store.countArticles(workspace);
    throw new UserError('brief.nothing_found', `No stored articles match "${subject.name}"${where}.`, {
      hint: [
        window
          ? 'Try a wider window, e.g. --since 30d.'
          : stored > 0
            ? `None of the ${stored.toLocaleString('en')} stored articles mention it: check the spelling or try other words.`
            : 'Import or add articles first.',
        names.length ? `Tracked stories: ${names.join(', ')}.` : 'No stories are tracked yet.',
      ].join(' '),
    });
  }

  /** The window: explicit, or the default span widened to the newest coverage when the default is empty. */
  async function chooseWindow(
    workspace: WorkspaceId,
    subject: Subject,
    input: WindowInput,
    defaultSpan: number,
    widenSpan: number,
  ): Promise<{ window: Window; notes: string[] }> {
    const now = clock();
    // The newest match (not a count): bounded however many articles match.
    const newest = async (range: Partial<Window>): Promise<Date | undefined> =>
      (await store.searchArticles(workspace, subject.query, { ...range, limit: 1, order: 'newest' }))[0]?.publishedAt;
    if (input.since !== undefined) {
      const window = parseWindow(input, now);
      if (!(await newest(window))) return nothingFound(workspace, subject, window);
      return { window, notes: [] };
    }
    // Only an end (or nothing): the default span before it, widened to the newest coverage before it when empty.
    const window = parseWindow({ until: input.until }, now, defaultSpan);
    if (await newest(window)) return { window, notes: [] };
    const newestAt = await newest(input.until === undefined ? {} : { to: window.to });
    if (!newestAt) return nothingFound(workspace, subject, input.until === undefined ? null : { from: new Date(0), to: window.to });
    const to = new Date(newestAt.getTime() + 1);
    const widened = { from: new Date(to.getTime() - widenSpan), to };
    const before = input.until === undefined ? `the last ${describeSpan(defaultSpan)}` : `the ${describeSpan(defaultSpan)} before ${dayOf(window.to)}`;
    return {
      window: widened,
      notes: [
        `Nothing in ${before}; showing the newest ${Math.round(widenSpan / DAY)} days of coverage ` +
          `(${dayOf(widened.from)} to ${dayOf(newestAt)}).`,
      ],
    };
  }

  async function load(workspace: WorkspaceId, ids: number[]): Promise<Map<number, Article>> {
    return capForSummary(new Map((await store.getArticles(workspace, ids)).map((a) => [a.id, a])));
  }

  function assemble(
    kind: SummaryKind,
    subject: { name: string; kind: Brief['subject'] },
    window: Window,
    out: SummaryOutput,
    articles: Map<number, Article>,
    notes: string[],
    language?: LanguageCode,
  ): Brief {
    const cited = citeBullets(out.bullets, articles);
    const bullets = cited.bullets.map(({ bullet: b, citations }) => {
      const bullet: BriefBullet = { text: b.text, citations, outlets: b.outlets };
      if (b.date) bullet.date = b.date;
      if (b.unverified) bullet.unverified = true;
      if (b.problems?.length) bullet.problems = b.problems;
      if (b.section) bullet.section = b.section;
      if (b.original !== undefined && b.original !== b.text) bullet.original = b.original;
      return bullet;
    });
    const brief: Brief = {
      kind,
      story: subject.name,
      subject: subject.kind,
      window,
      engine: out.engine,
      headline: out.headline,
      bullets,
      sources: cited.sources,
      notes: [...notes, ...out.notes],
      articlesConsidered: articles.size,
    };
    brief.sourceMix = sourceMixOf(
      brief.bullets,
      brief.sources.map((s) => ({ ...s, language: articles.get(s.articleId)?.language ?? null })),
    );
    if (language) brief.language = language;
    if (out.verification) brief.verification = out.verification;
    if (out.llm) brief.llm = out.llm;
    const contradictions = contradictionsOf(brief.bullets, brief.sources, articles);
    if (contradictions.length > 0) brief.contradictions = contradictions;
    return brief;
  }

  /** A channel's language, or null when it has none. */
  async function channelLanguage(workspace: WorkspaceId, scope: string): Promise<LanguageCode | null> {
    const stored = deps.channels ? await deps.channels.channelLanguage(workspace, scope) : null;
    return stored ? languageCode(stored) : null;
  }

  /** The language asked for: the request's, else the channel's; undefined for none. */
  async function askedLanguage(req: { workspace: WorkspaceId; language?: string | undefined; scope?: string | undefined }): Promise<LanguageCode | undefined> {
    if (req.language !== undefined) return requireLanguage(req.language);
    return req.scope === undefined ? undefined : ((await channelLanguage(req.workspace, req.scope)) ?? undefined);
  }

  async function briefLike(req: BriefRequest, kind: 'brief' | 'timeline'): Promise<Brief> {
    const language = await askedLanguage(req);
    const subject = await resolveSubject(store, req.workspace, req.subject);
    const { window, notes } =
      kind === 'brief'
        ? await chooseWindow(req.workspace, subject, req, DAY, 7 * DAY)
        : await chooseWindow(req.workspace, subject, req, 30 * DAY, 30 * DAY);
    // The whole window, not only its newest articles: a sample spread over time when there are too many to read.
    const selection = await selectWindowArticles(store, req.workspace, subject.query, window, kind === 'brief' ? maxCandidates : maxCandidates * 2);
    const articles = await load(
      req.workspace,
      selection.hits.map((h) => h.id),
    );
    const out = await writeSummary(summarizer, {
      kind,
      workspace: req.workspace,
      subject: subject.name,
      terms: subject.terms,
      window,
      articles,
      maxBullets: kind === 'brief' ? 7 : 20,
      minBullets: kind === 'brief' ? 3 : 1,
      deadline: startSummaryDeadline(limits),
      ...(language ? { language } : {}),
    });
    const brief = assemble(kind, { name: subject.name, kind: subject.story ? 'story' : 'query' }, window, out, articles, notes, language);
    brief.coverage = { matched: selection.matched, exact: selection.exact, method: selection.method };
    if (brief.bullets.length === 0) {
      brief.notes.push('The matching articles contain no complete sentences to quote; see the sources below.');
    }
    const scope = req.scope ?? '';
    const shown = shownOfBullets(brief.bullets, brief.sources, subject.terms);
    const cited = brief.sources.map((s) => s.articleId);
    if (kind === 'brief') {
      // The previous brief of this story shown here, read before this one is recorded.
      const previous = await store.lastBrief(req.workspace, subject.name, kind, scope);
      if (previous) brief.changes = await changesSince(req.workspace, previous, shown, brief.sources, (w, ids) => store.getArticles(w, ids));
      else if (req.changes) {
        brief.notes.push(`This is the first brief of "${subject.name}" ${scope ? 'here' : 'in this workspace'}: there is no earlier one to compare with.`);
      }
      if (req.changes && previous) brief.focus = 'changes';
    }
    await store.recordBrief(req.workspace, {
      subject: subject.name,
      kind,
      windowFrom: window.from,
      windowTo: window.to,
      engine: brief.engine,
      createdAt: clock(),
      articleIds: cited,
      scope,
      shown,
    });
    return brief;
  }

  return {
    brief: (req) => briefLike(req, 'brief'),
    timeline: (req) => briefLike(req, 'timeline'),

    async answer(req) {
      const question = req.question.replace(/\s+/g, ' ').trim();
      if (!question) throw new UserError('answer.empty', 'Ask a question, e.g. "what did Syria sign with the coalition?"');
      if (question.length > 500) {
        throw new UserError('answer.too_long', `That question is ${question.length} characters; the limit is 500.`);
      }
      // Answered in the language asked for, else the channel's, else the question's own.
      const asked = await askedLanguage(req);
      const language = asked ?? detectLanguage(question);
      const now = clock();
      const window = parseWindow(req, now);
      const about = req.about ? await resolveSubject(store, req.workspace, req.about) : null;
      const ranked = about
        ? await rankFollowUpPassages(store, req.workspace, question, about, window, 40, limits)
        : await rankAnswerPassages(store, req.workspace, question, window, 40, limits);
      // A follow-up says what it was answered from, so the reader knows why other articles were not used.
      const scope = about ? [`A follow-up on ${about.name}: answered from its articles of ${describeWindow(window)}.`] : [];
      const subject = { name: question, kind: 'question' as const };
      if (ranked.developments.length === 0) {
        const languages = await storedLanguagesNote(store, req.workspace, question);
        return {
          kind: 'answer',
          story: question,
          subject: 'question',
          window,
          engine: 'extractive',
          ...(asked ? { language } : {}),
          headline: notCovered(language),
          bullets: [],
          sources: [],
          notes: [
            ...scope,
            ranked.articles.size === 0
              ? 'No stored article mentions these words.'
              : `${ranked.articles.size} articles mention some of these words, but none answers the question.`,
            ...(languages ? [languages] : []),
          ],
          articlesConsidered: ranked.articles.size,
        };
      }
      const out = await summarizer.summarize({
        kind: 'answer',
        workspace: req.workspace,
        subject: question,
        window,
        developments: ranked.developments,
        articles: ranked.articles,
        maxBullets: 3,
        minBullets: 1,
        deadline: ranked.deadline,
        language,
      });
      return assemble('answer', subject, window, out, ranked.articles, scope, asked);
    },

    channelLanguage,

    async setChannelLanguage(req) {
      if (!deps.channels) throw new UserError('language.no_settings', 'Channel settings are not available here.');
      const language = req.language === null ? null : requireLanguage(req.language);
      await deps.channels.setChannelLanguage(req.workspace, req.scope, language, req.by, clock());
      return language;
    },
  };
}
