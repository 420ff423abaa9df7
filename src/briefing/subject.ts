import type { WorkspaceId } from '../core/article.ts';
import { UserError } from '../core/errors.ts';
import { aliasSyntax, type Story } from '../core/story.ts';
import { freeTextQuery, isEmptyQuery, storyQuery, type TextQuery } from '../core/text-query.ts';
import { isStopword, terms, words } from '../core/text.ts';
import type { Store } from '../store/ports/corpus-store.ts';

/** What a brief or timeline is about: a tracked story, or free text used as a query. */
export interface Subject {
  /** Display name. */
  name: string;
  /** The tracked story, when it is one. */
  story: Story | null;
  /** The search query. */
  query: TextQuery;
  /** Content terms, for ranking. */
  terms: string[];
}

const MAX_SUBJECT = 200;

/** Resolves user input to a tracked story or a free-text query, with clear errors for unusable input. */
export async function resolveSubject(store: Store, workspace: WorkspaceId, raw: string): Promise<Subject> {
  // eslint-disable-next-line no-control-regex
  const text = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (!text) {
    const names = (await store.listStories(workspace)).map((s) => s.name);
    throw new UserError('brief.empty_subject', 'Name a story or type a few words to search for.', {
      hint: names.length ? `Tracked stories: ${names.join(', ')}` : 'No stories are tracked yet: try `track syria`.',
    });
  }
  if (text.length > MAX_SUBJECT) {
    throw new UserError(
      'brief.subject_too_long',
      `That is ${text.length} characters; a story name or search is at most ${MAX_SUBJECT}.`,
    );
  }
  const story = await store.getStory(workspace, text);
  if (story) {
    // Excluded words (`-football`) say what the story is not: they must not make a sentence more relevant.
    const wanted = [story.name, ...story.aliases].filter((a) => aliasSyntax(a).kind !== 'exclude');
    return { name: story.name, story, query: storyQuery(story), terms: terms(wanted.join(' ')) };
  }
  const all = words(text);
  if (all.length > 0 && all.every(isStopword)) {
    // A query of only common words would match nearly every article: refuse it like one with no words at all.
    throw new UserError('brief.no_words', `"${text}" has only common words ("${all.slice(0, 5).join('", "')}") to search for.`, {
      hint: 'Name a tracked story or add a distinctive word, e.g. a place, a person or an organisation.',
    });
  }
  const query = freeTextQuery(text);
  if (isEmptyQuery(query)) {
    throw new UserError('brief.no_words', `"${text}" has no words to search for.`);
  }
  return { name: text, story: null, query, terms: terms(text) };
}
