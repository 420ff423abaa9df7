import { UserError } from '../src/core/errors.ts';
import type { Command, OptionValues } from './command.ts';

/** Bad command input; the hint carries the usage line. */
export class UsageError extends UserError {
  constructor(message: string, command?: Command) {
    super('command.usage', message, command ? { hint: `Usage: ${command.usage}` } : {});
  }
}

const QUOTES: Record<string, string> = { '"': '"', '\u201c': '\u201d', '\u201e': '\u201c', "'": "'", '\u2018': '\u2019' };

/**
 * Splits command text into words, keeping "quoted phrases" (straight or typographic quotes, as Slack and phones
 * insert them) together. An apostrophe inside a word ("Côte d'Ivoire") is not a quote.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    let word = '';
    let quoted = false;
    // The last character added to `word`: looking at the word itself (a regex, endsWith) would flatten a growing
    // string on every character and make a long word cost quadratic time.
    let last = '';
    while (i < s.length && !/\s/.test(s[i]!)) {
      const ch = s[i]!;
      const close = QUOTES[ch];
      // A quote opens a phrase at the start of a word or right after `name:` / `name=`.
      const atWordStart = word.length === 0 || last === ':' || last === '=';
      if (close && atWordStart) {
        const end = s.indexOf(close, i + 1);
        if (end < 0) throw new UsageError(`Unclosed quote ${ch} in "${s.slice(i, i + 40)}".`);
        const inner = s.slice(i + 1, end);
        word += inner;
        if (inner) last = inner[inner.length - 1]!;
        quoted = true;
        i = end + 1;
      } else {
        word += ch;
        last = ch;
        i++;
      }
    }
    if (word || quoted) out.push(word);
  }
  return out;
}

/**
 * Parses chat-style text (`syria since:7d`, `"sudan ceasefire" --since 2w`) into raw option values for a command:
 * `name:value`, `--name value` and `--name=value` set named options; other words fill positional options in order.
 */
export function parseCommandText(command: Command, text: string): Record<string, unknown> {
  return parseCommandTokens(command, tokenize(text));
}

/** Like {@link parseCommandText} for words already split (a shell's argv). */
export function parseCommandTokens(command: Command, tokens: readonly string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const positional: string[] = [];
  const byName = new Map(command.options.map((o) => [o.name, o]));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const long = /^--([a-z0-9_-]+)(?:=(.*))?$/i.exec(t);
    const colon = /^([a-z0-9_-]+):(.+)$/i.exec(t);
    if (long && byName.has(long[1]!.toLowerCase())) {
      const opt = byName.get(long[1]!.toLowerCase())!;
      if (long[2] !== undefined) raw[opt.name] = long[2];
      else if (opt.type === 'boolean') raw[opt.name] = true;
      else {
        const next = tokens[++i];
        if (next === undefined) throw new UsageError(`--${opt.name} needs a value.`, command);
        raw[opt.name] = next;
      }
    } else if (colon && byName.has(colon[1]!.toLowerCase()) && !byName.get(colon[1]!.toLowerCase())!.positional) {
      raw[colon[1]!.toLowerCase()] = colon[2];
    } else if (long) {
      throw new UsageError(`Unknown option --${long[1]}.`, command);
    } else {
      positional.push(t);
    }
  }
  assignPositionals(command, positional, raw);
  return raw;
}

/** Fills positional options from words in order; the variadic one takes the rest. */
export function assignPositionals(command: Command, words: readonly string[], raw: Record<string, unknown>): void {
  const slots = command.options.filter((o) => o.positional);
  let i = 0;
  for (const o of slots) {
    if (i >= words.length) break;
    if (raw[o.name] !== undefined) continue;
    if (o.variadic) {
      raw[o.name] = words.slice(i);
      i = words.length;
    } else {
      raw[o.name] = words[i++];
    }
  }
  if (i < words.length) {
    throw new UsageError(`Too many words: "${words.slice(i).join(' ').slice(0, 60)}".`, command);
  }
}

/**
 * Validates and converts raw option values (from any adapter) against the command's spec: required options present,
 * integers in range, choices respected, unknown options refused.
 */
export function coerceOptions(command: Command, raw: Record<string, unknown>): OptionValues {
  const out: OptionValues = {};
  const known = new Set(command.options.map((o) => o.name));
  for (const k of Object.keys(raw)) {
    if (!known.has(k)) throw new UsageError(`Unknown option "${k}".`, command);
  }
  for (const o of command.options) {
    const v = raw[o.name];
    // A value given but empty (`--since ""`) is a mistake to report, never a reason to silently use the default.
    if (v === '' && !o.positional) throw new UsageError(`${o.name} needs a value; it was given empty.`, command);
    const empty =
      v === undefined || v === null || v === '' || (Array.isArray(v) && v.every((w) => String(w).trim() === ''));
    if (empty) {
      if (o.required) throw new UsageError(`Missing ${o.name}.`, command);
      continue;
    }
    if (o.variadic) {
      out[o.name] = Array.isArray(v) ? v.map(String) : [String(v)];
      continue;
    }
    const value = Array.isArray(v) ? v.join(' ') : v;
    if (o.type === 'integer') {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (!Number.isInteger(n)) throw new UsageError(`${o.name} must be a whole number; got "${String(value)}".`, command);
      if ((o.min !== undefined && n < o.min) || (o.max !== undefined && n > o.max)) {
        throw new UsageError(`${o.name} must be between ${o.min ?? '-∞'} and ${o.max ?? '∞'}; got ${n}.`, command);
      }
      out[o.name] = n;
    } else if (o.type === 'boolean') {
      if (typeof value === 'boolean') out[o.name] = value;
      else if (/^(true|yes|on|1)$/i.test(String(value))) out[o.name] = true;
      else if (/^(false|no|off|0)$/i.test(String(value))) out[o.name] = false;
      else throw new UsageError(`${o.name} must be true or false; got "${String(value)}".`, command);
    } else {
      out[o.name] = String(value);
    }
    if (o.choices && !o.choices.some((c) => String(c.value) === String(out[o.name]))) {
      throw new UsageError(
        `${o.name} must be one of ${o.choices.map((c) => c.value).join(', ')}; got "${String(out[o.name])}".`,
        command,
      );
    }
  }
  return out;
}

/** A line of chat resolved to a command and its validated options. */
export interface ChatLine {
  /** The command to run (`ask` for a question). */
  command: Command;
  /** Validated options. */
  options: OptionValues;
  /** True when the line was taken as a question for `ask`. */
  question: boolean;
}

/**
 * Resolves a line typed in a chat (console, DM, mention): `/name args` or `name args` runs that command; anything else
 * is a question for `ask`. Without the slash, words that do not parse as the command ("stories about syria?") are a
 * question too, while a bare command word stays a command (so a missing argument shows the usage line). Returns null
 * for an empty line or `help`. Throws UserError for an unknown `/command`.
 */
export function resolveChatLine(commands: readonly Command[], text: string): ChatLine | null {
  const line = text.trim();
  if (!line || /^\/?help[.!?]?$/i.test(line)) return null;
  const [first = '', ...restWords] = line.split(/\s+/);
  const explicit = first.startsWith('/');
  const command = commands.find((c) => c.name === first.replace(/^\//, '').toLowerCase());
  if (explicit && !command) {
    throw new UserError('command.unknown', `Unknown command ${first.slice(0, 40)}.`, { hint: 'Type help for the list.' });
  }
  if (command) {
    try {
      return { command, options: coerceOptions(command, parseCommandText(command, restWords.join(' '))), question: false };
    } catch (err) {
      if (explicit || restWords.length === 0 || !(err instanceof UsageError)) throw err;
    }
  }
  const ask = commands.find((c) => c.name === 'ask');
  if (!ask) throw new UserError('command.unknown', 'Questions are not available here.');
  return { command: ask, options: coerceOptions(ask, { question: line }), question: true };
}
