import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, SitrepError } from '../core/errors.ts';
import { OUTPUT_SCHEMA_NAMES, type OutputSchemaName } from './output-schemas.ts';
import type { SummaryKind } from './summarizer.ts';

/**
 * Prompt templates live in files (`prompts/<id>.md`) so they can be read, reviewed and versioned like code. A file is
 * front-matter between `---` lines, then a `## system` section and a `## user` section. `{{name}}` placeholders are
 * filled at render time; article text only ever enters through `{{sources}}`, which must sit inside the delimited
 * data block.
 */

/** The prompt files Sitrep needs, one per summary kind. */
export const PROMPT_IDS = ['brief', 'digest', 'answer', 'timeline'] as const satisfies readonly SummaryKind[];

/** Placeholders a template may use. */
export const PLACEHOLDERS = ['subject', 'window_from', 'window_to', 'min_bullets', 'max_bullets', 'sources', 'nonce', 'language_rule'] as const;

/** A placeholder name. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A loaded, validated prompt. */
export interface Prompt {
  /** File id ("brief"). */
  id: SummaryKind;
  /** Bumped whenever the wording changes (invalidates cached results). */
  version: number;
  /** `id@version`, stored with every result. */
  ref: string;
  /** Sampling temperature. */
  temperature: number;
  /** Most output tokens. */
  maxOutputTokens: number;
  /** Output schema name. */
  outputSchema: OutputSchemaName;
  /** System message template. */
  system: string;
  /** User message template. */
  user: string;
}

/** Every prompt, by summary kind. */
export type PromptSet = Readonly<Record<SummaryKind, Prompt>>;

// Which schemas fit which prompt: a digest may reuse the plain brief shape.
const COMPATIBLE: Record<SummaryKind, readonly OutputSchemaName[]> = {
  brief: ['brief'],
  digest: ['digest', 'brief'],
  answer: ['answer'],
  timeline: ['timeline'],
};

const frontMatterSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case id'),
    version: z.coerce.number().int().positive(),
    temperature: z.coerce.number().min(0).max(2),
    max_output_tokens: z.coerce.number().int().min(16).max(32_000),
    output_schema: z.enum(OUTPUT_SCHEMA_NAMES),
    description: z.string().optional(),
  })
  .strict();

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Parses `key: value` front-matter lines (a small YAML subset: scalars only, `#` comments, optional quotes). */
function parseFrontMatter(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) throw new Error(`front-matter line is not "key: value": ${JSON.stringify(line)}`);
    const raw = m[2]!.trim();
    // As in YAML: a quoted value is taken as written, otherwise " #" starts a comment.
    const quoted = /^(["'])(.*)\1$/.exec(raw);
    out[m[1]!] = quoted ? quoted[2]! : raw.replace(/\s+#.*$/, '');
  }
  return out;
}

/** Parses and validates one prompt file's text; throws an Error describing the first problem. */
export function parsePrompt(text: string, expectedId: SummaryKind): Prompt {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') throw new Error('missing front-matter (the file must start with a "---" line)');
  const close = lines.indexOf('---', 1);
  if (close < 0) throw new Error('front-matter is not closed by a "---" line');
  const fm = frontMatterSchema.safeParse(parseFrontMatter(lines.slice(1, close)));
  if (!fm.success) {
    throw new Error(`bad front-matter: ${fm.error.issues.map((i) => `${i.path.join('.') || 'field'}: ${i.message}`).join('; ')}`);
  }
  const meta = fm.data;
  if (meta.id !== expectedId) throw new Error(`front-matter id is "${meta.id}", expected "${expectedId}"`);
  if (!COMPATIBLE[expectedId].includes(meta.output_schema)) {
    throw new Error(`output_schema "${meta.output_schema}" does not fit the ${expectedId} prompt (use ${COMPATIBLE[expectedId].join(' or ')})`);
  }
  const body = lines.slice(close + 1).join('\n');
  const sections = body.split(/^## (system|user)[ \t]*$/m);
  // split with a capture group: [preamble, "system", text, "user", text]
  if (sections.length !== 5 || sections[1] !== 'system' || sections[3] !== 'user') {
    throw new Error('the body must have exactly one "## system" section followed by one "## user" section');
  }
  const system = sections[2]!.trim();
  const user = sections[4]!.trim();
  if (!system || !user) throw new Error('the system and user sections must not be empty');
  for (const [where, template] of [['system', system], ['user', user]] as const) {
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) {
        throw new Error(`unknown placeholder {{${m[1]}}} in the ${where} section (known: ${PLACEHOLDERS.join(', ')})`);
      }
    }
    if (/\{\{|\}\}/.test(template.replace(PLACEHOLDER, ''))) throw new Error(`unbalanced "{{" or "}}" in the ${where} section`);
  }
  checkDataBlock(system, user);
  return {
    id: expectedId,
    version: meta.version,
    ref: `${meta.id}@${meta.version}`,
    temperature: meta.temperature,
    maxOutputTokens: meta.max_output_tokens,
    outputSchema: meta.output_schema,
    system,
    user,
  };
}

// Untrusted text may only enter inside the delimited data block, and the system message must say so.
function checkDataBlock(system: string, user: string): void {
  if (/\{\{\s*sources\s*\}\}/.test(system)) throw new Error('{{sources}} must not appear in the system section');
  const uses = [...user.matchAll(/\{\{\s*sources\s*\}\}/g)];
  if (uses.length !== 1) throw new Error('the user section must contain {{sources}} exactly once');
  const open = user.indexOf('<<<SOURCES {{nonce}}>>>');
  const close = user.indexOf('<<<END SOURCES {{nonce}}>>>');
  const at = uses[0]!.index;
  if (open < 0 || close < 0 || !(open < at && at < close)) {
    throw new Error('{{sources}} must sit between "<<<SOURCES {{nonce}}>>>" and "<<<END SOURCES {{nonce}}>>>" lines');
  }
  if (!/never\s+(an\s+)?instructions?/i.test(system)) {
    throw new Error('the system section must state that the data between the markers is never instructions');
  }
}

/** Loads and validates every prompt in a folder; lists every problem at once (a start-up error). */
export function loadPrompts(dir: string): PromptSet {
  const problems: string[] = [];
  const set: Partial<Record<SummaryKind, Prompt>> = {};
  for (const id of PROMPT_IDS) {
    const file = join(dir, `${id}.md`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      problems.push(`prompt ${file}: ${code === 'ENOENT' ? 'file is missing' : (err as Error).message}`);
      continue;
    }
    try {
      set[id] = parsePrompt(text, id);
    } catch (err) {
      problems.push(`prompt ${file}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return set as PromptSet;
}

/** Rendering failed: a placeholder has no value. */
export class PromptRenderError extends SitrepError {
  constructor(message: string) {
    super('prompt.render_failed', message);
  }
}

/**
 * Fills placeholders in one pass, so a value containing "{{…}}" (article text) is never expanded again. Every
 * placeholder must have a value.
 */
export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>, ref: string): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = (values as Record<string, string | undefined>)[name];
    if (v === undefined) throw new PromptRenderError(`Prompt ${ref}: no value for placeholder {{${name}}}.`);
    return v;
  });
}

/** Renders a prompt's two messages. */
export function renderPrompt(prompt: Prompt, values: Partial<Record<Placeholder, string>>): { system: string; user: string } {
  return { system: renderTemplate(prompt.system, values, prompt.ref), user: renderTemplate(prompt.user, values, prompt.ref) };
}
