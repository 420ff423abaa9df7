import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { claimSupport, indexSource } from '../../src/core/claim-support.ts';
import { verifyBullets } from '../../src/core/citation-check.ts';
import { detokenize } from '../../src/ingest/files/timeline17.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

/** The detokenised text of one Timeline17 article, as the importer stores it. */
function t17Article(topic: string, id: string): string {
  const lines = gunzipSync(readFileSync(shared('timeline17', topic, 'articles.jsonl.gz'))).toString('utf8').split('\n');
  const line = lines.find((l) => l.startsWith(`{"id": "${id}"`));
  if (!line) throw new Error(`no article ${id} in ${topic}`);
  return detokenize((JSON.parse(line) as { text: string }).text);
}

describe('claim support on made-up text', () => {
  const source = indexSource('Police arrested 61 protesters in Khartoum on Tuesday. The government blamed imported wheat.');

  it('supports a claim made of the source words, by stem, and ignores figures (checked elsewhere)', () => {
    expect(claimSupport('Police arrested 71 protesters in Khartoum.', [source]).verdict).toBe('supported');
    expect(claimSupport('Protesters were arrested by police in Khartoum.', [source]).verdict).toBe('supported');
  });

  it('calls a claim on another topic unsupported and a claim with a new name partial', () => {
    const other = claimSupport('Central bank governors agreed to coordinate interest rate cuts.', [source]);
    expect(other.verdict).toBe('unsupported');
    expect(other.missing).toContain('governors');
    const name = claimSupport('Police arrested protesters in Khartoum and Omdurman.', [source]);
    expect(name).toMatchObject({ verdict: 'partial', missingNames: ['omdurman'] });
  });

  it('accepts demonyms for places and places for demonyms, and possessives', () => {
    const libya = indexSource('Rebels in Libya held the town of Brega.');
    expect(claimSupport('Libyan rebels held Brega.', [libya]).verdict).toBe('supported');
    const libyan = indexSource('Libyan rebels held the town of Brega.');
    expect(claimSupport("Libya's rebels held the town of Brega.", [libyan]).verdict).toBe('supported');
  });

  it('supports a claim without content words (nothing to check) and reads only bounded claim text', () => {
    expect(claimSupport('It was 61.', [source]).verdict).toBe('supported');
    const long = claimSupport(`${'Police arrested protesters in Khartoum. '.repeat(10_000)}`, [source]);
    expect(long.verdict).toBe('supported');
  });

  it('finds words in a window of neighbouring sentences, not scattered over the whole article', () => {
    const article = indexSource(
      [
        'The central bank met on Monday.',
        'Rebels held the town of Brega.',
        'Fighting continued overnight.',
        'Oil prices rose in London.',
        'Traders watched closely.',
        'Interest rates were unchanged.',
      ].join(' '),
    );
    // "central bank" is in sentence 1, "interest rates" in sentence 6: never together in one passage.
    expect(claimSupport('The central bank cut interest rates.', [article]).verdict).not.toBe('supported');
    expect(claimSupport('Rebels held Brega as fighting continued.', [article]).verdict).toBe('supported');
  });
});

describe('figures are read where the claim was found', () => {
  it('flags a figure that the cited article only has in another paragraph, and a malformed group like "2,7"', () => {
    const sources = new Map([
      [1, 'The attack started at about 1 a.m. and lasted more than 20 minutes.\nLater in the day.\nMore news.\nOther.\nThe port handled 27 ships.\nAt least 2,000 gathered.'],
    ]);
    const moved = verifyBullets([{ text: 'The attack started at about 1 a.m. and lasted more than 27 minutes.', citations: [1] }], sources);
    expect(moved.bullets[0]!.problems).toEqual(['"27" is not in the cited sources']);
    const same = verifyBullets([{ text: 'The attack lasted more than 20 minutes.', citations: [1] }], sources);
    expect(same.bullets[0]!.unverified).toBe(false);
    const group = verifyBullets([{ text: 'At least 2,7 gathered.', citations: [1] }], new Map([[1, 'At least 2,000 gathered, 7 were hurt.']]));
    expect(group.bullets[0]!.problems).toEqual(['"2,7" is not in the cited sources']);
  });
});

describe.skipIf(!hasSharedData)(`claim support on Timeline17 articles${SKIP_REASON}`, () => {
  it('supports sentences copied from a Reuters article on Libya and close restatements of them', () => {
    const text = t17Article('LibyaWar_reuters', '46');
    const index = indexSource(text);
    const copied = 'Italy proposed a deal including a ceasefire, exile for Gaddafi and dialogue between rebels and tribal leaders.';
    expect(text).toContain(copied);
    for (const claim of [
      copied,
      'Rebels took the town of Nawfaliyah and moved toward Sirte, Gaddafi\'s home town.',
      'The government in Tripoli said it had liberated Misrata from rebels and declared a ceasefire there.',
      'Libyan rebels advanced west toward the birthplace of Muammar Gaddafi on Monday.',
    ]) {
      expect(claimSupport(claim, [index]), claim).toMatchObject({ verdict: 'supported' });
    }
  });

  it('rejects a fluent sentence on a topic absent from the article and flags a name it never mentions', () => {
    const index = indexSource(t17Article('LibyaWar_reuters', '46'));
    const off = claimSupport('Health officials confirmed new swine flu cases in schools across the region.', [index]);
    expect(off.verdict).toBe('unsupported');
    const name = claimSupport('Italy proposed a ceasefire and exile for Gaddafi in Venezuela.', [index]);
    expect(name.verdict).toBe('partial');
    expect(name.missingNames).toEqual(['venezuela']);
  });

  it('in verifyBullets: keeps the copied sentence, drops the unrelated one, flags the partial one (drop policy)', () => {
    const libya = t17Article('LibyaWar_reuters', '46');
    const egypt = t17Article('EgyptianProtest_cnn', '1');
    const sources = new Map([
      [1, libya],
      [2, egypt],
    ]);
    const egyptSentence = egypt.split(/(?<=\.)\s+/).find((s) => s.length > 60 && /\p{Lu}/u.test(s[0]!))!;
    const { bullets, counts } = verifyBullets(
      [
        { text: 'Italy proposed a deal including a ceasefire, exile for Gaddafi and dialogue between rebels and tribal leaders.', citations: [1] },
        // A true sentence of source 2 cited as source 1: the citation is wrong, so is the claim as cited.
        { text: egyptSentence, citations: [1] },
        { text: egyptSentence, citations: [2] },
        { text: 'Italy proposed a ceasefire and exile for Gaddafi in Venezuela.', citations: [1] },
      ],
      sources,
    );
    expect(bullets.map((b) => [b.citations, b.unverified])).toEqual([
      [[1], false],
      [[2], false],
      [[1], true],
    ]);
    expect(bullets[2]!.problems).toEqual(['"venezuela" not named in the cited sources']);
    expect(counts).toMatchObject({ bullets: 3, dropped: 1, unsupportedClaims: 2, flagged: 1 });
  });
});
