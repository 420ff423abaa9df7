import { describe, expect, it } from 'vitest';
import { rankDevelopments, selectDevelopments } from '../../src/core/developments.ts';
import { isFurnitureLine, stripHeadline, stripLeadingFurniture } from '../../src/core/furniture.ts';
import { candidateSentences } from '../../src/core/sentences.ts';
import { extractArticle } from '../../src/ingest/pages/html-extract.ts';
import { furnitureOpening } from '../helpers/furniture-marks.ts';

describe('furniture by pattern, whatever the outlet', () => {
  it('strips bylines run into the first sentence', () => {
    const cases: [string, string][] = [
      ['By Nora Field, Special to Example Daily The army said it would stay in the square.', 'The army said it would stay in the square.'],
      ['By Omar Hale Example News, Los Angeles Jurors heard the first witness on Monday.', 'Jurors heard the first witness on Monday.'],
      ['By the Example Wire Staff Rebels took the port town on Monday, officials said.', 'Rebels took the port town on Monday, officials said.'],
      ['From Ann Lee and Tom Ray, EXW While some governments hesitate, others act quickly.', 'While some governments hesitate, others act quickly.'],
      ['By Sam Ode February 7, 2011: 10:44 AM ET The activist has been missing for ten days.', 'The activist has been missing for ten days.'],
      ['By Ria Moss Environment correspondent, Example News, Texas Engineers look at the well again.', 'Engineers look at the well again.'],
      ['By Ina Cole XYZ Panorama, Washington A rig worker said he saw a leak in April.', 'A rig worker said he saw a leak in April.'],
    ];
    for (const [input, want] of cases) expect(stripLeadingFurniture(input)).toBe(want);
  });

  it('strips live-page timestamps, date stamps and photo credits', () => {
    expect(stripLeadingFurniture("Lena Park | 25:14 UK time, Friday, 27 July 2012 Commentators discuss the ceasefire's terms.")).toBe(
      "Commentators discuss the ceasefire's terms.",
    );
    expect(stripLeadingFurniture('January 31, 2011 | By Kim Shaw, EXW Crowds filled the square again on Monday.')).toBe(
      'Crowds filled the square again on Monday.',
    );
    expect(stripLeadingFurniture('Photograph: Jo Bloggs\\/Agency Health officials scrambled to contain the outbreak.')).toBe(
      'Health officials scrambled to contain the outbreak.',
    );
  });

  it('leaves sentences that only look like furniture', () => {
    for (const s of ['By now the rebels had taken the town, witnesses said.', 'From Tripoli to Benghazi the rebels advanced on Monday.']) {
      expect(stripLeadingFurniture(s)).toBe(s);
    }
    expect(isFurnitureLine("The Daily's Iraq correspondent, Ann Roe, was missing last night.")).toBe(false);
  });

  it('recognises caption, video and "read more" lines', () => {
    for (const s of ["The Outlet's Jon Leyne: Protesters stayed in the square overnight.", 'Watch: the moment the rig exploded.', 'Read more about the crisis.', 'Watch the ministry advert Link to video: Ministry advert.']) {
      expect(isFurnitureLine(s)).toBe(true);
    }
  });

  it('removes the headline repeated in front of the lede, but not a title that is the whole first sentence', () => {
    expect(stripHeadline('Missile misses warship By the Wire Staff Rebels fired a missile at a warship on Wednesday.', 'Missile misses warship')).toBe(
      'By the Wire Staff Rebels fired a missile at a warship on Wednesday.',
    );
    const whole = 'Rebels fired a missile at a warship on Wednesday.';
    expect(stripHeadline(whole, whole)).toBe(whole);
    expect(candidateSentences(1, 'Missile misses warship By the Wire Staff Rebels fired a missile at a warship on Wednesday, a spokesman said.', 25, 'Missile misses warship')[0]!.text).toBe(
      'Rebels fired a missile at a warship on Wednesday, a spokesman said.',
    );
  });

  it('drops a sentence one outlet repeats in articles of several days, not a lede repeated by updates of one day', () => {
    const day = (d: number, h = 8): Date => new Date(Date.UTC(2011, 1, d, h));
    const sign = 'Comment threads on this site close after two days, the desk says.';
    const articles = [1, 2, 3].map((d) => ({
      id: d,
      title: `Day ${d}`,
      source: 'Outlet A',
      publishedAt: day(d),
      body: `Troops moved into district number ${d} overnight, residents said on the phone. ${sign}`,
    }));
    const updates = [4, 5, 6].map((id, i) => ({
      id,
      title: `Update ${i}`,
      source: 'Outlet A',
      publishedAt: day(3, 9 + i),
      body: `The president resigned on Friday after weeks of protests, state television said. Update number ${i} followed later in the day.`,
    }));
    const texts = rankDevelopments([...articles, ...updates]).flatMap((d) => d.sentences.map((s) => s.text));
    expect(texts).not.toContain(sign);
    expect(texts).toContain('The president resigned on Friday after weeks of protests, state television said.');
  });
});

describe('HTML pages with furniture', () => {
  const page = (title: string, paragraphs: string[]): string =>
    `<html><head><title>${title}</title><meta property="og:title" content="${title}"></head><body><article><h1>${title}</h1>` +
    paragraphs.map((p) => `<p>${p}</p>`).join('') +
    '</article></body></html>';

  it('never opens a bullet with a byline, a timestamp or the headline', () => {
    const pages = [
      page('Port reopens after two-month closure', [
        'Port reopens after two-month closure By Dana Roe Example News, Amman The port reopened to container ships on Tuesday after a two-month closure, officials said.',
        'Watch: ships queue outside the harbour.',
        'Traders in the capital welcomed the decision on Tuesday, saying the closure had cost them millions of dollars.',
        'Read more',
      ]),
      page('Ceasefire holds in the north', [
        'Lena Park | 09:26 UK time, Friday, 11 June 2010 Fighters on both sides observed the ceasefire overnight, monitors said.',
        "The Example's Jon Leyne: Residents returned to the market for the first time in weeks.",
        'Aid convoys reached three northern towns on Friday, the United Nations said in a statement.',
      ]),
    ];
    const articles = pages.map((html, i) => {
      const p = extractArticle(html);
      return { id: i + 1, title: p.title, source: 'Example', publishedAt: new Date('2010-06-11T12:00:00Z'), body: p.body };
    });
    const bullets = selectDevelopments(rankDevelopments(articles), { max: 6, min: 6 });
    expect(bullets.length).toBeGreaterThanOrEqual(4);
    for (const b of bullets) {
      const title = articles.find((a) => a.id === b.articleIds[0])!.title;
      expect(furnitureOpening(b.text, title), b.text).toBeNull();
      expect(b.text).not.toMatch(/^(?:Watch|Read more|The Example's)/);
    }
  });
});
