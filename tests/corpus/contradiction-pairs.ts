/**
 * Sentence pairs from the Timeline17 folders in ../shared/data, labelled by hand: `true` when the two outlets give
 * different figures (or call the same count different things) for the same development, `false` when they do not.
 * Only references are stored — `folder/articleId:sentenceIndex`, the index counting the " \n"-separated sentences of
 * the article's text — never the text itself. Most negatives are hard ones: a running total beside one incident's
 * toll, different places or days, an update a day later, a figure that is consistent with a bound.
 */
export interface LabelledPair {
  /** First sentence: `folder/articleId:sentenceIndex`. */
  a: string;
  /** Second sentence, from another outlet. */
  b: string;
  /** Whether the two disagree. */
  differ: boolean;
  /** Why, in a few words (no article text). */
  why: string;
}

export const CONTRADICTION_PAIRS: readonly LabelledPair[] = [
  // Disagreements about the same development.
  { a: 'LibyaWar_cnn/98:0', b: 'LibyaWar_reuters/183:22', differ: true, why: 'air strike on rebels near Brega: 4 vs 5 killed' },
  { a: 'LibyaWar_cnn/255:16', b: 'LibyaWar_reuters/279:15', differ: true, why: 'Benghazi toll since protests began, same day: 202 vs about 320' },
  { a: 'LibyaWar_cnn/194:14', b: 'LibyaWar_reuters/279:15', differ: true, why: 'Benghazi toll, same day, other CNN article' },
  { a: 'LibyaWar_cnn/372:18', b: 'LibyaWar_reuters/125:1', differ: true, why: 'death toll of the unrest: about 2,000 vs no more than 150' },
  { a: 'LibyaWar_cnn/95:33', b: 'LibyaWar_reuters/125:1', differ: true, why: 'same dispute, reported a day apart' },
  { a: 'LibyaWar_cnn/288:49', b: 'LibyaWar_reuters/125:1', differ: true, why: 'same dispute, reported a day apart' },
  { a: 'LibyaWar_cnn/378:0', b: 'LibyaWar_reuters/223:25', differ: true, why: 'Misrata fighting on Sunday: at least 42 vs at least 18' },
  { a: 'LibyaWar_cnn/378:0', b: 'LibyaWar_reuters/201:31', differ: true, why: 'Misrata fighting on Sunday, next-day Reuters report' },
  { a: 'LibyaWar_cnn/11:3', b: 'LibyaWar_reuters/284:20', differ: true, why: 'Misrata shelling on Sunday: 23 vs at least 6 killed' },
  { a: 'LibyaWar_cnn/63:38', b: 'LibyaWar_reuters/368:37', differ: true, why: 'Turkish hospital ship at Misrata: more than 300 vs 250 wounded' },
  { a: 'LibyaWar_cnn/34:1398', b: 'LibyaWar_reuters/23:45', differ: true, why: 'Tomahawk missiles of the first strikes: 112 vs 110' },
  { a: 'LibyaWar_cnn/22:26', b: 'LibyaWar_reuters/167:5', differ: true, why: 'Sorman strike: 3 vs 8 children killed' },
  { a: 'LibyaWar_cnn/22:21', b: 'LibyaWar_reuters/167:5', differ: true, why: 'Sorman strike: 15 vs 19 killed' },
  { a: 'LibyaWar_cnn/22:21', b: 'LibyaWar_reuters/331:4', differ: true, why: 'Sorman strike: 15 vs 19 killed, earlier Reuters article' },
  { a: 'LibyaWar_cnn/22:26', b: 'LibyaWar_reuters/331:4', differ: true, why: 'Sorman strike: 3 vs 8 children, earlier Reuters article' },
  { a: 'LibyaWar_cnn/21:5', b: 'LibyaWar_reuters/237:13', differ: true, why: 'Misrata hospital count: 4 vs at least 2 rebels killed' },
  { a: 'LibyaWar_cnn/22:21', b: 'LibyaWar_reuters/167:4', differ: true, why: 'Sorman strike: 15 claimed vs 9 bodies shown' },
  { a: 'LibyaWar_cnn/22:26', b: 'LibyaWar_reuters/167:4', differ: true, why: 'Sorman strike: 3 vs 2 children' },
  { a: 'bpoil_bbc/1191:3', b: 'bpoil_guardian/922:6', differ: true, why: 'flow of the well, same day: some 5,000 vs up to 70,000 barrels a day' },
  { a: 'bpoil_bbc/643:18', b: 'bpoil_guardian/1140:5', differ: true, why: 'flow of the leak: about 70,000 vs an estimated 5,000 barrels a day' },
  // Not disagreements.
  { a: 'LibyaWar_cnn/214:20', b: 'LibyaWar_reuters/130:21', differ: false, why: 'running total updated a day later (84, then 233)' },
  { a: 'LibyaWar_cnn/214:20', b: 'LibyaWar_reuters/1:48', differ: false, why: 'running total updated a day later (84, then 223)' },
  { a: 'LibyaWar_cnn/9:1', b: 'LibyaWar_reuters/130:24', differ: false, why: 'total after days of unrest vs the latest protests in Tripoli' },
  { a: 'LibyaWar_cnn/214:11', b: 'LibyaWar_reuters/1:2', differ: false, why: 'one day of clashes vs the cost of the whole revolt' },
  { a: 'LibyaWar_cnn/22:33', b: 'LibyaWar_reuters/167:15', differ: false, why: 'Tripoli strike vs a strike six weeks earlier' },
  { a: 'LibyaWar_cnn/124:1', b: 'LibyaWar_reuters/331:14', differ: false, why: 'Tripoli strike vs a strike six weeks earlier' },
  { a: 'LibyaWar_cnn/22:21', b: 'LibyaWar_reuters/327:20', differ: false, why: 'Sorman strike vs the Tripoli strike the day before' },
  { a: 'LibyaWar_cnn/174:12', b: 'LibyaWar_reuters/303:26', differ: false, why: 'different places: Dafniya vs Zintan' },
  { a: 'LibyaWar_cnn/236:5', b: 'LibyaWar_reuters/303:26', differ: false, why: 'different places: Dafniya vs Zintan' },
  { a: 'LibyaWar_cnn/269:14', b: 'LibyaWar_reuters/303:26', differ: false, why: 'different places: Dafniya and Zliten vs Zintan' },
  { a: 'LibyaWar_cnn/25:0', b: 'LibyaWar_reuters/272:23', differ: false, why: 'different places: Brega vs Tawargha' },
  { a: 'LibyaWar_cnn/159:22', b: 'LibyaWar_reuters/272:23', differ: false, why: 'different places: Misrata vs Tawargha' },
  { a: 'LibyaWar_cnn/25:5', b: 'LibyaWar_reuters/272:21', differ: false, why: 'different places: fighters from Zintan and Zawiya vs Misrata' },
  { a: 'LibyaWar_cnn/354:50', b: 'LibyaWar_reuters/62:5', differ: false, why: 'different places and days: Tiji vs a day-by-day count elsewhere' },
  { a: 'LibyaWar_cnn/372:57', b: 'LibyaWar_reuters/182:8', differ: false, why: 'different victims: farmers vs soldiers' },
  { a: 'LibyaWar_cnn/21:5', b: 'LibyaWar_reuters/148:26', differ: false, why: 'different fronts: Misrata vs the west' },
  { a: 'LibyaWar_cnn/279:52', b: 'LibyaWar_reuters/9:32', differ: false, why: 'output last year vs output now' },
  { a: 'LibyaWar_cnn/180:30', b: 'LibyaWar_reuters/46:56', differ: false, why: '116 is consistent with more than 100' },
  { a: 'LibyaWar_cnn/50:47', b: 'LibyaWar_reuters/23:45', differ: false, why: 'running total of missiles a day later (110, then 124)' },
  { a: 'LibyaWar_cnn/98:25', b: 'LibyaWar_reuters/183:22', differ: false, why: 'a strike last week vs a strike on Thursday' },
  { a: 'LibyaWar_cnn/315:38', b: 'LibyaWar_reuters/331:3', differ: false, why: 'rebels brought to a field hospital vs bodies shown in Sabrata' },
  { a: 'LibyaWar_cnn/116:58', b: 'LibyaWar_reuters/154:15', differ: false, why: 'local journalists missing vs all journalists missing' },
  { a: 'LibyaWar_cnn/330:2', b: 'LibyaWar_reuters/347:28', differ: false, why: 'a week of deaths in Misrata vs one shelling' },
  { a: 'LibyaWar_cnn/141:0', b: 'LibyaWar_reuters/99:2', differ: false, why: 'a killing and two officers vs "24 hours of confusion"' },
  { a: 'LibyaWar_cnn/214:15', b: 'LibyaWar_reuters/166:17', differ: false, why: 'one day in Tripoli vs the Benghazi total' },
  { a: 'LibyaWar_cnn/214:15', b: 'LibyaWar_reuters/1:48', differ: false, why: 'one day vs five days of violence' },
  { a: 'LibyaWar_cnn/9:1', b: 'LibyaWar_reuters/1:48', differ: false, why: 'totals that agree within a tenth (219 and 223)' },
  { a: 'bpoil_bbc/989:13', b: 'bpoil_guardian/1382:14', differ: false, why: 'total spill 4.9m vs 5m barrels: agree within a tenth' },
  { a: 'bpoil_bbc/1190:32', b: 'bpoil_reuters/975:3', differ: false, why: 'same total, 4.9 million barrels' },
  { a: 'bpoil_bbc/1044:8', b: 'bpoil_guardian/423:3', differ: false, why: 'another spill (Ixtoc 1979) vs this one' },
  { a: 'bpoil_bbc/1313:10', b: 'bpoil_guardian/423:5', differ: true, why: 'the deliberate 1991 spill: an estimated 8 million vs 11m barrels' },
  { a: 'bpoil_bbc/152:1', b: 'bpoil_reuters/364:8', differ: false, why: 'oil captured a day vs oil leaking a day' },
  { a: 'bpoil_bbc/237:18', b: 'bpoil_reuters/1192:7', differ: false, why: 'oil collected vs the whole flow' },
  { a: 'bpoil_bbc/1549:2', b: 'bpoil_guardian/2129:10', differ: false, why: 'flow a day vs oil-water mix recovered' },
];
