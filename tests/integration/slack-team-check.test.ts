import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { demoArticles, DEMO_STORIES } from '../../src/ingest/files/demo-corpus.ts';
import { deliver, SlackFake, type FakeBot } from '../fakes/slack-fake.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { blockText, dmEvent, eventEnvelope, SECRET, slashForm, startSlack, type SlackHarness } from '../helpers/slack.ts';

const NOW = '2025-11-20T12:00:00Z';
const clock = fixedClock(NOW);

let fake: SlackFake;
let app: App;
let slack: SlackHarness | undefined;

afterEach(async () => {
  await slack?.stop();
  slack = undefined;
  await fake.stop();
  await app.close();
});

/** The fake with one bot, and T1's demo articles stored in `slack:T1` (and, for Grid, in `slack:T2` too). */
async function setup(bot: FakeBot): Promise<SlackHarness> {
  fake = await new SlackFake().start();
  fake.addBot(bot);
  app = memoryApp(clock.now);
  await app.importer.importArticles('slack:T1', demoArticles(clock.now()));
  for (const s of DEMO_STORIES) await app.services.stories.track({ workspace: 'slack:T1', ...s, by: 'test' });
  slack = await startSlack(fake, app, { clock: clock.now, settings: { botToken: bot.token } });
  return slack;
}

const refusal = /installed for another Slack workspace, so it cannot answer here/;

describe('one bot token serves its own team only', () => {
  const BOT: FakeBot = { token: 'xoxb-team-one', teamId: 'T1', botId: 'B1', botUserId: 'UBOT1' };

  it("refuses a signed slash command from another team in the ack, with a warning, and never shows T1's data", async () => {
    const s = await setup(BOT);
    const res = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria', team: 'T2', responseId: 'x' }) });
    const ack = (await res.json()) as { response_type: string; text: string; blocks: unknown };
    expect(ack.response_type).toBe('ephemeral');
    expect(blockText(ack.blocks)).toMatch(refusal);
    expect(blockText(ack.blocks)).not.toMatch(/Nasib|Jordan|syria/i);
    await s.adapter.idle();
    expect(fake.responses).toHaveLength(0);
    const warning = s.logger.lines.find((l) => l.msg === 'slack request from another team refused');
    expect(warning).toMatchObject({ level: 'warn', obj: { team: 'T2', tokenTeam: 'T1' } });
    // The token's own team is still answered from its own data.
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria', team: 'T1', responseId: 'own' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 'own')).body['blocks'])).toMatch(/Nasib/);
  });

  it('refuses a DM from another team the same way', async () => {
    const s = await setup(BOT);
    await deliver(s.endpoint, SECRET, {
      json: eventEnvelope({ team: 'T2', eventId: 'EvOther', event: dmEvent({ text: 'what happened at the Nasib crossing?', team: 'T2' }) }),
    });
    await s.adapter.idle();
    const posts = fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.args)).toMatch(refusal);
    expect(JSON.stringify(posts[0]!.args)).not.toMatch(/Jordan/);
    expect(s.logger.lines.some((l) => l.msg === 'slack request from another team refused')).toBe(true);
  });

  it('on Enterprise Grid, a workspace-level install still answers only its own team, not the rest of the org', async () => {
    const s = await setup({ ...BOT, enterpriseId: 'E1' });
    const res = await deliver(s.endpoint, SECRET, {
      form: slashForm(fake, { command: '/stories', text: '', team: 'T2', enterprise: 'E1', responseId: 'grid-other' }),
    });
    expect(blockText(((await res.json()) as { blocks: unknown }).blocks)).toMatch(refusal);
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', team: 'T1', enterprise: 'E1', responseId: 'grid-own' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 'grid-own')).body['blocks'])).toMatch(/syria/);
  });

  it('an org-wide install serves every team of its organisation, each from its own data, and refuses other orgs', async () => {
    const s = await setup({ token: 'xoxb-org-wide', teamId: 'E1', enterpriseId: 'E1', orgWide: true, botId: 'B1', botUserId: 'UBOT1' });
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', team: 'T1', enterprise: 'E1', responseId: 'org-t1' }) });
    expect(blockText((await fake.waitForResponse((r) => r.id === 'org-t1')).body['blocks'])).toMatch(/syria/);
    await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/brief', text: 'syria', team: 'T2', enterprise: 'E1', responseId: 'org-t2' }) });
    const t2 = blockText((await fake.waitForResponse((r) => r.id === 'org-t2')).body['blocks']);
    expect(t2).not.toMatch(/Nasib/);
    expect(t2).toMatch(/No stored articles match/);
    const other = await deliver(s.endpoint, SECRET, {
      form: slashForm(fake, { command: '/stories', text: '', team: 'T9', enterprise: 'E2', responseId: 'org-other' }),
    });
    expect(blockText(((await other.json()) as { blocks: unknown }).blocks)).toMatch(refusal);
    const noOrg = await deliver(s.endpoint, SECRET, { form: slashForm(fake, { command: '/stories', text: '', team: 'T9', responseId: 'org-none' }) });
    expect(blockText(((await noOrg.json()) as { blocks: unknown }).blocks)).toMatch(refusal);
  });
});
