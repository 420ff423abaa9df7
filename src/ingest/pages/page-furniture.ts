/**
 * Page furniture that is not article text but often sits inside the article container, where Readability keeps it:
 * cookie and consent banners, share prompts, "related" and "read more" link lists, newsletter boxes.
 */

// Class or id words that mark a widget. Matched as whole words separated by space, - or _.
const WIDGET =
  /(^|[\s_-])(cookies?|consent|gdpr|share|sharing|social|related|read-?more|more-?stories|newsletter|subscribe|subscription|promo|sponsored|outbrain|taboola|recommended|recirculation|most-?read|popular)([\s_-]|$)/i;
const CONTAINERS = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);
const LIST_HEADING = /^(related( stories| articles| links| content)?|read more|more on this( story)?|see also|you (may|might) also like|recommended( for you)?|most read|popular( now)?|more stories|further reading)\s*:?$/i;
// Paragraphs that are prompts, not prose.
const PROMPT =
  /^(share (this|on|via)\b|share:|follow us\b|sign up (for|to)\b|subscribe (to|for|now)\b|(this|our) (site|website) uses cookies|we use cookies|by continuing to (browse|use)|accept (all )?cookies|manage (your )?(cookie )?preferences|read more:?$|related:?$|advertisement$|click here to\b)/i;
const MAX_PROMPT_CHARS = 220;
// A widget with more text than this is a container that merely has a matching class; keep it.
const MAX_WIDGET_CHARS = 2_000;

interface El {
  tagName: string;
  className?: string;
  id?: string;
  textContent: string | null;
  remove(): void;
  querySelectorAll(selector: string): Iterable<El> & ArrayLike<El>;
  previousElementSibling: El | null;
  children: ArrayLike<El>;
}

/** Removes cookie banners, share boxes and link lists from a parsed page, before Readability reads it. */
export function removeFurniture(doc: { querySelectorAll(selector: string): Iterable<unknown> }): void {
  for (const node of [...doc.querySelectorAll('[class], [id]')] as El[]) {
    if (CONTAINERS.has(node.tagName)) continue;
    const label = `${typeof node.className === 'string' ? node.className : ''} ${node.id ?? ''}`;
    if (!WIDGET.test(label)) continue;
    if ((node.textContent ?? '').length > MAX_WIDGET_CHARS) continue;
    node.remove();
  }
  // Lists whose every item is just a link: related stories, tag clouds, "more from" boxes.
  for (const list of [...doc.querySelectorAll('ul, ol')] as El[]) {
    const items = [...list.querySelectorAll('li')];
    if (items.length < 2) continue;
    const allLinks = items.every((li) => {
      const text = (li.textContent ?? '').trim();
      const linked = [...li.querySelectorAll('a')].map((a) => (a.textContent ?? '').trim()).join(' ').trim();
      return text.length > 0 && linked.length >= text.length * 0.8;
    });
    if (!allLinks) continue;
    const heading = list.previousElementSibling;
    if (heading && /^H[1-6]$/.test(heading.tagName) && LIST_HEADING.test((heading.textContent ?? '').trim())) heading.remove();
    list.remove();
  }
  for (const h of [...doc.querySelectorAll('h2, h3, h4, h5, h6')] as El[]) {
    if (LIST_HEADING.test((h.textContent ?? '').trim())) h.remove();
  }
}

/** Drops paragraphs of extracted text that are prompts (share, subscribe, cookie notices) rather than prose. */
export function dropPromptParagraphs(paragraphs: readonly string[]): string[] {
  return paragraphs.filter((p) => !(p.length <= MAX_PROMPT_CHARS && PROMPT.test(p.trim())));
}
