import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ dbPath: './data/sitrep.db', timeZone: 'UTC', fetchAllow: [] });
    expect(c.slack.port).toBe(3000);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      SITREP_DB: '/tmp/x.db',
      SITREP_TZ: 'Europe/Berlin',
      LOG_LEVEL: 'DEBUG',
      SITREP_FETCH_ALLOW: '127.0.0.1, 10.0.0.0/8',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_PORT: '0',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '123456789',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
    });
    expect(c).toMatchObject({ dbPath: '/tmp/x.db', timeZone: 'Europe/Berlin', logLevel: 'debug', fetchAllow: ['127.0.0.1', '10.0.0.0/8'] });
    expect(c.slack).toMatchObject({ botToken: 'xoxb-1', port: 0, apiUrl: 'http://127.0.0.1:9/api/' });
    expect(c.openai.baseUrl).toBe('http://localhost:11434/v1');
  });

  it('lists every problem at once, naming the variable and what was expected', () => {
    let err: unknown;
    try {
      loadConfig({ SITREP_TZ: 'Mars/Base', SLACK_PORT: 'eighty', SLACK_BOT_TOKEN: 'abc', OPENAI_BASE_URL: 'localhost:11434', DISCORD_APPLICATION_ID: 'me' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SITREP_TZ: expected an IANA time zone/);
    expect(problems).toMatch(/SLACK_PORT: expected a port number/);
    expect(problems).toMatch(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(problems).toMatch(/OPENAI_BASE_URL: expected an http\(s\) URL/);
    expect(problems).toMatch(/DISCORD_APPLICATION_ID: expected a numeric application id/);
  });

  it('checks combinations', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(() => loadConfig({ DISCORD_TOKEN: 't' })).toThrow(/DISCORD_APPLICATION_ID: required/);
  });
});
