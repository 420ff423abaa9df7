import { placeOf } from './place-forms.ts';

/**
 * Who a report says did something: "killed by government forces", "NATO strikes hit …", "blamed on al Qaeda",
 * "the Taliban claimed responsibility". Two outlets naming different sides as the perpetrator of the same
 * development disagree; two names of one side ("Gaddafi's forces", "government troops", "loyalists") do not. Pure
 * logic, read on source passages only.
 */

/** One perpetrator a passage names: the words as written and the side they belong to. */
export interface Attribution {
  /** The actor as the passage words it, trimmed: "pro-Gaddafi forces", "NATO". */
  actor: string;
  /** What the actor is compared by: a side ("state forces", "foreign air power", "rebels") or a named group. */
  side: string;
}

// Deeds whose doer is the perpetrator; "by" after one of them introduces the actor.
const DEED =
  '(?:killed|wounded|injured|shot|shot dead|gunned down|shelled|bombed|hit|attacked|struck|targeted|destroyed|fired(?: on| at)?|' +
  'shelling|gunfire|fire|attacks?|bombardment|raids?|bombings?|air ?strikes?|carried out|launched|staged|ambushed|kidnapped|abducted|executed|massacred|set off|detonated|planted)';
const ACTOR_WORD = "(?:pro-)?[\\p{Lu}][\\p{L}.'-]*|al|el|the|of|[\\p{Ll}][\\p{L}-]*";
/** Up to five words of an actor phrase; trimmed to its meaningful head below. */
const PHRASE = `((?:${ACTOR_WORD})(?:\\s+(?:${ACTOR_WORD})){0,4})`;

const PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b${DEED} by ${PHRASE}`, 'gu'),
  new RegExp(`\\bblamed (?:it |them |the (?:\\p{L}+ ){0,2})?on ${PHRASE}`, 'gu'),
  new RegExp(`\\bblamed ${PHRASE} for\\b`, 'gu'),
  new RegExp(`\\battributed (?:it |the (?:\\p{L}+ ){0,2})?to ${PHRASE}`, 'gu'),
  new RegExp(`${PHRASE}\\s+(?:has |have |had )?claimed responsibility\\b`, 'gu'),
  new RegExp(`${PHRASE}\\s+(?:was|were|is|are) (?:behind|responsible for) (?:the |an? |this |that )?(?:attack|bombing|blast|explosion|strike|raid|shelling|killing|massacre|ambush|shooting)`, 'gu'),
];

// Words that may follow the actor inside the captured phrase but are not part of it.
const STOP = new Set(
  'on in at near for with after during while as and or but who which that when where since to from into against than said says say told claimed has have had was were is are be been being the of'.split(' '),
);
// A lower-case word an actor phrase may hold: what or who acts.
const ACTOR_NOUNS = new Set(
  ('forces force troops soldiers army military police policemen government regime loyalists loyalist mercenaries militia militias ' +
    'militiamen rebels rebel opposition insurgents insurgent militants militant fighters gunmen snipers sniper protesters demonstrators ' +
    'jets warplanes aircraft planes helicopters helicopter drones drone strikes strike airstrikes missiles missile artillery tanks ' +
    'tank bombers bomber guards guard thugs supporters security coalition allied western allies').split(' '),
);
const MODIFIERS = new Set(
  'war leader president colonel government security pro-government regime army military state rebel opposition air naval foreign western allied coalition armed unknown suicide libyan egyptian iraqi syrian'.split(' '),
);

// Sides: words that put an actor on one side, tried in order. A named group not listed is its own side.
const SIDES: readonly [string, RegExp][] = [
  ['foreign air power', /\b(?:nato|coalition|allied|allies|western|u\.?s\.?|american|french|british|france|britain|united states|tomahawk)\b/i],
  ['al Qaeda', /\bal[- ]?qa'?e?da\b/i],
  ['the Taliban', /\btaliban\b/i],
  ['Islamic State', /\b(?:islamic state|isis|isil)\b/i],
  ['rebels', /\b(?:rebels?|opposition|insurgents?|anti-(?:gaddafi|gadhafi|qaddafi|government)|revolutionar(?:y|ies)|transitional council|ntc)\b/i],
  ['protesters', /\b(?:protesters|demonstrators)\b/i],
  ['state forces', /\b(?:government|regime|security forces|police|policemen|army|military|troops|soldiers|loyalists?|loyal|mercenar(?:y|ies)|pro-\p{L}+|state|gaddafi|gadhafi|qaddafi|mubarak|assad|saddam|thugs)\b/iu],
];
/** Doers that name no side: they are compatible with any claim of who did it, so they are never compared. */
const UNSPECIFIED = /^(?:(?:unknown|unidentified|armed|masked|suicide)\s+)?(?:gunmen|gunman|snipers?|militants?|militias?|militiamen|bombers?|attackers?|assailants?|men|people|strikes?|airstrikes|air strikes|shelling|artillery|rockets?|missiles?|mortars?)$/i;

function head(phrase: string): string | null {
  const words = phrase.split(/\s+/);
  const kept: string[] = [];
  for (const w of words) {
    const lower = w.toLowerCase();
    if (kept.length > 0 && STOP.has(lower)) break;
    if (kept.length === 0 && /^(?:the|a|an|his|her|its|their|of)$/i.test(w)) continue;
    const capital = /^(?:pro-)?\p{Lu}/u.test(w);
    if (!capital && !ACTOR_NOUNS.has(lower) && !MODIFIERS.has(lower) && !/^(?:al|el)$/.test(lower)) break;
    if (/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Who|What|It|They|He|She|We)$/.test(w)) break;
    kept.push(w.replace(/[.,;:]+$/, '').replace(/['’]s$/u, ''));
  }
  while (kept.length > 0 && /^(?:al|el|of)$/i.test(kept[kept.length - 1]!)) kept.pop();
  if (kept.length === 0) return null;
  const text = kept.join(' ');
  // A weekday, month or a lone title is not an actor.
  if (/^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Mr|Mrs|President)$/.test(text)) return null;
  return text;
}

/** The side an actor is on, or null for a person or thing no side is known of (left out: nothing to compare). */
export function sideOf(actor: string): string | null {
  if (UNSPECIFIED.test(actor)) return null;
  for (const [side, pattern] of SIDES) if (pattern.test(actor)) return side;
  const words = actor.split(/\s+/);
  if (words.length > 3) return null;
  // A country named alone ("blamed on Iran") is that country; its adjective before a noun ("Libyan war planes") could
  // be either side of a war, so it names none.
  const place = placeOf(words.map((w) => w.toLowerCase()));
  if (place) return place.forms[0]!.join(' ') === words.join(' ').toLowerCase() ? actor : null;
  const named = words.filter((w) => /^\p{Lu}/u.test(w) && !placeOf([w.toLowerCase()]));
  // An unlisted group that acts ("Hezbollah", "the Shabaab"): compared by name. A bare noun ("people") is not.
  return named.length > 0 ? actor : null;
}

/** Every perpetrator a passage names, in order, one per side. */
export function extractAttributions(text: string): Attribution[] {
  const out: Attribution[] = [];
  const seen = new Set<string>();
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    // Matches may overlap ("hit by shelling by government forces"): every start is tried.
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      pattern.lastIndex = m.index + 1;
      const actor = head(m[1]!);
      if (!actor) continue;
      const side = sideOf(actor);
      if (!side || seen.has(side)) continue;
      seen.add(side);
      out.push({ actor, side });
    }
  }
  return out;
}

/** Whether a passage speaks of a side at all, as perpetrator or otherwise ("NATO denied it"; "rebels said"). */
export function mentionsSide(text: string, side: string): boolean {
  const pattern = SIDES.find(([name]) => name === side)?.[1];
  if (pattern) return pattern.test(text);
  return text.toLowerCase().includes(side.toLowerCase());
}
