import { describe, expect, it } from 'vitest';
import { crossLanguageQuestion, detectLanguage } from '../../src/core/languages.ts';

describe('questions in other languages', () => {
  it('detects the language of a question by script and function words', () => {
    expect(detectLanguage("Que s'est-il passé à Houla ?")).toBe('fr');
    expect(detectLanguage('ماذا حدث في مصراتة؟')).toBe('ar');
    expect(detectLanguage('¿Qué dijo la OTAN sobre Libia?')).toBe('es');
    expect(detectLanguage('Was hat die UNO über Libyen gesagt?')).toBe('de');
    expect(detectLanguage('Что произошло в Триполи?')).toBe('ru');
    expect(detectLanguage('What happened in Misrata?')).toBe('en');
    expect(detectLanguage('Sudan ceasefire?')).toBe('en');
  });

  it('keeps only the subject words, as English articles write them', () => {
    expect(crossLanguageQuestion("Que s'est-il passé à Houla ?")).toBe('houla');
    expect(crossLanguageQuestion('ماذا حدث في مصراتة؟')).toBe('misrata');
    expect(crossLanguageQuestion('¿Qué dijo la OTAN sobre Libia?')).toBe('nato libya');
    expect(crossLanguageQuestion("Qu'a dit l'ONU sur la Syrie ?")).toBe('united nations syria');
    expect(crossLanguageQuestion('Was hat die UNO über Libyen gesagt?')).toBe('united nations libya');
    expect(crossLanguageQuestion('What happened in Misrata?')).toBe('What happened in Misrata?');
  });
});
