import { XMLValidator } from 'fast-xml-parser';
import { generateOpml, parseOpml } from 'feedsmith';
import { UserError } from '../../core/errors.ts';
import { refuseEntityDeclarations, xmlRoot } from './feed-document.ts';

/** A feed listed in an OPML file. */
export interface OpmlFeed {
  /** Feed URL (`xmlUrl`). */
  url: string;
  /** Title or text of the outline. */
  title: string | null;
  /** Site URL (`htmlUrl`). */
  siteUrl: string | null;
}

interface Outline {
  text?: string;
  title?: string;
  xmlUrl?: string;
  htmlUrl?: string;
  outlines?: Outline[];
}

/** Most outlines read from one file. */
const MAX_OUTLINES = 5_000;

/** Reads the feeds of an OPML subscription list (nested folders included). Throws a UserError for a bad file. */
export function readOpml(text: string): OpmlFeed[] {
  const root = xmlRoot(text.replace(/^\uFEFF/, ''));
  if (!root || root.name.toLowerCase() !== 'opml') {
    throw new UserError('opml.invalid', 'This is not an OPML file: its root element is not <opml>.');
  }
  refuseEntityDeclarations(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new UserError('opml.invalid', `Malformed OPML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  const doc = parseOpml(text) as { body?: { outlines?: Outline[] } };
  const out: OpmlFeed[] = [];
  const walk = (list: Outline[] | undefined): void => {
    for (const o of list ?? []) {
      if (out.length >= MAX_OUTLINES) return;
      if (o.xmlUrl) out.push({ url: o.xmlUrl.trim(), title: (o.title ?? o.text ?? '').trim() || null, siteUrl: o.htmlUrl?.trim() || null });
      walk(o.outlines);
    }
  };
  walk(doc.body?.outlines);
  return out;
}

/** Writes an OPML 2.0 subscription list. */
export function writeOpml(feeds: readonly OpmlFeed[], title: string, now: Date): string {
  return generateOpml({
    head: { title, dateCreated: now },
    body: {
      outlines: feeds.map((f) => ({
        text: f.title ?? f.url,
        ...(f.title ? { title: f.title } : {}),
        type: 'rss',
        xmlUrl: f.url,
        ...(f.siteUrl ? { htmlUrl: f.siteUrl } : {}),
      })),
    },
  });
}
