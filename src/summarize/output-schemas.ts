import { z } from 'zod';

/**
 * The JSON the LLM is asked to return, per prompt kind: a JSON Schema for `response_format` (strict mode: every
 * property required, no extra properties) and a tolerant reader for whatever actually comes back.
 */

/** Names a prompt file may give as `output_schema`. */
export const OUTPUT_SCHEMA_NAMES = ['brief', 'digest', 'answer', 'timeline'] as const;

/** A known output schema. */
export type OutputSchemaName = (typeof OUTPUT_SCHEMA_NAMES)[number];

/** One item the model wrote, before verification. */
export interface ParsedItem {
  /** Text (may still contain inline "[n]" markers). */
  text: string;
  /** Cited source numbers as given. */
  citations: number[];
  /** Day label (timelines), YYYY-MM-DD. */
  date?: string;
  /** Section title (digests). */
  section?: string;
  /** The statement as its sources word it (translated output only). */
  sourceText?: string;
}

/** The model's output in one shape for every schema. */
export interface ParsedOutput {
  /** One line ("" for answers). */
  headline: string;
  /** False when an answer says the sources do not cover the question. */
  covered: boolean;
  /** Bullets, answer sentences or timeline events, in the model's order (digest sections flattened). */
  items: ParsedItem[];
  /** The headline as the sources word it (translated output only). */
  headlineSource?: string;
}

const citedItem = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'citations'],
  properties: {
    text: { type: 'string', description: 'One factual statement taken from the sources.' },
    citations: { type: 'array', items: { type: 'integer' }, description: 'Numbers of the sources that state it.' },
  },
} as const;

/** JSON Schemas sent as `response_format: {type: "json_schema"}`. */
export const JSON_SCHEMAS: Record<OutputSchemaName, Record<string, unknown>> = {
  brief: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'bullets'],
    properties: { headline: { type: 'string' }, bullets: { type: 'array', items: citedItem } },
  },
  digest: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'bullets', 'sections'],
    properties: {
      headline: { type: 'string' },
      bullets: { type: 'array', items: citedItem },
      sections: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'bullets'],
          properties: { title: { type: 'string' }, bullets: { type: 'array', items: citedItem } },
        },
      },
    },
  },
  answer: {
    type: 'object',
    additionalProperties: false,
    required: ['covered', 'sentences'],
    properties: { covered: { type: 'boolean' }, sentences: { type: 'array', items: citedItem } },
  },
  timeline: {
    type: 'object',
    additionalProperties: false,
    required: ['headline', 'events'],
    properties: {
      headline: { type: 'string' },
      events: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['date', 'text', 'citations'],
          properties: { date: { type: 'string', description: 'YYYY-MM-DD' }, ...citedItem.properties },
        },
      },
    },
  },
};

/**
 * The schema for output written in another language than its sources: every cited statement also carries
 * `source_text` (the same statement as its sources word it) and a headline carries `headline_source`.
 */
export function translatedSchema(name: OutputSchemaName): Record<string, unknown> {
  let schema = TRANSLATED.get(name);
  if (!schema) TRANSLATED.set(name, (schema = withSourceWording(JSON_SCHEMAS[name])));
  return schema;
}

const TRANSLATED = new Map<OutputSchemaName, Record<string, unknown>>();

type Schema = Record<string, unknown>;

function withSourceWording(schema: Schema): Schema {
  const out: Schema = { ...schema };
  if (schema['items'] && typeof schema['items'] === 'object') out['items'] = withSourceWording(schema['items'] as Schema);
  const props = schema['properties'] as Record<string, Schema> | undefined;
  if (!props) return out;
  const next: Record<string, Schema> = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, withSourceWording(v)]));
  const required = [...((schema['required'] as string[] | undefined) ?? [])];
  if ('text' in props && 'citations' in props) {
    next['source_text'] = { type: 'string', description: 'The same statement as the cited sources word it, in their language.' };
    required.push('source_text');
  }
  if ('headline' in props) {
    next['headline_source'] = { type: 'string', description: 'The headline as the sources word it, in their language.' };
    required.push('headline_source');
  }
  return { ...out, properties: next, required };
}

// Weaker local models write citations as "3", "[3]", "3, 4" or a lone number; all mean the same.
const citations = z.preprocess((v) => {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.flatMap((x) => (typeof x === 'string' ? x.split(/[,;\s]+/).map((s) => s.replace(/[[\]#]/g, '')) : [x]))
    .filter((x) => x !== '')
    .map((x) => (typeof x === 'string' ? Number(x) : x));
}, z.array(z.number()));

// An item may come back as a plain string with inline markers ("Talks resumed [2]").
const item = z.preprocess(
  (v) => (typeof v === 'string' ? { text: v, citations: [] } : v),
  z.object({ text: z.string(), citations: citations.optional(), date: z.string().optional(), source_text: z.string().optional() }),
);

const READERS: Record<OutputSchemaName, z.ZodType<ParsedOutput>> = {
  brief: z
    .object({ headline: z.string().default(''), headline_source: z.string().optional(), bullets: z.array(item) })
    .transform((o) => withHeadlineSource({ headline: o.headline, covered: true, items: o.bullets.map(toItem) }, o.headline_source)),
  digest: z
    .object({
      headline: z.string().default(''),
      headline_source: z.string().optional(),
      bullets: z.array(item).default([]),
      sections: z.array(z.object({ title: z.string(), bullets: z.array(item) })).default([]),
    })
    .transform((o) =>
      withHeadlineSource(
        {
          headline: o.headline,
          covered: true,
          items: [
            ...o.bullets.map(toItem),
            ...o.sections.flatMap((s) => s.bullets.map((b) => ({ ...toItem(b), section: s.title.trim() }))),
          ],
        },
        o.headline_source,
      ),
    ),
  answer: z
    .object({ covered: z.boolean(), sentences: z.array(item).default([]) })
    .transform((o) => ({ headline: '', covered: o.covered, items: o.sentences.map(toItem) })),
  timeline: z
    .object({ headline: z.string().default(''), headline_source: z.string().optional(), events: z.array(item) })
    .transform((o) => withHeadlineSource({ headline: o.headline, covered: true, items: o.events.map(toItem) }, o.headline_source)),
};

function toItem(i: { text: string; citations?: number[] | undefined; date?: string | undefined; source_text?: string | undefined }): ParsedItem {
  const out: ParsedItem = { text: i.text, citations: i.citations ?? [] };
  if (i.date !== undefined) out.date = i.date;
  if (i.source_text !== undefined) out.sourceText = i.source_text;
  return out;
}

function withHeadlineSource(o: ParsedOutput, source: string | undefined): ParsedOutput {
  return source === undefined ? o : { ...o, headlineSource: source };
}

/**
 * Finds the JSON object in a reply: the whole reply, or the part inside a ```json fence, or the span from the first
 * "{" to its matching "}". Returns undefined when there is none.
 */
export function extractJson(text: string): unknown {
  const attempts = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence) attempts.push(fence[1]!.trim());
  const start = text.indexOf('{');
  if (start >= 0) {
    const end = matchingBrace(text, start);
    if (end > start) attempts.push(text.slice(start, end + 1));
  }
  for (const a of attempts) {
    try {
      const v: unknown = JSON.parse(a);
      if (v && typeof v === 'object') return v;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Reads a reply against a schema; the error says what was wrong (used in the retry request and logs). */
export function parseOutput(name: OutputSchemaName, text: string): { ok: true; value: ParsedOutput } | { ok: false; error: string } {
  const json = extractJson(text);
  if (json === undefined) return { ok: false, error: 'the reply contains no JSON object' };
  const r = READERS[name].safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    return { ok: false, error: `the JSON does not match the ${name} schema (${first?.path.join('.') || 'root'}: ${first?.message ?? 'invalid'})` };
  }
  return { ok: true, value: r.data };
}
