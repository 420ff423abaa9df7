import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { languageCode, languageOf, requireLanguage } from '../../src/core/languages.ts';
import { JSON_SCHEMAS, parseOutput, translatedSchema } from '../../src/summarize/output-schemas.ts';
import { cannotTranslateNote, languageRule, notCovered, translationProblem, translationTarget } from '../../src/summarize/translation.ts';

const article = (id: number, language: string | null, body: string) =>
  [id, { id, language, title: 'Title', body }] as const;

describe('language names', () => {
  it('takes codes, regional codes, English names and native names', () => {
    expect(languageCode('fr')).toBe('fr');
    expect(languageCode(' FR-ca ')).toBe('fr');
    expect(languageCode('pt_BR')).toBe('pt');
    expect(languageCode('German')).toBe('de');
    expect(languageCode('français')).toBe('fr');
    expect(languageCode('العربية')).toBe('ar');
    expect(languageCode('klingon')).toBeNull();
    expect(languageCode('')).toBeNull();
  });

  it('refuses an unknown language with the list of known ones', () => {
    expect(() => requireLanguage('xx')).toThrow(UserError);
    expect(() => requireLanguage('xx')).toThrow('"xx" is not a language Sitrep writes in.');
  });

  it("tells an article's language from its record, else from its text", () => {
    expect(languageOf({ language: 'fr-FR', title: 'x', body: 'The talks resumed.' })).toBe('fr');
    expect(languageOf({ language: null, title: 'La guerre', body: "Les combats ont repris dans la ville, selon l'armée et les habitants." })).toBe('fr');
  });
});

describe('the translation target', () => {
  it('is null without a language, and when every source is already in it', () => {
    const english = new Map([article(1, 'en', 'The talks resumed on Tuesday.')]);
    expect(translationTarget({ articles: english })).toBeNull();
    expect(translationTarget({ language: 'en', articles: english })).toBeNull();
    expect(translationTarget({ language: 'fr', articles: english })).toBe('fr');
    const mixed = new Map([article(1, 'fr', 'Les pourparlers ont repris.'), article(2, 'en', 'The talks resumed.')]);
    expect(translationTarget({ language: 'fr', articles: mixed })).toBe('fr');
    // One page in twenty told as another language (or really in one) does not turn an answer into a translation.
    const mostlyEnglish = new Map([...Array.from({ length: 19 }, (_, i) => article(i + 1, 'en', 'The talks resumed.')), article(20, 'fr', 'Les pourparlers ont repris.')]);
    expect(translationTarget({ language: 'en', articles: mostlyEnglish })).toBeNull();
    expect(translationTarget({ language: 'fr', articles: mostlyEnglish })).toBe('fr');
  });

  it('words the prompt rule for both cases', () => {
    expect(languageRule(null)).toBe('- Write each statement in the language of the sources it cites.');
    expect(languageRule('es')).toMatch(/in Spanish.*"source_text".*"headline_source"/s);
  });
});

describe('checking a translation against its source wording', () => {
  const src = 'Police arrested 1,200 protesters in Khartoum on 12 July, and 3.5% of the city lost power.';
  it('accepts the same figures however they are grouped', () => {
    expect(translationProblem('La police a arrêté 1 200 manifestants à Khartoum le 12 juillet, et 3,5 % de la ville a perdu le courant.', src)).toBeNull();
    expect(translationProblem('Die Polizei nahm am 12. Juli in Khartum 1.200 Demonstranten fest; 3,5 % der Stadt waren ohne Strom.', src)).toBeNull();
  });

  it('names a changed, added or dropped figure', () => {
    expect(translationProblem('La police a arrêté 1 300 manifestants à Khartoum le 12 juillet, et 3,5 % de la ville a perdu le courant.', src)).toBe(
      'the translation has 1300, which its source wording does not',
    );
    expect(translationProblem('La police a arrêté des manifestants à Khartoum le 12 juillet, et 3,5 % de la ville a perdu le courant.', src)).toBe(
      'the translation drops 1200 of its source wording',
    );
  });

  it('flags a translation far shorter or longer than its source', () => {
    expect(translationProblem('Tout est vérifié.', src.replace(/\d[\d,.]*/g, 'many'))).toMatch(/much shorter/);
    expect(translationProblem(`${'Une très longue phrase. '.repeat(12)}`, 'Talks resumed in Jeddah.')).toMatch(/much longer/);
  });
});

describe('the translated output schema', () => {
  it('asks each cited statement for its source wording and the headline for its own', () => {
    const brief = translatedSchema('brief') as { properties: Record<string, { items?: { required: string[] } }>; required: string[] };
    expect(brief.required).toEqual(expect.arrayContaining(['headline', 'headline_source', 'bullets']));
    expect(brief.properties['bullets']!.items!.required).toEqual(expect.arrayContaining(['text', 'citations', 'source_text']));
    const digest = JSON.stringify(translatedSchema('digest'));
    expect(digest.match(/"source_text"/g)?.length).toBeGreaterThanOrEqual(2);
    // The plain schema is left as it is.
    expect(JSON.stringify(JSON_SCHEMAS.brief)).not.toContain('source_text');
    expect(JSON.stringify(translatedSchema('answer'))).not.toContain('headline_source');
  });

  it('reads source wording from replies', () => {
    const r = parseOutput('brief', JSON.stringify({ headline: 'Pourparlers', headline_source: 'Talks', bullets: [{ text: 'Reprise [1]', citations: [1], source_text: 'Talks resumed' }] }));
    expect(r.ok && r.value).toMatchObject({ headline: 'Pourparlers', headlineSource: 'Talks', items: [{ text: 'Reprise [1]', sourceText: 'Talks resumed' }] });
  });
});

describe('notes', () => {
  it('the extractive engine says it cannot translate, unless what it quotes is already in the language', () => {
    expect(cannotTranslateNote('fr', ['The talks resumed in Jeddah on Tuesday, mediators said.'])).toMatch(/^Not in French: the extractive engine quotes/);
    expect(cannotTranslateNote('fr', ['The talks resumed.'], true)).toBe(
      'Not in French: the extractive summary written instead quotes the articles as they are written and cannot translate.',
    );
    expect(cannotTranslateNote('fr', ["Les pourparlers ont repris mardi à Djeddah, selon les médiateurs."])).toBeNull();
    expect(cannotTranslateNote(undefined, ['x'])).toBeNull();
  });

  it('"not covered" is said in the answer\'s language', () => {
    expect(notCovered(undefined)).toBe("The stored articles don't cover this.");
    expect(notCovered('es')).toBe('Los artículos guardados no tratan este tema.');
  });
});
