import { Parser } from 'htmlparser2';
import { cleanText } from '../../core/text.ts';

// Never text: scripts, styles, embedded media, forms, tracking pixels.
const DROP = new Set(['script', 'style', 'noscript', 'iframe', 'object', 'embed', 'video', 'audio', 'svg', 'canvas', 'form', 'button', 'img', 'template', 'head']);
// FeedBurner's "feedflare" and share-button boxes.
const DROP_CLASS = /\b(feedflare|share|sharing|sharedaddy|social)\b/i;
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'tr',
  'table', 'figure', 'figcaption', 'hr', 'dd', 'dt', 'dl', 'header', 'footer', 'aside', 'main', 'nav',
]);
// Lines feeds append to every summary, which are not part of the story.
const BOILERPLATE =
  /^(continue reading|read more|read the full (story|article)|click here to read more|the post .{1,200} appeared first on .{1,120}|this article originally appeared on .{1,120}|\[?(…|\.\.\.)\]?)[\s.…»›→]*$/i;
const MAX_HTML = 2_000_000;

/**
 * Turns an HTML fragment from a feed (a summary, an item's content) into clean plain text: paragraphs separated by
 * blank lines, entities decoded, scripts, media and share links dropped, "Continue reading…" tails removed. A
 * streaming tokenizer (htmlparser2) rather than a DOM: feeds carry thousands of fragments per poll.
 */
export function htmlToText(html: string): string {
  const input = html.length > MAX_HTML ? html.slice(0, MAX_HTML) : html;
  // Plain text (no tags, no entities) needs no parsing.
  if (!/[<&]/.test(input)) return dropBoilerplate(cleanText(input));
  const out: string[] = [];
  // Depth inside a dropped element (htmlparser2 closes void and unclosed elements, so opens and closes pair up).
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const drop = dropDepth > 0 || DROP.has(name) || DROP_CLASS.test(attrs['class'] ?? '');
        if (drop) dropDepth++;
        if (dropDepth > 0) return;
        if (name === 'br') out.push('\n');
        else if (BLOCKS.has(name)) out.push('\n\n');
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          dropDepth--;
          return;
        }
        if (BLOCKS.has(name)) out.push('\n\n');
      },
      ontext(text) {
        if (dropDepth === 0) out.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(input);
  parser.end();
  return dropBoilerplate(cleanText(out.join('')));
}

function dropBoilerplate(text: string): string {
  const lines = text.split('\n');
  while (lines.length > 0 && (BOILERPLATE.test(lines.at(-1)!.trim()) || lines.at(-1)!.trim() === '')) lines.pop();
  return cleanText(lines.join('\n'));
}

/** True when a string looks like it carries HTML markup (a tag or an entity). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}
