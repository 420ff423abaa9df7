import { UserError } from '../../core/errors.ts';
import { decodeText } from '../http/decode-text.ts';
import { extractArticle, type ExtractedPage } from './html-extract.ts';
import type { SafeFetcher } from '../http/safe-fetch.ts';

/** An article page read from the web. */
export interface ArticlePage extends ExtractedPage {
  /** URL the page was finally served from (after redirects). */
  fetchedFrom: string;
}

/** Reads article pages through the safe fetcher and extracts their main text. */
export interface ArticlePageReader {
  /** Fetches and extracts one page. Throws FetchError or a UserError ("no article text") naming the reason. */
  read(url: string): Promise<ArticlePage>;
}

/** Largest article page read. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export function createArticlePageReader(deps: { fetcher: SafeFetcher }): ArticlePageReader {
  return {
    async read(url) {
      const res = await deps.fetcher.fetch(url, { expect: 'html', maxBytes: MAX_PAGE_BYTES });
      if (res.body.subarray(0, 4096).includes(0)) {
        throw new UserError('ingest.binary', `${res.url} is binary data, not a web page.`);
      }
      const { text } = decodeText(res.body, res.charset);
      return { ...extractArticle(text, res.url), fetchedFrom: res.url };
    },
  };
}
