import { snowflake } from './fake-discord.ts';

/** Gateway payloads as Discord sends them, with only the fields discord.js reads. */

/** A user. */
export function user(id: string, username = `user${id.slice(-4)}`, bot = false) {
  return { id, username, discriminator: '0', global_name: username, avatar: null, ...(bot ? { bot: true } : {}) };
}

/** GUILD_CREATE for a server with one text channel; `@everyone` has no permissions. */
export function guildCreate(guildId: string, channelId: string, ownerId = '1') {
  return {
    id: guildId,
    name: `Server ${guildId.slice(-4)}`,
    unavailable: false,
    owner_id: ownerId,
    icon: null,
    features: [],
    member_count: 2,
    joined_at: '2025-01-01T00:00:00.000Z',
    large: false,
    roles: [
      { id: guildId, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 },
    ],
    channels: [{ id: channelId, type: 0, name: 'news', position: 0, permission_overwrites: [], guild_id: guildId }],
    members: [],
    emojis: [],
    stickers: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Where an interaction or message happens: a server channel (with the member's permission bits) or a DM. */
export type Place =
  | { guildId: string; channelId: string; userId: string; permissions?: bigint }
  | { dm: true; channelId: string; userId: string };

function where(place: Place) {
  const u = user(place.userId);
  if ('dm' in place) {
    return { channel_id: place.channelId, channel: { id: place.channelId, type: 1 }, user: u, context: 1 };
  }
  return {
    guild_id: place.guildId,
    channel_id: place.channelId,
    channel: { id: place.channelId, type: 0, guild_id: place.guildId, name: 'news' },
    member: {
      user: u,
      roles: [],
      permissions: String(place.permissions ?? 0n),
      joined_at: '2025-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    guild_locale: 'en-US',
    context: 0,
  };
}

/** An option as Discord delivers it. */
export interface OptionIn {
  name: string;
  type: number;
  value: string | number | boolean;
  focused?: boolean;
}

/** INTERACTION_CREATE for a slash command (type 2) or an autocomplete request (type 4). */
export function interaction(applicationId: string, place: Place, name: string, options: OptionIn[], type: 2 | 4 = 2) {
  const id = snowflake();
  const token = `tok-${id}`;
  return {
    id,
    token,
    payload: {
      id,
      application_id: applicationId,
      type,
      token,
      version: 1,
      ...where(place),
      data: { id: snowflake(), name, type: 1, options },
      locale: 'en-US',
      app_permissions: '2248473465835073',
      entitlements: [],
      authorizing_integration_owners: { '0': 'guildId' in place ? place.guildId : place.userId },
    },
  };
}

/** MESSAGE_CREATE in a DM (no guild) or a server channel. */
export function message(place: Place, content: string, author: Record<string, unknown> = user(place.userId), mentions: unknown[] = []) {
  const id = snowflake();
  const base = {
    id,
    channel_id: place.channelId,
    author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: /@everyone|@here/.test(content),
    mentions,
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
  };
  if ('dm' in place) return { id, payload: { ...base, channel_type: 1 } };
  return {
    id,
    payload: {
      ...base,
      guild_id: place.guildId,
      channel_type: 0,
      member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    },
  };
}
