import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Command, CommandOption } from '../../../commands/command.ts';

/** One chat-input command as sent to `PUT /applications/{id}/commands`. */
export type DiscordCommandJson = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits on application commands. */
export const COMMAND_LIMITS = {
  commands: 100,
  options: 25,
  choices: 25,
  description: 100,
  choiceName: 100,
  choiceValue: 100,
  /** Name + description of the command and all its options and choices together. */
  totalChars: 4000,
} as const;

const NAME = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Options for {@link buildCommandDefinitions}. */
export interface DefinitionOptions {
  /**
   * `default_member_permissions` of commands that change workspace state, as a decimal bitfield string, or null to let
   * every member run them.
   */
  managePermissions: string | null;
}

function optionJson(command: Command, o: CommandOption): APIApplicationCommandBasicOption {
  const base = {
    name: o.name,
    description: o.description,
    required: Boolean(o.required),
  };
  if (o.type === 'boolean') return { ...base, type: ApplicationCommandOptionType.Boolean };
  if (o.type === 'integer') {
    if (o.choices) {
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        choices: o.choices.map((c) => ({ name: c.name, value: Number(c.value) })),
      };
    }
    return {
      ...base,
      type: ApplicationCommandOptionType.Integer,
      ...(o.min !== undefined ? { min_value: o.min } : {}),
      ...(o.max !== undefined ? { max_value: o.max } : {}),
      ...(o.autocomplete ? { autocomplete: true as const } : {}),
    };
  }
  if (o.choices) {
    return {
      ...base,
      type: ApplicationCommandOptionType.String,
      choices: o.choices.map((c) => ({ name: c.name, value: String(c.value) })),
    };
  }
  if (o.min !== undefined || o.max !== undefined) {
    throw new Error(`Discord command "${command.name}": min/max are only allowed on integer option "${o.name}".`);
  }
  // A variadic option ("the rest of the words") becomes one string the handler splits like typed text.
  return { ...base, type: ApplicationCommandOptionType.String, ...(o.autocomplete ? { autocomplete: true as const } : {}) };
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** Throws a specific error when a command definition breaks one of Discord's limits. */
export function validateDiscordCommand(json: DiscordCommandJson): void {
  const where = `Discord command "${json.name}"`;
  check(NAME.test(json.name), `${where}: name must be 1-32 lower-case letters, digits, - or _.`);
  check(json.description !== undefined && json.description.length >= 1 && json.description.length <= COMMAND_LIMITS.description,
    `${where}: description must be 1-${COMMAND_LIMITS.description} characters.`);
  const options = (json.options ?? []) as APIApplicationCommandBasicOption[];
  check(options.length <= COMMAND_LIMITS.options, `${where}: at most ${COMMAND_LIMITS.options} options.`);
  let total = json.name.length + (json.description?.length ?? 0);
  let optionalSeen = false;
  const names = new Set<string>();
  for (const o of options) {
    const at = `${where} option "${o.name}"`;
    check(NAME.test(o.name), `${at}: name must be 1-32 lower-case letters, digits, - or _.`);
    check(!names.has(o.name), `${at}: declared twice.`);
    names.add(o.name);
    check(o.description.length >= 1 && o.description.length <= COMMAND_LIMITS.description,
      `${at}: description must be 1-${COMMAND_LIMITS.description} characters.`);
    check(!(o.required && optionalSeen), `${at}: required options must come before optional ones.`);
    if (!o.required) optionalSeen = true;
    total += o.name.length + o.description.length;
    const choices = 'choices' in o && o.choices ? o.choices : [];
    check(choices.length <= COMMAND_LIMITS.choices, `${at}: at most ${COMMAND_LIMITS.choices} choices.`);
    check(!(choices.length > 0 && 'autocomplete' in o && o.autocomplete), `${at}: cannot have both choices and autocomplete.`);
    for (const c of choices) {
      check(c.name.length >= 1 && c.name.length <= COMMAND_LIMITS.choiceName, `${at}: choice names must be 1-100 characters.`);
      if (typeof c.value === 'string') {
        check(c.value.length >= 1 && c.value.length <= COMMAND_LIMITS.choiceValue, `${at}: choice values must be 1-100 characters.`);
      } else {
        check(Number.isFinite(c.value), `${at}: choice value ${String(c.value)} is not a number.`);
      }
      total += c.name.length + String(c.value).length;
    }
    if ('min_value' in o && 'max_value' in o && o.min_value !== undefined && o.max_value !== undefined) {
      check(o.min_value <= o.max_value, `${at}: min is greater than max.`);
    }
  }
  check(total <= COMMAND_LIMITS.totalChars, `${where}: names, descriptions and choices add up to ${total} characters (max ${COMMAND_LIMITS.totalChars}).`);
}

/**
 * Builds Discord chat-input command definitions from the shared registry and validates them against Discord's limits,
 * so a bad command fails at start (or registration) instead of at Discord. Commands that change workspace state get
 * `default_member_permissions`; every command works in servers and in DMs with the bot.
 */
export function buildCommandDefinitions(commands: readonly Command[], options: DefinitionOptions): DiscordCommandJson[] {
  check(commands.length <= COMMAND_LIMITS.commands, `At most ${COMMAND_LIMITS.commands} Discord commands are allowed.`);
  const seen = new Set<string>();
  return commands.map((c) => {
    check(!seen.has(c.name), `Discord command "${c.name}" is defined twice.`);
    seen.add(c.name);
    const json: DiscordCommandJson = {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      description: c.description,
      options: c.options.map((o) => optionJson(c, o)),
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      ...(c.mutates && options.managePermissions !== null ? { default_member_permissions: options.managePermissions } : {}),
    };
    validateDiscordCommand(json);
    return json;
  });
}
