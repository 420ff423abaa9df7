import { askCommand } from './ask.ts';
import { briefCommand } from './brief.ts';
import type { Command } from './command.ts';
import { digestCommand } from './digest.ts';
import { languageCommand } from './language.ts';
import { sourcesCommand } from './sources.ts';
import { storiesCommand } from './stories.ts';
import { timelineCommand } from './timeline.ts';
import { trackCommand } from './track.ts';
import { untrackCommand } from './untrack.ts';

const NAME = /^[a-z0-9_-]{1,32}$/;

/**
 * Checks a command list against the strictest platform rules (Discord: names 1–32 of [a-z0-9_-], descriptions
 * 1–100 characters, at most 25 options, required options first; Slack: at most 50 commands). Throws on the first
 * problem so a bad command never reaches a platform.
 */
export function validateCommands(list: readonly Command[]): readonly Command[] {
  const seen = new Set<string>();
  if (list.length > 50) throw new Error(`At most 50 commands are allowed; got ${list.length}.`);
  for (const c of list) {
    if (!NAME.test(c.name)) throw new Error(`Command name "${c.name}" must be 1-32 characters of a-z, 0-9, _ or -.`);
    if (seen.has(c.name)) throw new Error(`Command "${c.name}" is registered twice.`);
    seen.add(c.name);
    if (c.description.length < 1 || c.description.length > 100) {
      throw new Error(`Command "${c.name}": description must be 1-100 characters.`);
    }
    if (c.options.length > 25) throw new Error(`Command "${c.name}" has more than 25 options.`);
    const names = new Set<string>();
    let optionalSeen = false;
    c.options.forEach((o, i) => {
      if (!NAME.test(o.name)) throw new Error(`Command "${c.name}": option name "${o.name}" is invalid.`);
      if (names.has(o.name)) throw new Error(`Command "${c.name}": option "${o.name}" is declared twice.`);
      names.add(o.name);
      if (o.description.length < 1 || o.description.length > 100) {
        throw new Error(`Command "${c.name}": option "${o.name}" description must be 1-100 characters.`);
      }
      if (o.required && optionalSeen) throw new Error(`Command "${c.name}": required option "${o.name}" after an optional one.`);
      if (!o.required) optionalSeen = true;
      if (o.variadic && c.options.slice(i + 1).some((x) => x.positional)) {
        throw new Error(`Command "${c.name}": variadic option "${o.name}" must be the last positional option.`);
      }
    });
  }
  return list;
}

/** Every chat command, in help order. Adapters build their command lists from this. */
export const commands: readonly Command[] = validateCommands([
  briefCommand,
  askCommand,
  timelineCommand,
  storiesCommand,
  trackCommand,
  untrackCommand,
  digestCommand,
  sourcesCommand,
  languageCommand,
]);

/** The command with this name, or undefined. */
export function findCommand(name: string, list: readonly Command[] = commands): Command | undefined {
  const n = name.replace(/^\//, '').toLowerCase();
  return list.find((c) => c.name === n);
}
