import type { Article } from '../../src/core/article.ts';
import { writeSummary } from '../../src/briefing/write-summary.ts';
import type { RankWeights } from '../../src/core/developments.ts';
import { terms } from '../../src/core/text.ts';
import { createExtractiveSummarizer } from '../../src/summarize/extractive-summarizer.ts';
import type { DailyInput, DailySystem } from './systems.ts';

/**
 * Sitrep's brief engine on an evaluation instance: what BriefingService.brief runs once it has retrieved the window's
 * articles (writeSummary: ranking with the story's terms and the window bounds, spreading over events, the extractive
 * summarizer asked for `budget` bullets), and the bullets' text as the summary. `weights` overrides the ranking
 * weights (cross-validation candidates).
 */
export function createSitrepSystem(
  articlesById: (id: number) => Article | undefined,
  weights?: Partial<RankWeights>,
  name = 'sitrep',
): DailySystem {
  const summarizer = createExtractiveSummarizer();
  return {
    name,
    async summarize(input: DailyInput) {
      const articles = new Map<number, Article>();
      for (const a of input.articles) {
        const full = articlesById(a.id);
        if (full) articles.set(a.id, full);
      }
      const from = new Date(`${input.date}T00:00:00Z`);
      const to = new Date(from.getTime() + 2 * 86_400_000);
      const queryTerms = terms([input.story.name, ...input.story.aliases].join(' '));
      const out = await writeSummary(summarizer, {
        kind: 'brief',
        workspace: 'eval',
        subject: input.story.name,
        terms: queryTerms,
        window: { from, to },
        articles,
        maxBullets: input.budget,
        minBullets: input.budget,
        ...(weights ? { weights } : {}),
      });
      return out.bullets.map((b) => b.text);
    },
  };
}
