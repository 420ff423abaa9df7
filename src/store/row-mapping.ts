import type { Article } from '../core/article.ts';
import type { DigestRun, DigestRunStatus, DigestRunTrigger, DigestSubscription } from '../core/digest.ts';
import type { FeedStatus } from '../core/feed.ts';
import { storyKey, type Story } from '../core/story.ts';
import { parseShown, type BriefRecord, type NewBriefRecord } from './ports/brief-history-store.ts';
import type { FeedRecord, FeedStateUpdate, NewFeed } from './ports/feed-store.ts';
import type { SlackInstallationRecord } from './ports/slack-store.ts';

/*
 * Rows as every engine stores them (the same tables and columns, times in milliseconds, lists as JSON text) and
 * their domain records. Pure: shared by the SQLite and PostgreSQL stores so both read a row the same way.
 */

/** JSON text, or `fallback` when it is null or damaged (a damaged cell must not hide the row it belongs to). */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

const date = (v: number | null): Date | null => (v === null ? null : new Date(v));

/** An `articles` row. */
export interface ArticleRow {
  id: number;
  workspace: string;
  url: string | null;
  title: string;
  source: string;
  published_at: number;
  ingested_at: number;
  language: string | null;
  body: string;
  content_hash: string;
}

export function toArticle(r: ArticleRow): Article {
  return {
    id: r.id,
    workspace: r.workspace,
    url: r.url,
    title: r.title,
    source: r.source,
    publishedAt: new Date(r.published_at),
    ingestedAt: new Date(r.ingested_at),
    language: r.language,
    body: r.body,
    contentHash: r.content_hash,
  };
}

/** A `stories` row. */
export interface StoryRow {
  id: number;
  workspace: string;
  name: string;
  aliases: string;
  created_by: string;
  created_at: number;
}

export function toStory(r: StoryRow): Story {
  const parsed = parseJson<unknown>(r.aliases, []);
  const aliases = Array.isArray(parsed) ? parsed.filter((a): a is string => typeof a === 'string') : [];
  return { id: r.id, workspace: r.workspace, name: r.name, aliases, createdBy: r.created_by, createdAt: new Date(r.created_at) };
}

/** The aliases of `story` that are new, as saving it again with `aliases` adds them (null when none are new). */
export function addedAliases(story: Story, aliases: readonly string[]): string[] | null {
  const known = new Set([storyKey(story.name), ...story.aliases.map(storyKey)]);
  const added = aliases.filter((a) => !known.has(storyKey(a)) && known.add(storyKey(a)));
  return added.length > 0 ? [...story.aliases, ...added] : null;
}

/** The aliases of a new story: without its own name, one per key. */
export function initialAliases(nameKey: string, aliases: readonly string[]): string[] {
  return [...new Map(aliases.filter((a) => storyKey(a) !== nameKey).map((a) => [storyKey(a), a])).values()];
}

/** A `feeds` row with its `items_stored` count. */
export interface FeedRow {
  id: number;
  workspace: string;
  url: string;
  title: string | null;
  site_url: string | null;
  interval_ms: number;
  added_by: string;
  added_at: number;
  channel_platform: string | null;
  channel_id: string | null;
  etag: string | null;
  last_modified: string | null;
  status: string;
  failures: number;
  last_polled_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  next_poll_at: number;
  unhealthy_since: number | null;
  notice_sent_at: number | null;
  first_poll_at: number | null;
  host: string;
  lease_owner: string | null;
  lease_until: number | null;
  items_stored: number;
}

/**
 * The host a feed URL is polled from, as stored in `feeds.host`: the WHATWG host name, lower case, without port or
 * user info (what per-host politeness counts). A string that is no URL is its own host.
 */
export function feedHost(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url.toLowerCase();
  }
}

export function toFeed(r: FeedRow): FeedRecord {
  return {
    id: r.id,
    workspace: r.workspace,
    url: r.url,
    title: r.title,
    siteUrl: r.site_url,
    intervalMs: r.interval_ms,
    addedBy: r.added_by,
    addedAt: new Date(r.added_at),
    channel: r.channel_platform && r.channel_id ? { platform: r.channel_platform, id: r.channel_id } : null,
    etag: r.etag,
    lastModified: r.last_modified,
    status: r.status as FeedStatus,
    failures: r.failures,
    lastPolledAt: date(r.last_polled_at),
    lastSuccessAt: date(r.last_success_at),
    lastError: r.last_error,
    lastErrorAt: date(r.last_error_at),
    nextPollAt: new Date(r.next_poll_at),
    unhealthySince: date(r.unhealthy_since),
    noticeSentAt: date(r.notice_sent_at),
    firstPollAt: date(r.first_poll_at),
    itemsStored: r.items_stored,
    host: r.host,
    leaseOwner: r.lease_owner,
    leaseUntil: date(r.lease_until),
  };
}

/** Column of each updatable feed field (names from this fixed list, never from input). */
export const FEED_STATE_COLUMNS: Record<keyof FeedStateUpdate, string> = {
  title: 'title',
  siteUrl: 'site_url',
  etag: 'etag',
  lastModified: 'last_modified',
  status: 'status',
  failures: 'failures',
  lastPolledAt: 'last_polled_at',
  lastSuccessAt: 'last_success_at',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
  nextPollAt: 'next_poll_at',
  unhealthySince: 'unhealthy_since',
  noticeSentAt: 'notice_sent_at',
  firstPollAt: 'first_poll_at',
};

/** The feed columns and values an update writes, in order (times in ms). */
export function feedStateAssignments(update: FeedStateUpdate): { columns: string[]; values: (string | number | null)[] } {
  const columns: string[] = [];
  const values: (string | number | null)[] = [];
  for (const [k, v] of Object.entries(update) as [keyof FeedStateUpdate, unknown][]) {
    if (v === undefined) continue;
    columns.push(FEED_STATE_COLUMNS[k]);
    values.push(v instanceof Date ? v.getTime() : (v as string | number | null));
  }
  return { columns, values };
}

/** A `digest_subscriptions` row. */
export interface SubscriptionRow {
  id: number;
  workspace: string;
  platform: string;
  channel_id: string;
  stories: string | null;
  schedule: string;
  cron: string;
  time_zone: string;
  /** Absent in rows read before the column existed (never after migrations). */
  language?: string | null;
  created_by: string;
  created_at: number;
  active_since: number;
  paused_at: number | null;
  pause_reason: string | null;
  covered_up_to: number | null;
  covered_id_max: number | null;
  version: number;
}

export function toSubscription(r: SubscriptionRow): DigestSubscription {
  const stories = r.stories === null ? 'all' : parseJson<unknown>(r.stories, []);
  return {
    id: r.id,
    workspace: r.workspace,
    channel: { platform: r.platform, id: r.channel_id },
    stories: stories === 'all' ? 'all' : Array.isArray(stories) ? stories.filter((s): s is string => typeof s === 'string') : [],
    schedule: r.schedule,
    cron: r.cron,
    timeZone: r.time_zone,
    language: r.language ?? null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    activeSince: new Date(r.active_since),
    paused: r.paused_at === null ? null : { at: new Date(r.paused_at), reason: r.pause_reason ?? '' },
    coveredUpTo: date(r.covered_up_to),
    coveredIdMax: r.covered_id_max,
    version: r.version,
  };
}

/** A `digest_runs` row. */
export interface RunRow {
  subscription_id: number;
  slot: number;
  status: DigestRunStatus;
  trigger: DigestRunTrigger;
  owner: string | null;
  lease_until: number | null;
  attempts: number;
  claimed_at: number;
  finished_at: number | null;
  message_ids: string | null;
  detail: string | null;
  /** JSON of the posting record while a post is under way (kept for a takeover). */
  posting?: string | null;
}

export function toRun(r: RunRow): DigestRun {
  return {
    subscriptionId: r.subscription_id,
    slot: new Date(r.slot),
    status: r.status,
    trigger: r.trigger,
    attempts: r.attempts,
    claimedAt: new Date(r.claimed_at),
    finishedAt: date(r.finished_at),
    messageIds: parseJson<string[]>(r.message_ids, []),
    detail: r.detail,
  };
}

/** A `slack_installations` row. */
export interface InstallationRow {
  install_key: string;
  team_id: string | null;
  enterprise_id: string | null;
  is_enterprise_install: number;
  installation: string;
  updated_at: number;
}

export function toInstallation(row: InstallationRow): SlackInstallationRecord {
  return {
    key: row.install_key,
    teamId: row.team_id,
    enterpriseId: row.enterprise_id,
    isEnterpriseInstall: row.is_enterprise_install === 1,
    data: row.installation,
    updatedAt: new Date(row.updated_at),
  };
}

/** A `briefs` row. */
export interface BriefRow {
  id: number;
  subject: string;
  kind: string;
  window_from: number;
  window_to: number;
  engine: string;
  created_at: number;
  scope: string;
  shown: string | null;
}

/** The values of a new `briefs` row, in column order: workspace, subject_key, subject, kind, window_from, window_to, engine, created_at, scope, shown. */
export function briefRowValues(workspace: string, record: NewBriefRecord): (string | number | null)[] {
  return [
    workspace,
    storyKey(record.subject),
    record.subject,
    record.kind,
    record.windowFrom.getTime(),
    record.windowTo.getTime(),
    record.engine,
    record.createdAt.getTime(),
    record.scope ?? '',
    record.shown ? JSON.stringify(record.shown) : null,
  ];
}

/** A brief record from its row and the ids of the articles it cited. */
export function toBriefRecord(r: BriefRow, articleIds: number[]): BriefRecord {
  return {
    id: r.id,
    subject: r.subject,
    kind: r.kind,
    windowFrom: new Date(r.window_from),
    windowTo: new Date(r.window_to),
    engine: r.engine,
    createdAt: new Date(r.created_at),
    articleIds,
    scope: r.scope,
    shown: parseShown(r.shown),
  };
}

/**
 * The values of a new `feeds` row after its workspace, in column order: url, title, site_url, interval_ms, added_by,
 * added_at, channel_platform, channel_id, next_poll_at, host.
 */
export function newFeedValues(f: NewFeed): (string | number | null)[] {
  return [
    f.url,
    f.title,
    f.siteUrl,
    f.intervalMs,
    f.addedBy,
    f.addedAt.getTime(),
    f.channel?.platform ?? null,
    f.channel?.id ?? null,
    f.nextPollAt.getTime(),
    feedHost(f.url),
  ];
}
