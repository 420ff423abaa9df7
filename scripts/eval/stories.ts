import type { TopicFolder } from './dataset.ts';

/** A story as a user would track it: `sitrep track <name> [alias...]`. */
export interface TrackedStory {
  /** Story name. */
  name: string;
  /** Aliases. */
  aliases: string[];
}

/**
 * The stories tracked for the Timeline17 topics, keyed by topic label. Written the way a user who follows the story
 * would type them (the place or person in the news plus its common spellings), before looking at any result, and
 * never adjusted to the folder labels. They are listed in docs/operations.md.
 */
export const T17_STORIES: Readonly<Record<string, TrackedStory>> = {
  EgyptianProtest: { name: 'egypt', aliases: ['mubarak', 'tahrir'] },
  LibyaWar: { name: 'libya', aliases: ['gaddafi', 'gadhafi', 'qaddafi', 'benghazi'] },
  IraqWar: { name: 'iraq', aliases: ['baghdad', 'saddam'] },
  H1N1: { name: 'swine flu', aliases: ['h1n1'] },
  bpoil: { name: 'bp oil spill', aliases: ['deepwater horizon', 'gulf oil spill'] },
  haiti: { name: 'haiti', aliases: ['port-au-prince'] },
  MJ: { name: 'michael jackson', aliases: [] },
};

/**
 * The plain name a user would type for each Timeline17 topic, with no aliases: the topic as newsrooms call it. Written
 * before measuring, never adjusted to the results.
 */
export const T17_PLAIN_NAMES: Readonly<Record<string, string>> = {
  EgyptianProtest: 'egypt protests',
  LibyaWar: 'libya war',
  IraqWar: 'iraq war',
  H1N1: 'swine flu',
  bpoil: 'bp oil spill',
  haiti: 'haiti earthquake',
  MJ: 'michael jackson',
};

/** The plain name of a topic: the one above for a Timeline17 label, else its story's name. */
export function plainNameFor(topic: Pick<TopicFolder, 'label' | 'keywords'>): string {
  return T17_PLAIN_NAMES[topic.label] ?? storyFor(topic).name;
}

/** The Timeline17 geopolitical topics (the rest are distractor stories). */
export const GEOPOLITICAL = ['EgyptianProtest_cnn', 'LibyaWar_cnn', 'LibyaWar_reuters', 'IraqWar_guardian'];

/**
 * The story tracked for a topic: the predefined one for a Timeline17 label, else one built from keywords.json (a
 * CamelCase keyword becomes words: "EgyptianProtest" → "egyptian protest"), else the label itself.
 */
export function storyFor(topic: Pick<TopicFolder, 'label' | 'keywords'>): TrackedStory {
  const known = T17_STORIES[topic.label];
  if (known) return known;
  const words = (topic.keywords.length ? topic.keywords : [topic.label]).map((k) =>
    k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().trim(),
  );
  const [name = topic.label.toLowerCase(), ...aliases] = words.filter(Boolean);
  return { name, aliases };
}
