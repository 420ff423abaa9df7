import type { Command } from '../../../commands/command.ts';
import { tokenize, UsageError } from '../../../commands/parse.ts';

/** An option value as Discord delivers it in an interaction. */
export interface InteractionOptionValue {
  /** Option name. */
  name: string;
  /** Its value (string, integer or boolean for the option types Sitrep registers). */
  value?: string | number | boolean | undefined;
}

/**
 * Turns the options of a slash command into raw values for `coerceOptions`. A variadic option was registered as one
 * string; it is split into words the way typed text is (quoted phrases stay together), so `/track name:syria
 * aliases:damascus "islamic state"` means the same as the text command.
 */
export function rawOptionsFrom(command: Command, data: readonly InteractionOptionValue[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const o of data) {
    const spec = command.options.find((s) => s.name === o.name);
    if (!spec) throw new UsageError(`Unknown option "${o.name}". The commands may need registering again.`, command);
    if (o.value === undefined) continue;
    raw[o.name] = spec.variadic ? tokenize(String(o.value)) : o.value;
  }
  return raw;
}
