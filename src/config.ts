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

/** The environment schema: every variable Sitrep reads, all optional. */
export const envSchema = z.object({
  SITREP_DB: optionalString,
  SITREP_TZ: optionalString.refine((v) => v === undefined || isTimeZone(v), {
    message: 'expected an IANA time zone such as Europe/Berlin or UTC',
  }),
  LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => v === undefined || (LOG_LEVELS as readonly string[]).includes(v), {
      message: `expected one of ${LOG_LEVELS.join(', ')}`,
    }),
  SITREP_FETCH_ALLOW: list.refine((entries) => entries.every(validAllowEntry), {
    message: 'expected comma-separated host names, IP addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8 or ::1',
  }),
  SITREP_FEED_CONCURRENCY: positiveInt(8, 64),
  SITREP_FEED_PER_HOST: positiveInt(2, 16),
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'expected a bot token starting with xoxb-',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'expected an app-level token starting with xapp-',
  }),
  SLACK_PORT: port,
  SLACK_API_URL: url('SLACK_API_URL'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.refine((v) => v === undefined || /^\d{5,25}$/.test(v), {
    message: 'expected a numeric application id (a snowflake)',
  }),
  DISCORD_API_URL: url('DISCORD_API_URL'),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url('OPENAI_BASE_URL'),
  OPENAI_MODEL: optionalString,
});

/** Parsed configuration. */
export interface Config {
  /** SQLite file. */
  dbPath: string;
  /** Default IANA time zone for schedules and dates. */
  timeZone: string;
  /** Log level when explicitly set. */
  logLevel: (typeof LOG_LEVELS)[number] | undefined;
  /** Hosts or CIDRs exempt from the private-address guard on outbound fetches. */
  fetchAllow: string[];
  /** Feed polling limits: feeds polled at once, and at once per host. */
  feeds: { concurrency: number; perHost: number };
  /** Slack settings; present when a bot token (or app token) is configured. */
  slack: {
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    port: number;
    apiUrl: string | undefined;
  };
  /** Discord settings. */
  discord: { token: string | undefined; applicationId: string | undefined; apiUrl: string | undefined };
  /** OpenAI-compatible LLM settings. */
  openai: { apiKey: string | undefined; baseUrl: string | undefined; model: string | undefined };
}

/**
 * Parses the environment once. Every problem is reported at once, each naming the variable and what was expected.
 * Nothing else in the code base reads `process.env`.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required with DISCORD_TOKEN');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    dbPath: e.SITREP_DB ?? './data/sitrep.db',
    timeZone: e.SITREP_TZ ?? 'UTC',
    logLevel: e.LOG_LEVEL as Config['logLevel'],
    fetchAllow: e.SITREP_FETCH_ALLOW,
    feeds: { concurrency: e.SITREP_FEED_CONCURRENCY, perHost: e.SITREP_FEED_PER_HOST },
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      port: e.SLACK_PORT,
      apiUrl: e.SLACK_API_URL,
    },
    discord: { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL },
  };
}
