import { describe, expect, it } from 'vitest';
import { namedSubject, standAlone } from '../../src/core/answer-openers.ts';
import { joinNameParts, leadWithAnswer, passageTermsNeeded, rankAnswers } from '../../src/core/answer-scoring.ts';
import { answerEvidence, classifyQuestion } from '../../src/core/answer-type.ts';
import { claimSupport, indexSource } from '../../src/core/claim-support.ts';
import { answerIn } from '../../scripts/eval/answer-task.ts';

describe('classifyQuestion', () => {
  it.each([
    ['When did the Houla massacre happen?', 'when'],
    ['On what date did Mubarak resign?', 'when'],
    ['How many people were arrested?', 'how-many'],
    ['For how long did the US ease sanctions?', 'how-many'],
    ['What was the magnitude of the earthquake?', 'how-many'],
    ['Where was Gaddafi killed?', 'where'],
    ['Which city did the rebels hold?', 'where'],
    ['Who kidnapped Norman Kember?', 'who'],
    ['Which countries vetoed the resolution?', 'which'],
    ['What is the name of the compound?', 'which'],
    ['Why did the minister resign?', 'why'],
    ['Did Russia veto the resolution?', 'yes-no'],
    ['What happened in Benghazi?', 'what'],
  ])('%s → %s', (q, type) => {
    expect(classifyQuestion(q).type).toBe(type);
  });

  it('keeps the asked noun and whether it is plural', () => {
    expect(classifyQuestion('Which countries vetoed it?')).toMatchObject({ type: 'which', plural: true });
    expect(classifyQuestion('Which Google executive was freed?')).toMatchObject({ type: 'which', plural: false });
    expect(classifyQuestion('How many barrels leaked?').focus).toBe(classifyQuestion('How many barrel leaked?').focus);
  });
});

describe('answerEvidence', () => {
  const when = classifyQuestion('When did the protests begin?');
  it('scores a stated day above a sentence without one, and a day near the question words above a distant one', () => {
    const dated = answerEvidence(when, 'The protests began on January 25 in Cairo.', 'When did the protests begin?');
    expect(dated).toEqual({ score: 1, span: 'January 25' });
    expect(answerEvidence(when, 'The protests grew larger every day in Cairo.', 'When did the protests begin?').score).toBe(0);
    const far = answerEvidence(when, 'The protests began in Cairo, and many other cities in the country and abroad followed them on January 25.', 'When did the protests begin?');
    expect(far.score).toBeLessThan(1);
    expect(far.score).toBeGreaterThan(0);
  });

  it('for how many, prefers the figure of the counted noun and ignores years and figures of the question', () => {
    const q = 'How many people were arrested in the 61 raids?';
    const ev = answerEvidence(classifyQuestion(q), 'Forces conducted 61 raids in 2025, during which 71 people were arrested.', q);
    expect(ev).toEqual({ score: 1, span: '71 people' });
    expect(answerEvidence(classifyQuestion(q), 'The raids of 2025 were reported by state television.', q).score).toBe(0);
  });

  it('for a plural which, wants a list of names not in the question', () => {
    const q = 'Which countries abstained in the vote on Libya?';
    const qt = classifyQuestion(q);
    expect(answerEvidence(qt, 'China, Russia, Germany, India and Brazil abstained from the vote.', q).score).toBe(1);
    expect(answerEvidence(qt, 'Germany abstained from the vote on Libya.', q).score).toBeLessThan(1);
    expect(answerEvidence(qt, 'Libya was the subject of the vote.', q).score).toBe(0);
  });

  it('for who, wants a person named in the sentence, not the one asked about', () => {
    const q = 'Who replaced Tony Hayward?';
    expect(answerEvidence(classifyQuestion(q), 'Bob Dudley will replace Mr Hayward in October.', q).score).toBe(1);
    expect(answerEvidence(classifyQuestion(q), 'Tony Hayward will be replaced in October.', q).score).toBe(0);
  });
});

describe('standAlone', () => {
  it('trims a clause that points back and keeps the news after it', () => {
    const s = standAlone('His comments come as Russia and China vetoed a draft resolution on Syria at the Security Council.');
    expect(s).toEqual({ text: 'Russia and China vetoed a draft resolution on Syria at the Security Council.', dangling: false });
  });

  it('names the subject of a leading pronoun from the previous sentence of the article', () => {
    const previous = 'UN envoy Kofi Annan said the violence must stop at once.';
    expect(namedSubject(previous)).toBe('Kofi Annan');
    expect(standAlone('He called on both sides to respect the ceasefire.', previous)).toEqual({
      text: 'Kofi Annan called on both sides to respect the ceasefire.',
      dangling: false,
    });
    expect(standAlone('His plan calls for a ceasefire.', previous).text).toBe("Kofi Annan's plan calls for a ceasefire.");
  });

  it('marks a pronoun it cannot resolve as dangling and leaves self-contained sentences alone', () => {
    expect(standAlone('He called on both sides to respect the ceasefire.')).toMatchObject({ dangling: true });
    expect(standAlone('They said the talks would resume on Monday.', 'The weather was bad.')).toMatchObject({ dangling: true });
    expect(standAlone('Russia and China vetoed the resolution.')).toEqual({ text: 'Russia and China vetoed the resolution.', dangling: false });
  });

  it('writes only words of the two sentences, so the rewritten claim is still found in its source', () => {
    const source = 'UN envoy Kofi Annan said the violence must stop at once. He called on both sides to respect the ceasefire.';
    const text = standAlone('He called on both sides to respect the ceasefire.', 'UN envoy Kofi Annan said the violence must stop at once.').text;
    expect(claimSupport(text, [indexSource(source)]).verdict).toBe('supported');
    expect(claimSupport('Bashar al-Assad called on both sides to respect the ceasefire.', [indexSource(source)]).verdict).not.toBe('supported');
  });
});

describe('rankAnswers', () => {
  const at = new Date('2012-05-27T12:00:00Z');
  const articles = [
    {
      id: 1,
      title: 'Syria vote',
      source: 'Wire A',
      publishedAt: at,
      body:
        'Foreign Minister Sergei Lavrov said the draft was unbalanced and would not be backed by Moscow today. ' +
        'His comments come as Russia and China vetoed the Security Council resolution on Syria on Saturday.\n\n' +
        'The Security Council resolution on Syria was debated for many hours by its fifteen members.',
    },
    {
      id: 2,
      title: 'Houla',
      source: 'Wire B',
      publishedAt: at,
      body:
        'Diplomats said the Houla massacre shocked the world and changed the debate at the United Nations.\n\n' +
        'The massacre in the town of Houla happened on May 25, when more than 100 people were killed by shelling.',
    },
  ];

  it('puts the answering sentence first, trimmed to stand alone', () => {
    const ranked = rankAnswers('Which countries vetoed the Security Council resolution on Syria?', articles);
    expect(ranked[0]!.text).toBe('Russia and China vetoed the Security Council resolution on Syria on Saturday.');
    const before = rankAnswers('Which countries vetoed the Security Council resolution on Syria?', articles, { answerTypes: false });
    expect(before[0]!.text).not.toMatch(/^Russia and China/);
  });

  it('for when, leads with the day the sentence states', () => {
    const ranked = rankAnswers('When did the Houla massacre happen?', articles);
    expect(ranked[0]!.text).toMatch(/^The massacre in the town of Houla happened on May 25/);
    expect(answerIn({ date: '2012-05-25' }, ranked[0]!.text, [at])).toBe(true);
  });

  it('answers only from a passage about the whole question, not its rarest word', () => {
    const gulf = {
      id: 3,
      title: 'Gulf storm',
      source: 'Wire C',
      publishedAt: at,
      body:
        'Bad weather halted clean-up efforts in the Gulf of Mexico on Tuesday as high winds threatened the relief wells. ' +
        'Crews said the work would resume on Thursday.\n\n' +
        'U.N. Secretary-General Ban Ki-moon was not part of the talks, which were held far away and much later in the year. ' +
        'Officials said more ships were expected. Fishermen said the beaches were still closed. Tourism fell by half. ' +
        'The company said it would pay for the clean-up.',
    };
    const pool = [...articles, gulf];
    // "weather" alone covers most of the weighted question, but no passage also speaks of the moon.
    expect(rankAnswers('What is the weather on the moon?', pool)).toEqual([]);
    // A weather passage beside "Ban Ki-moon" is not one about the moon either.
    const near = { ...gulf, id: 4, body: 'Ban Ki-moon said bad weather halted the clean-up efforts in the Gulf on Tuesday.' };
    expect(rankAnswers('What is the weather on the moon?', [...pool, near])).toEqual([]);
    // The name itself is still found.
    expect(rankAnswers('What did Ban Ki-moon say about the weather?', [...pool, near])[0]?.articleIds[0]).toBe(4);
    expect(rankAnswers('What is the weather in the Gulf?', pool)[0]?.articleIds[0]).toBe(3);
  });

  it('asks a passage for all of a short question and half of a long one', () => {
    expect([1, 2, 3, 4, 5, 6].map(passageTermsNeeded)).toEqual([1, 2, 2, 2, 3, 3]);
    expect(joinNameParts('Ban Ki-moon met al-Assad and Jean-Claude in Port-au-Prince')).toBe('Ban Kimoon met al-Assad and Jean-Claude in Portau-Prince');
  });

  it('repeats an answer that stands late in a long sentence at its start, in its own words', () => {
    const text = 'According to the state television channel, security forces conducted 61 raids.';
    expect(leadWithAnswer(text, '61 raids')).toBe(`61 raids — ${text}`);
    expect(leadWithAnswer('61 raids were conducted by security forces across the country.', '61 raids')).toBe('61 raids were conducted by security forces across the country.');
    expect(leadWithAnswer(text, undefined)).toBe(text);
  });
});
