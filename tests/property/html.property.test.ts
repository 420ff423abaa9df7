import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../src/ingest/pages/html-extract.ts';
import { htmlToText, looksLikeHtml } from '../../src/ingest/feeds/html-text.ts';
import { expectLinear, onlyOurErrors, RUNS, text, timing } from './property-helpers.ts';

const markup = fc
  .array(fc.oneof(fc.constantFrom('<p>', '</p>', '<div>', '</div>', '<b>', '<a href="https://x.example/">', '</a>', '<br>', '<script>', '</script>', '<!--', '-->', '&amp;', '&#x1F600;', '&nbsp;', '<', '>'), text), { maxLength: 60 })
  .map((p) => p.join(''));

describe('HTML to text: properties on arbitrary, hostile and nested markup', () => {
  it('htmlToText terminates, never throws, returns clean text without tags from scripts', () => {
    fc.assert(
      fc.property(fc.oneof(markup, text), (s) => {
        const out = htmlToText(s);
        expect(out).not.toMatch(/<script/i);
        expect(typeof looksLikeHtml(s)).toBe('boolean');
      }),
      RUNS,
    );
  });

  it('article extraction returns a page or our error', () => {
    fc.assert(
      fc.property(fc.oneof(markup, text), (s) => {
        onlyOurErrors(() => extractArticle(`<html><body><article>${s}</article></body></html>`, 'https://news.example/a'));
      }),
      { numRuns: 60 },
    );
  });

  timing('htmlToText runs in time linear in the input, nested 10,000 deep included', () => {
    expectLinear((s) => htmlToText(s));
    const nested = (n: number): string[] => {
      const depth = Math.floor(n / 12);
      return [`${'<div><p>'.repeat(depth)}text${'</p></div>'.repeat(depth)}`, `${'<b>'.repeat(depth)}unclosed`];
    };
    expectLinear((s) => htmlToText(s), 12_000, nested);
  });
});
