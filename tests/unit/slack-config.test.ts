import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

const problems = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('Slack configuration', () => {
  it('defaults to everyone may change things, one workspace, no OAuth', () => {
    const c = loadConfig({});
    expect(c.slack).toMatchObject({ clientId: undefined, publicUrl: undefined, allowChanges: { everyone: true, admins: false, userIds: [] } });
  });

  it('reads the OAuth and permission variables', () => {
    const c = loadConfig({
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'cs',
      SLACK_STATE_SECRET: 'ss',
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_PUBLIC_URL: 'https://sitrep.example.org',
      SLACK_ALLOW_CHANGES: 'admins, u0123abcd,W999',
    });
    expect(c.slack).toMatchObject({
      clientId: '123.456',
      clientSecret: 'cs',
      stateSecret: 'ss',
      publicUrl: 'https://sitrep.example.org',
      allowChanges: { everyone: false, admins: true, userIds: ['U0123ABCD', 'W999'] },
    });
    expect(loadConfig({ SLACK_ALLOW_CHANGES: 'U1AB' }).slack.allowChanges).toEqual({ everyone: false, admins: false, userIds: ['U1AB'] });
    expect(loadConfig({ SLACK_ALLOW_CHANGES: 'everyone' }).slack.allowChanges.everyone).toBe(true);
  });

  it('names the variable for each bad value or combination', () => {
    expect(problems({ SLACK_ALLOW_CHANGES: 'bosses' })).toMatch(/SLACK_ALLOW_CHANGES: expected "everyone", "admins", or Slack user ids/);
    expect(problems({ SLACK_ALLOW_CHANGES: 'everyone,admins' })).toMatch(/SLACK_ALLOW_CHANGES/);
    expect(problems({ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 's' })).toMatch(/set all three/);
    expect(problems({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's' })).toMatch(/SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID/);
    expect(
      problems({ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
    ).toMatch(/not both/);
    expect(problems({ SLACK_APP_TOKEN: 'xapp-1' })).toMatch(/SLACK_APP_TOKEN: needs SLACK_BOT_TOKEN/);
    expect(problems({ SLACK_PUBLIC_URL: 'sitrep.example.org' })).toMatch(/SLACK_PUBLIC_URL: expected an http\(s\) URL/);
    // Socket Mode needs no signing secret.
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toBe('');
  });
});
