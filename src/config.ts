import { isIP } from 'node:net';
import { z } from 'zod';
import { ConfigError } from './core/errors.ts';

/** Log levels pino understands. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (what: string) =>
  optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), {
    message: `expected an http(s) URL for ${what}`,
  });

const port = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return 3000;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: 'custom', message: `expected a port number 0-65535, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

const positiveInt = (fallback: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from 1 to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** A host name, an IP address, or a CIDR range whose prefix fits the address family. */
function validAllowEntry(entry: string): boolean {
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr.replace(/^\[|\]$/g, ''));
  if (bits !== undefined) {
    const n = Number(bits);
    return family !== 0 && /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
  }
  return family !== 0 || /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(addr);
}

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const HOUR = 3_600_000;

const grace = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return 6 * HOUR;
    if (v === '0') return 0;
    const m = /^(\d{1,4})\s*(m|h)$/i.exec(v);
    const ms = m ? Number(m[1]) * (m[2]!.toLowerCase() === 'm' ? 60_000 : HOUR) : NaN;
    if (!m || ms > 48 * HOUR) {
      ctx.addIssue({ code: 'custom', message: `expected a duration up to 48h such as 6h, 90m or 0, got "${v}"` });
      return z.NEVER;
    }
    return ms;
  });

/** An optional integer within bounds; empty means the default. */
const intIn = <F extends number | undefined>(min: number, max: number, fallback: F) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback as number | F;
      const n = Number(v.replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

/** A duration such as 20s, 1500ms or 2m (a bare number is seconds), within [min, max] ms; empty means the default. */
const duration = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const m = /^(\d{1,7}(?:\.\d{1,3})?)\s*(ms|s|m)?$/i.exec(v);
      const unit = m?.[2]?.toLowerCase() ?? 's';
      const ms = m ? Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000)) : NaN;
      if (!m || ms < min || ms > max) {
        ctx.addIssue({ code: 'custom', message: `expected a duration from ${min / 1000} s to ${max / 60_000} min such as 20s, 1500ms or 2m, got "${v}"` });
        return z.NEVER;
      }
      return ms;
    });

/** An optional value from a fixed list (compared in lower case when `lower`); the message says what was expected. */
const oneOf = <T extends string>(values: readonly T[], message: string, lower = false) =>
  optionalString.transform((v, ctx): T | undefined => {
    if (v === undefined) return undefined;
    const value = lower ? v.toLowerCase() : v;
    const found = values.find((allowed) => allowed === value);
    if (found === undefined) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return found;
  });

/** The default model when OPENAI_MODEL is not set: current, inexpensive, and supports structured outputs. */
export const DEFAULT_OPENAI_MODEL = 'gpt-4.1-mini';

/** The environment schema: every variable Sitrep reads, all optional. */
// An optional port: unset means "not served".
const optionalPort = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      ctx.addIssue({ code: 'custom', message: `expected a port number 0-65535, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

export const envSchema = z.object({
  SITREP_DB: optionalString,
  SITREP_HTTP_PORT: optionalPort,
  SITREP_TZ: optionalString.refine((v) => v === undefined || isTimeZone(v), {
    message: 'expected an IANA time zone such as Europe/Berlin or UTC',
  }),
  LOG_LEVEL: oneOf(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`, true),
  SITREP_DIGEST_GRACE: grace,
  SITREP_FETCH_ALLOW: list.refine((entries) => entries.every(validAllowEntry), {
    message: 'expected comma-separated host names, IP addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8 or ::1',
  }),
  SITREP_FEED_CONCURRENCY: positiveInt(8, 64),
  SITREP_FEED_PER_HOST: positiveInt(2, 16),
  SITREP_FEED_LEASE: duration(10_000, 3_600_000, 300_000),
  SITREP_DIGEST_LEASE: duration(5_000, 600_000, 120_000),
  SITREP_SUMMARY_TIMEOUT: duration(1_000, 600_000, 20_000),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'expected a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp-',
  }),
  SLACK_PORT: port,
  SLACK_API_URL: url('SLACK_API_URL'),
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_PUBLIC_URL: url('SLACK_PUBLIC_URL'),
  SLACK_ALLOW_CHANGES: list.transform((items, ctx) => {
    const bad = items.filter((i) => !/^(everyone|admins|[UW][A-Z0-9]{2,})$/i.test(i));
    if (bad.length || (items.length > 1 && items.some((i) => i.toLowerCase() === 'everyone'))) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected "everyone", "admins", or Slack user ids like U0123ABCD (comma-separated; admins and ids may be combined)',
      });
      return z.NEVER;
    }
    const lower = items.map((i) => i.toLowerCase());
    return {
      everyone: items.length === 0 || lower.includes('everyone'),
      admins: lower.includes('admins'),
      userIds: items.filter((i) => !/^(everyone|admins)$/i.test(i)).map((i) => i.toUpperCase()),
    };
  }),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'expected a numeric application id (a snowflake)',
  }),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  DISCORD_MANAGE_PERMISSIONS: list.refine(
    (v) => v.every((name) => /^[A-Za-z]+$/.test(name)) && !(v.length > 1 && v.some((n) => n.toLowerCase() === 'none')),
    { message: 'expected comma-separated Discord permission names such as ManageGuild, or "none"' },
  ),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('OPENAI_BASE_URL'),
  OPENAI_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: intIn(100, 600_000, 20_000),
  OPENAI_MAX_RETRIES: intIn(0, 10, 2),
  SITREP_LLM_INPUT_TOKENS: intIn(1_000, 1_000_000, 6_000),
  SITREP_LLM_DAILY_TOKENS: intIn(0, 1_000_000_000, 0),
  SITREP_LLM_UNVERIFIED: oneOf(['drop', 'mark', 'strict'] as const, 'expected drop, mark or strict'),
  SITREP_LLM_PRICE: optionalString.refine((v) => v === undefined || /^\s*\d+(\.\d+)?\s*,\s*\d+(\.\d+)?\s*$/.test(v), {
    message: 'expected "input,output" US dollars per million tokens, e.g. 0.40,1.60',
  }),
  SITREP_PROMPTS_DIR: optionalString,
});


/** `DISCORD_MANAGE_PERMISSIONS`: unset means Manage Server; `none` lets every member change workspace state. */
function discordManagePermissions(names: string[]): string[] {
  if (names.length === 0) return ['ManageGuild'];
  return names.length === 1 && names[0]!.toLowerCase() === 'none' ? [] : names;
}

/** Rules over several variables, checked once each variable is valid on its own. One line per problem. */
function crossProblems(e: z.infer<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  const oauth = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    problems.push('SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: set all three for multi-workspace OAuth installs');
  }
  if (e.SLACK_CLIENT_ID && e.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN: set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET (OAuth, many workspaces), not both');
  }
  if (e.SLACK_CLIENT_ID && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID) {
    problems.push('SLACK_APP_TOKEN: needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID/SECRET (OAuth) as well');
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN');
  }
  return problems;
}

/**
 * The configuration as the program uses it, built from the environment. {@link Config} is derived from this schema,
 * so the type and the parsing cannot drift apart.
 */
export const configSchema = envSchema
  .superRefine((e, ctx) => {
    for (const message of crossProblems(e)) ctx.addIssue({ code: 'custom', message, path: [] });
  })
  .transform((e) => ({
    /** SQLite file or postgres:// URL. */
    dbPath: e.SITREP_DB ?? './data/sitrep.db',
    /** Default IANA time zone for schedules and dates. */
    timeZone: e.SITREP_TZ ?? 'UTC',
    /** Log level when explicitly set. */
    logLevel: e.LOG_LEVEL,
    /** Hosts or CIDRs exempt from the private-address guard on outbound fetches. */
    fetchAllow: e.SITREP_FETCH_ALLOW,
    /** A digest slot missed by at most this long (downtime) is posted once on start; older ones are skipped. */
    digestGraceMs: e.SITREP_DIGEST_GRACE,
    /** How long a digest post under way holds its slot after its last sign of life before another process finishes it. */
    digestLeaseMs: e.SITREP_DIGEST_LEASE,
    /** Feed polling limits: feeds polled at once, at once per host (over every instance), and each poll's lease. */
    feeds: { concurrency: e.SITREP_FEED_CONCURRENCY, perHost: e.SITREP_FEED_PER_HOST, leaseMs: e.SITREP_FEED_LEASE },
    /** Port of /healthz, /readyz and /metrics when Slack's HTTP endpoint does not serve them; unset: not served. */
    httpPort: e.SITREP_HTTP_PORT,
    /** Time budget in ms of the summarizing step of each brief, answer, timeline and digest story. */
    summaryTimeoutMs: e.SITREP_SUMMARY_TIMEOUT,
    /** Slack settings; Slack runs when a bot token (one workspace) or an OAuth client id (many) is configured. */
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      publicUrl: e.SLACK_PUBLIC_URL,
      /** Who may run commands that change things (`/track`, `/untrack`, …). */
      allowChanges: e.SLACK_ALLOW_CHANGES,
    },
    /** Discord settings. */
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL,
      /** Permission names a member needs for state-changing commands (default ManageGuild); empty = everyone. */
      managePermissions: discordManagePermissions(e.DISCORD_MANAGE_PERMISSIONS),
    },
    /** OpenAI-compatible LLM settings. */
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      /** Model or Azure deployment name (default {@link DEFAULT_OPENAI_MODEL}). */
      model: e.OPENAI_MODEL ?? DEFAULT_OPENAI_MODEL,
      /** Whole-request deadline, retries included, in ms. */
      timeoutMs: e.OPENAI_TIMEOUT_MS,
      /** SDK retries on 408/409/429/5xx and connection errors. */
      maxRetries: e.OPENAI_MAX_RETRIES,
    },
    /** LLM engine policy; `enabled` when a key or a base URL is set. */
    llm: {
      enabled: Boolean(e.OPENAI_API_KEY || e.OPENAI_BASE_URL),
      /** Input token budget per request. */
      inputTokens: e.SITREP_LLM_INPUT_TOKENS,
      /** Tokens per workspace per UTC day; undefined for no limit. */
      dailyTokens: e.SITREP_LLM_DAILY_TOKENS ? e.SITREP_LLM_DAILY_TOKENS : undefined,
      /** What happens to bullets that fail citation checks. */
      unverified: e.SITREP_LLM_UNVERIFIED ?? 'drop',
      /** Price override in US dollars per million tokens. */
      price: parsePrice(e.SITREP_LLM_PRICE),
      /** Folder with the prompt files; undefined for the bundled `prompts/`. */
      promptsDir: e.SITREP_PROMPTS_DIR,
    },
  }));

/** Parsed configuration (derived from {@link configSchema}). */
export type Config = z.output<typeof configSchema>;

/**
 * Parses the environment once. Every problem is reported at once, each naming the variable and what was expected.
 * Nothing else in the code base reads `process.env`.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    // Rules over several variables name them in their message; single-variable problems are prefixed with it.
    throw new ConfigError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)));
  }
  return parsed.data;
}

function parsePrice(v: string | undefined): { inputPerMillion: number; outputPerMillion: number } | undefined {
  if (!v) return undefined;
  const [input, output] = v.split(',').map((x) => Number(x.trim()));
  return { inputPerMillion: input!, outputPerMillion: output! };
}
