import type { WorkspaceId } from './article.ts';
import type { BriefBullet, BriefContradiction, BriefFigureChange, BriefSource } from './brief.ts';
import type { VolumeSeries } from './volume.ts';
import type { SourceMix } from './source-mix.ts';

/** Where a digest is posted: a channel on a platform. */
export interface DigestChannel {
  /** `slack`, `discord` or `console`. */
  platform: string;
  /** Platform channel id. */
  id: string;
}

/** A scheduled digest: which stories go to which channel, when, in which time zone. */
export interface DigestSubscription {
  /** Id (never reused). */
  id: number;
  /** Workspace whose stories and articles it reads. */
  workspace: WorkspaceId;
  /** Channel it posts to. */
  channel: DigestChannel;
  /** Story names, or `all` for every tracked story at run time. */
  stories: string[] | 'all';
  /** The schedule as the user wrote it, normalised (`weekdays 07:30` or a cron expression). */
  schedule: string;
  /** Canonical numeric cron expression. */
  cron: string;
  /** IANA time zone of the schedule and of the digest's dates. */
  timeZone: string;
  /** The language its bullets are written in (`fr`); null: as the sources are written. */
  language: string | null;
  /** Who created it. */
  createdBy: string;
  /** When it was created. */
  createdAt: Date;
  /** Slots before this instant are never caught up (creation or last resume). */
  activeSince: Date;
  /** Set while paused (for example because the channel is gone). */
  paused: { at: Date; reason: string } | null;
  /** The slot of the last posted digest: later digests cover what came after it. */
  coveredUpTo: Date | null;
  /** Highest article id that existed when the last posted digest was built (later ids arrived afterwards). */
  coveredIdMax: number | null;
  /** Incremented on every change, so schedulers can tell when to reschedule. */
  version: number;
}

/** State of one (subscription, slot) entry in the run ledger. */
export type DigestRunStatus = 'claimed' | 'posting' | 'posted' | 'failed' | 'skipped' | 'unknown';

/** What started a run. */
export type DigestRunTrigger = 'schedule' | 'catch-up' | 'manual';

/** One entry of the run ledger. */
export interface DigestRun {
  /** Subscription. */
  subscriptionId: number;
  /** The scheduled instant this run is for. */
  slot: Date;
  /** Ledger state. */
  status: DigestRunStatus;
  /** What started it. */
  trigger: DigestRunTrigger;
  /** Attempts made (a failed slot can be tried again). */
  attempts: number;
  /** When it was last claimed. */
  claimedAt: Date;
  /** When it finished (posted, failed, skipped). */
  finishedAt: Date | null;
  /** Platform message ids once posted. */
  messageIds: string[];
  /** Error or skip reason. */
  detail: string | null;
}

/** What a posted digest said about one story, kept so the next digest can avoid repeating it. */
export interface DigestStoryRecord {
  /** Story name. */
  story: string;
  /** Bullet texts posted. */
  bullets: string[];
  /** Articles cited. */
  articleIds: number[];
}

/** One story's part of a digest. */
export interface DigestStorySection {
  /** Story name. */
  story: string;
  /** `new`: has bullets; `quiet`: nothing new; `untracked`: listed but no longer tracked. */
  status: 'new' | 'quiet' | 'untracked';
  /** Bullets, citing {@link Digest.sources} by number. */
  bullets: BriefBullet[];
  /** New articles read for this story. */
  articlesRead: number;
  /** Engine that wrote the bullets. */
  engine: string | null;
  /** Notes for the reader. */
  notes: string[];
  /** Who is reporting this story's bullets (sections with news). */
  sourceMix?: SourceMix;
  /** Figures that moved since the previous digest of this story posted to the same channel. */
  figures?: BriefFigureChange[];
  /** Where the sources of a bullet disagree (`bullet` indexes this section's bullets). */
  contradictions?: BriefContradiction[];
}

/** A built digest, before rendering. */
export interface Digest {
  /** Subscription it belongs to. */
  subscriptionId: number;
  /** The slot it is for. */
  slot: Date;
  /** Time zone of the subscription. */
  timeZone: string;
  /** Start of the period covered (the previous digest's slot, or one schedule period back). */
  coversFrom: Date;
  /** Per story, in subscription order; stories with news first. */
  sections: DigestStorySection[];
  /** Numbered sources; each story's sources are numbered consecutively. */
  sources: BriefSource[];
  /** Notes about the whole digest. */
  notes: string[];
  /** Articles per day of the stories with news, over the last days (drawn as a chart where the platform allows). */
  volume?: VolumeSeries[];
  /** Who is reporting the whole digest; single-source bullets are counted over all sections in order. */
  sourceMix?: SourceMix;
}
