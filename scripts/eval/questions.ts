/**
 * The question set of the answer task: questions a user would ask about the Timeline17 topics and the seed article,
 * with the answer each should contain. Written from the reference timelines (what journalists recorded as the day's
 * news), not from Sitrep's output; no article text is copied. An answer is a day (`date`), a figure (`number`,
 * compared by value) or names (`entity`: any of `any`, and every one of `all`), matched case-insensitively.
 */

/** What counts as the answer. */
export type Expected =
  | { date: string }
  | { number: number }
  | { entity: { any?: readonly string[]; all?: readonly string[] } };

/** One question. */
export interface EvalQuestion {
  /** Topic folder the answer is in (a Timeline17 folder name, or `seed` for ../seed beside the data folder). */
  topic: string;
  /** The question as a user types it. */
  question: string;
  /** The expected answer. */
  expect: Expected;
}

const q = (topic: string, question: string, expect: Expected): EvalQuestion => ({ topic, question, expect });
const names = (...any: string[]): Expected => ({ entity: { any } });

export const QUESTIONS: readonly EvalQuestion[] = [
  q('EgyptianProtest_cnn', 'When did Hosni Mubarak resign?', { date: '2011-02-11' }),
  q('EgyptianProtest_cnn', 'When did Mohamed ElBaradei return to Egypt?', { date: '2011-01-27' }),
  q('EgyptianProtest_cnn', 'Who did Mubarak appoint as vice president?', names('Omar Suleiman', 'Suleiman')),
  q('EgyptianProtest_cnn', 'Who took over power in Egypt when Mubarak stepped down?', names('Supreme Council of the Armed Forces', 'military', 'armed forces')),
  q('EgyptianProtest_cnn', 'Which Google executive was freed by Egyptian authorities?', names('Wael Ghonim', 'Ghonim')),
  q('EgyptianProtest_cnn', 'How many days did the protests last before Mubarak left?', { number: 18 }),
  q('EgyptianProtest_cnn', 'Where did the protesters gather in Cairo?', names('Tahrir Square', 'Tahrir')),
  q('EgyptianProtest_cnn', 'When did the protests against Mubarak begin?', { date: '2011-01-25' }),
  q('EgyptianProtest_cnn', 'Which party headquarters was set on fire in Cairo?', names('National Democratic Party', 'NDP')),
  q('EgyptianProtest_cnn', 'What did Mubarak do with his cabinet?', names('sacked', 'dismissed', 'fired', 'dissolved', 'resign')),

  q('LibyaWar_cnn', 'When did the UN Security Council vote for a no-fly zone over Libya?', { date: '2011-03-17' }),
  q('LibyaWar_cnn', 'Which countries abstained in the Security Council vote on Libya?', { entity: { all: ['China', 'Russia'] } }),
  q('LibyaWar_cnn', 'How many votes did the no-fly zone resolution get?', { number: 10 }),
  q('LibyaWar_cnn', 'Which Libyan foreign minister defected?', names('Moussa Koussa', 'Koussa', 'Kusa')),
  q('LibyaWar_cnn', 'Where did Moussa Koussa fly when he defected?', names('Britain', 'United Kingdom', 'London', 'UK', 'England')),
  q('LibyaWar_cnn', 'Which son of Gadhafi was killed in a NATO strike?', names('Saif al-Arab')),
  q('LibyaWar_cnn', 'What is the name of the military operation to enforce the no-fly zone?', names('Odyssey Dawn', 'Unified Protector')),
  q('LibyaWar_cnn', 'How many Tomahawk missiles were fired at Libya?', { entity: { any: ['110', '112', '124', '122', '161'] } }),
  q('LibyaWar_cnn', 'For how many days did NATO extend its Libya mission?', { number: 90 }),
  q('LibyaWar_cnn', 'When did NATO take command of the no-fly zone?', { date: '2011-03-24' }),
  q('LibyaWar_cnn', 'Who heads the rebel Transitional National Council?', names('Abdel Jalil', 'Abdul Jalil', 'Abdel-Jalil', 'Jalil')),
  q('LibyaWar_cnn', 'Which city did the rebels hold in eastern Libya?', names('Benghazi')),

  q('LibyaWar_reuters', 'When did rebels enter Tripoli?', { date: '2011-08-21' }),
  q('LibyaWar_reuters', "What is the name of Gaddafi's compound in Tripoli?", names('Bab al-Aziziya', 'Bab al-Aziziyah')),
  q('LibyaWar_reuters', "Where did Gaddafi's wife and children flee?", names('Algeria')),
  q('LibyaWar_reuters', "Where did Gaddafi's son Saadi go?", names('Niger')),
  q('LibyaWar_reuters', 'Who is the interim prime minister of Libya?', names('Mahmoud Jibril', 'Jibril')),
  q('LibyaWar_reuters', 'Where was Gaddafi killed?', names('Sirte')),
  q('LibyaWar_reuters', 'When was Gaddafi killed?', { date: '2011-10-20' }),
  q('LibyaWar_reuters', 'Who did the ICC issue arrest warrants for?', names('Saif al-Islam', 'Senussi')),

  q('IraqWar_guardian', "When did Saddam Hussein's trial begin?", { date: '2005-10-19' }),
  q('IraqWar_guardian', 'Which Guardian correspondent was kidnapped in Baghdad?', names('Rory Carroll')),
  q('IraqWar_guardian', 'Who kidnapped Norman Kember?', names('Swords of Righteousness')),
  q('IraqWar_guardian', 'How many US marines were killed by the bomb outside Fallujah?', { number: 10 }),

  q('bpoil_bbc', 'How much money will BP put into the compensation fund?', { number: 20e9 }),
  q('bpoil_bbc', 'Who will replace Tony Hayward as chief executive of BP?', names('Bob Dudley', 'Dudley')),
  q('bpoil_bbc', 'How many barrels of oil leaked into the Gulf?', { number: 4.9e6 }),
  q('bpoil_bbc', 'When did the Deepwater Horizon rig explode?', { date: '2010-04-20' }),
  q('bpoil_bbc', 'How many workers died in the Deepwater Horizon explosion?', { number: 11 }),
  q('bpoil_bbc', 'Who is the chief executive of BP?', names('Tony Hayward', 'Hayward')),

  q('haiti_bbc', 'What was the magnitude of the Haiti earthquake?', { number: 7 }),
  q('haiti_bbc', 'How many people may have died in the Haiti earthquake?', { number: 200000 }),
  q('haiti_bbc', 'When did the earthquake hit Haiti?', { date: '2010-01-12' }),
  q('haiti_bbc', 'How many people were left homeless by the Haiti quake?', { number: 1.5e6 }),

  q('MJ_bbc', "Who was charged over Michael Jackson's death?", names('Conrad Murray', 'Murray')),
  q('MJ_bbc', 'Which drug killed Michael Jackson?', names('propofol')),
  q('MJ_bbc', 'When did Michael Jackson die?', { date: '2009-06-25' }),

  q('H1N1_bbc', 'Who is the Scottish health secretary?', names('Nicola Sturgeon', 'Sturgeon')),
  q('H1N1_bbc', 'Where had the Askhams been on honeymoon?', names('Mexico', 'Cancun')),

  q('seed', 'How many raids did Syrian security forces conduct?', { number: 61 }),
  q('seed', 'How many people were arrested in the raids against IS cells?', { number: 71 }),
  q('seed', 'Who is the Syrian information minister?', names('Hamza al-Mustafa', 'al-Mustafa')),
  q('seed', 'For how long did the US ease sanctions against Syria?', names('180 days', 'six-month')),
  q('seed', 'Who did Ahmed al-Sharaa overthrow?', names('Bashar al-Assad', 'Assad')),
];
