import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** A line of a Timeline17 articles file: tokenised text, sentences separated by " \n". */
function t17(id: string, time: string, sentences: string[]): string {
  return JSON.stringify({ id, time, text: sentences.map((s) => s.replace(/([.,!?])/g, ' $1')).join(' \n') });
}

/**
 * Writes a small data folder in the Timeline17 layout, written for these tests: a "geopolitical" topic named like a
 * real one (so its tracked story applies) and a distractor, with reference timelines.
 */
export function writeT17Fixture(dir: string): void {
  const libya = join(dir, 'LibyaWar_test');
  const flu = join(dir, 'H1N1_test');
  mkdirSync(libya, { recursive: true });
  mkdirSync(flu, { recursive: true });
  writeFileSync(
    join(libya, 'articles.jsonl.gz'),
    gzipSync(
      [
        t17('1', '2011-03-01', [
          'Rebels in Libya seized the oil town of Brega on Tuesday after heavy fighting , witnesses said .',
          'Gadhafi forces withdrew west toward the coastal road overnight .',
          'Oil prices rose in London as traders watched the fighting .',
        ]),
        t17('2', '2011-03-02', [
          'Libyan rebels held Brega on Wednesday and pushed toward Ras Lanuf , a rebel spokesman said .',
          'The United Nations said thousands of refugees crossed into Tunisia .',
        ]),
        t17('3', '2011-03-05', [
          'NATO ministers met in Brussels to discuss a no-fly zone over Libya on Saturday .',
          'Some members of the alliance opposed military action in the region .',
        ]),
        t17('4', '2011-03-05', ['']),
      ].join('\n'),
    ),
  );
  writeFileSync(
    join(libya, 'timelines.jsonl'),
    `${JSON.stringify([
      ['2011-03-01', ['Rebels seize the oil town of Brega after heavy fighting .']],
      ['2011-03-05', ['NATO ministers meet in Brussels to discuss a no-fly zone .', 'Members of the alliance are divided .']],
      ['2011-03-09', ['Nothing was published about this day .']],
    ])}\n`,
  );
  writeFileSync(join(libya, 'keywords.json'), '["LibyaWar"]');
  writeFileSync(
    join(flu, 'articles.jsonl'),
    [
      t17('1', '2009-04-27', [
        'Mexico closed schools in the capital as swine flu cases rose on Monday .',
        'The World Health Organization raised its pandemic alert level .',
      ]),
      t17('2', '2009-04-28', ['Health officials in the United States confirmed new H1N1 cases in New York schools .']),
    ].join('\n'),
  );
  // Two reference timelines on one line, the other accepted layout.
  writeFileSync(
    join(flu, 'timelines.jsonl'),
    `${JSON.stringify([
      [['2009-04-27', ['Mexico closes schools as swine flu cases rise .']]],
      [['2009-04-27', ['The WHO raises its pandemic alert level .', 'Schools close in Mexico .']]],
    ])}\n`,
  );
}
