import type { Article } from '../../src/core/article.ts';
import { BULLETS_PER_EVENT } from '../../src/briefing/briefing-service.ts';
import { rankDevelopments } from '../../src/core/developments.ts';
import { limitPerEvent } from '../../src/core/event-groups.ts';
import { terms } from '../../src/core/text.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import type { DailyInput, DailySystem } from './systems.ts';

/**
 * Sitrep's brief engine on an evaluation instance: exactly what BriefingService.brief does once it has retrieved the
 * window's articles — rankDevelopments with the story's terms and the window bounds, at most BULLETS_PER_EVENT per event, then the extractive summarizer
 * asked for `budget` bullets — and the bullets' text as the summary.
 */
export function createSitrepSystem(articlesById: (id: number) => Article | undefined): DailySystem {
  const summarizer = createExtractiveSummarizer();
  return {
    name: 'sitrep',
    async summarize(input: DailyInput) {
      const articles = new Map<number, Article>();
      for (const a of input.articles) {
        const full = articlesById(a.id);
        if (full) articles.set(a.id, full);
      }
      const from = new Date(`${input.date}T00:00:00Z`);
      const to = new Date(from.getTime() + 2 * 86_400_000);
      const queryTerms = terms([input.story.name, ...input.story.aliases].join(' '));
      const ranked = rankDevelopments([...articles.values()], { queryTerms, windowStart: from, windowEnd: to });
      const developments = limitPerEvent(ranked, articles, { perEvent: BULLETS_PER_EVENT, ignoreTerms: queryTerms });
      const out = await summarizer.summarize({
        kind: 'brief',
        workspace: 'eval',
        subject: input.story.name,
        window: { from, to },
        developments,
        articles,
        maxBullets: input.budget,
        minBullets: input.budget,
      });
      return out.bullets.map((b) => b.text);
    },
  };
}
