import { describe, expect, it } from 'vitest';
import { placeOf } from '../../src/core/place-forms.ts';
import { aliasSyntax, normaliseStoryName } from '../../src/core/story.ts';
import { EVENT_WEIGHT, minimalMatchSets, PLACE_WEIGHT, queryWords, storyNameTerms, WORD_WEIGHT } from '../../src/core/story-terms.ts';
import { storyQuery } from '../../src/core/text-query.ts';

const names = (name: string) => storyNameTerms(name).map((t) => [t.forms[0]!.join(' '), t.weight]);

describe('story name terms', () => {
  it('knows the forms of a country, in either direction and in several words', () => {
    expect(placeOf(['syrian'])?.forms).toEqual([['syria'], ['syrian']]);
    expect(placeOf(['syrians'])?.forms[0]).toEqual(['syria']);
    expect(placeOf(['afghan'])?.forms[0]).toEqual(['afghanistan']);
    expect(placeOf(['south', 'sudanese'])?.forms[0]).toEqual(['south', 'sudan']);
    expect(placeOf(['iraqi'])?.forms).toEqual([['iraq'], ['iraqi']]);
    expect(placeOf(['crisis'])).toBeNull();
  });

  it('weighs places, ordinary words and event words, leaving stopwords out', () => {
    expect(names('syrian crisis')).toEqual([['syria', PLACE_WEIGHT], ['crisis', EVENT_WEIGHT]]);
    expect(names('the war in South Sudan')).toEqual([['war', EVENT_WEIGHT], ['south sudan', PLACE_WEIGHT]]);
    expect(names('bp oil spill')).toEqual([['bp', WORD_WEIGHT], ['oil', WORD_WEIGHT], ['spill', EVENT_WEIGHT]]);
    expect(names('the who')).toEqual([['the who', WORD_WEIGHT]]);
    expect(queryWords("H1N1 d'Ivoire")).toEqual(['h1n1', 'd', 'ivoire']);
  });

  it('requires what says which story and leaves what says what kind of story optional', () => {
    const sets = (name: string) => minimalMatchSets(storyNameTerms(name)).map((s) => s.map((i) => storyNameTerms(name)[i]!.forms[0]!.join(' ')));
    expect(sets('syrian crisis')).toEqual([['syria']]);
    expect(sets('iraq war')).toEqual([['iraq']]);
    expect(sets('gaza war')).toEqual([['gaza']]);
    expect(sets('michael jackson')).toEqual([['michael', 'jackson']]);
    expect(sets('sudan ceasefire')).toEqual([['sudan', 'ceasefire']]);
    expect(sets('bp oil spill')).toEqual([['bp', 'oil']]);
    // A place and two words: the place and either word.
    expect(sets('syria chemical weapons')).toEqual([['syria', 'chemical'], ['syria', 'weapons']]);
    expect(sets('crisis')).toEqual([['crisis']]);
  });
});

describe('story alias syntax', () => {
  it('reads exclusions and quoted phrases, straight or curly', () => {
    expect(aliasSyntax('-football')).toEqual({ kind: 'exclude', text: 'football' });
    expect(aliasSyntax('-"premier league"')).toEqual({ kind: 'exclude', text: 'premier league' });
    expect(aliasSyntax('“islamic state”')).toEqual({ kind: 'phrase', text: 'islamic state' });
    expect(aliasSyntax('port-au-prince')).toEqual({ kind: 'terms', text: 'port-au-prince' });
    expect(aliasSyntax('- -')).toEqual({ kind: 'terms', text: '- -' });
  });

  it('refuses a name that is only an exclusion, with an example', () => {
    expect(() => normaliseStoryName('-football')).toThrow(/starts with "-"/);
    expect(normaliseStoryName('-football', 'alias')).toBe('-football');
  });

  it('puts exclusions into every group of the story query', () => {
    const q = storyQuery({ name: 'syrian crisis', aliases: ['damascus', '-football'] });
    expect(q.anyOf.map((g) => g.allOf.map((p) => p.words.join(' ')))).toEqual([['syria'], ['syria', 'crisis'], ['damascus']]);
    expect(q.anyOf.every((g) => g.noneOf?.[0]?.words[0] === 'football')).toBe(true);
    expect(q.anyOf[0]!.allOf[0]!.alternatives).toEqual([['syrian']]);
  });
});
