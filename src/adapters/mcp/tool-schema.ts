import { z } from 'zod';
import type { Command, CommandOption } from '../../../commands/command.ts';

/** A zod raw shape: what the MCP SDK takes as a tool's input schema. */
export type ToolShape = Record<string, z.ZodType>;

function optionSchema(o: CommandOption): z.ZodType {
  let schema: z.ZodType;
  if (o.choices?.length) {
    const values = o.choices.map((c) => c.value);
    schema = values.every((v) => typeof v === 'string')
      ? z.enum(values as [string, ...string[]])
      : z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral, z.ZodLiteral]);
  } else if (o.type === 'integer') {
    let n = z.number().int();
    if (o.min !== undefined) n = n.min(o.min);
    if (o.max !== undefined) n = n.max(o.max);
    schema = n;
  } else if (o.type === 'boolean') {
    schema = z.boolean();
  } else {
    // A variadic option takes the rest of a chat line; to an agent it is one string ("sudan ceasefire").
    schema = z.string();
  }
  schema = schema.describe(o.description);
  return o.required ? schema : schema.optional();
}

/**
 * The input schema of a command as an MCP tool, built from the command's own option data so that an option added to
 * the command (a window bound, a format) reaches agents without being declared twice.
 */
export function toolInputShape(command: Command): ToolShape {
  return Object.fromEntries(command.options.map((o) => [o.name, optionSchema(o)]));
}

const citedSource = z.looseObject({
  n: z.number(),
  articleId: z.number(),
  title: z.string(),
  url: z.string().nullable(),
  source: z.string(),
  publishedAt: z.string(),
});

/**
 * The structured result of `brief`, `ask` and `timeline`: the `--format json` object of a brief. Loose, so that fields
 * later features add reach agents without a schema change.
 */
export const briefOutput = z.looseObject({
  kind: z.string(),
  // A brief or timeline names its story; an answer its question.
  story: z.string().optional(),
  question: z.string().optional(),
  window: z.looseObject({ from: z.string(), to: z.string() }),
  engine: z.string(),
  headline: z.string(),
  bullets: z.array(z.looseObject({ text: z.string(), citations: z.array(z.number()) })),
  sources: z.array(citedSource),
  notes: z.array(z.string()),
});

/** The structured result of `stories`. */
export const storiesOutput = z.looseObject({
  stories: z.array(z.looseObject({ name: z.string(), aliases: z.array(z.string()), articleCount: z.number() })),
});
