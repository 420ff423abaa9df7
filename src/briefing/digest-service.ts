import type { WorkspaceId } from '../core/article.ts';
import type { DigestChannel, DigestRun, DigestRunTrigger, DigestSubscription } from '../core/digest.ts';
import { parseDigestSchedule, slotContaining, upcomingRuns, type DigestSchedule } from '../core/digest-schedule.ts';
import { UserError } from '../core/errors.ts';
import { requireLanguage } from '../core/languages.ts';
import type { DigestStore } from '../store/ports/digest-store.ts';
import type { StoryStore } from '../store/ports/story-store.ts';
import { parseRunTime, resolveDigestStories, validateChannel } from './digest-input.ts';

/** How a run of one (subscription, slot) ended. */
export interface DigestRunOutcome {
  /** Subscription. */
  subscriptionId: number;
  /** The slot. */
  slot: Date;
  /** Time zone of the subscription (for saying when the slot was). */
  timeZone: string;
  /**
   * `posted` (now, or the rest of a post another run left half-way), `already-posted` (earlier; nothing sent),
   * `in-progress` (another run holds the slot), `failed` (may be retried; only what was not confirmed is posted then),
   * `paused` (the channel is gone; the subscription was paused), `skipped` (beyond the grace window), `unknown` (an
   * earlier run stopped while posting and kept no copy to finish from; not repeated), `unavailable` (this process
   * cannot post to that platform), `gone` (the subscription was removed).
   */
  status:
    | 'posted'
    | 'already-posted'
    | 'in-progress'
    | 'failed'
    | 'paused'
    | 'skipped'
    | 'unknown'
    | 'unavailable'
    | 'gone';
  /** Platform message ids of the post (this run's or the earlier one's). */
  messageIds: string[];
  /** Error, pause or skip reason. */
  detail: string | null;
}

/** Options of {@link DigestSlotRunner.runSlot}. */
export interface RunSlotOptions {
  /** The slot was already claimed in the ledger (by the scheduler's run coordinator). */
  preclaimed?: boolean;
  /** A slot whose earlier attempt failed may be tried again. */
  retryFailed?: boolean;
}

/** Runs one slot of one subscription through the run ledger: claim, build, post, complete. */
export interface DigestSlotRunner {
  /** Runs the slot unless the ledger says it is done or taken. Never throws for delivery problems. */
  runSlot(subscription: DigestSubscription, slot: Date, trigger: DigestRunTrigger, options?: RunSlotOptions): Promise<DigestRunOutcome>;
}

/** A subscription as `digest list` shows it. */
export interface DigestListing {
  /** The subscription. */
  subscription: DigestSubscription;
  /** Next run time (null while paused). */
  nextRun: Date | null;
  /** The newest ledger entry. */
  lastRun: DigestRun | null;
}

/** Request of {@link DigestService.add}. */
export interface AddDigestRequest {
  /** Workspace whose stories the digest reads. */
  workspace: WorkspaceId;
  /** Where to post. */
  channel: DigestChannel;
  /** Story names, or `all` for every tracked story. */
  stories: readonly string[] | 'all';
  /** `daily 08:00`, `weekdays 07:30`, `weekly mon 09:00` or a five-field cron expression. */
  schedule: string;
  /** IANA time zone; default the configured one. */
  timeZone?: string | undefined;
  /** Output language (`fr`, `French`); absent: as the sources are written. */
  language?: string | undefined;
  /** Who adds it. */
  by: string;
}

/** Scheduled digests: subscriptions and manual runs. Commands and the CLI use this interface only. */
export interface DigestService {
  /** Creates a subscription and returns it with its next three run times. */
  add(req: AddDigestRequest): Promise<{ subscription: DigestSubscription; nextRuns: Date[] }>;
  /** A workspace's subscriptions with their next run and last ledger entry. */
  list(workspace: WorkspaceId): Promise<DigestListing[]>;
  /** Removes a subscription (and its ledger). */
  remove(workspace: WorkspaceId, id: number): Promise<DigestSubscription>;
  /** Resumes a paused subscription; slots missed while paused are not posted. */
  resume(workspace: WorkspaceId, id: number): Promise<{ subscription: DigestSubscription; nextRuns: Date[] }>;
  /**
   * Runs the slot containing `now` (an ISO time; without an offset it is read in the subscription's time zone;
   * default: the current time) through the run ledger, so running the same slot twice posts once.
   */
  run(req: { workspace: WorkspaceId; id: number; now?: string | undefined }): Promise<DigestRunOutcome>;
  /** Calls the listener after every change to subscriptions made through this service; returns an unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** Collaborators of {@link createDigestService}. */
export interface DigestServiceDeps {
  /** Stories (to validate names). */
  stories: StoryStore;
  /** Subscriptions and ledger. */
  digests: DigestStore;
  /** Runs slots through the ledger. */
  runner: DigestSlotRunner;
  /** Current time. */
  clock: () => Date;
  /** Default IANA time zone (`SITREP_TZ`, else UTC). */
  defaultTimeZone: string;
}

function notFound(id: number): UserError {
  return new UserError('digest.not_found', `There is no digest #${id} in this workspace.`, {
    hint: 'List them with: digest list',
  });
}

export function createDigestService(deps: DigestServiceDeps): DigestService {
  const { digests, clock } = deps;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of listeners) l();
  };
  const scheduleOf = (s: DigestSubscription): DigestSchedule => parseDigestSchedule(s.cron, s.timeZone);

  async function mustGet(workspace: WorkspaceId, id: number): Promise<DigestSubscription> {
    if (!Number.isSafeInteger(id) || id < 1) throw notFound(id);
    const sub = await digests.getSubscription(id, workspace);
    if (!sub) throw notFound(id);
    return sub;
  }

  return {
    async add(req) {
      const channel = validateChannel(req.workspace, req.channel);
      const schedule = parseDigestSchedule(req.schedule, req.timeZone?.trim() || deps.defaultTimeZone);
      const language = req.language?.trim() ? requireLanguage(req.language) : null;
      const stories = await resolveDigestStories(deps.stories, req.workspace, req.stories);
      const subscription = await digests.createSubscription({
        workspace: req.workspace,
        channel,
        stories,
        schedule: schedule.text,
        cron: schedule.cron,
        timeZone: schedule.timeZone,
        language,
        createdBy: req.by,
        createdAt: clock(),
      });
      changed();
      return { subscription, nextRuns: upcomingRuns(schedule, clock(), 3) };
    },

    async list(workspace) {
      const subs = await digests.listSubscriptions(workspace);
      return Promise.all(
        subs.map(async (subscription) => ({
          subscription,
          nextRun: subscription.paused ? null : (upcomingRuns(scheduleOf(subscription), clock(), 1)[0] ?? null),
          lastRun: await digests.lastRun(subscription.id),
        })),
      );
    },

    async remove(workspace, id) {
      const sub = await mustGet(workspace, id);
      if (!(await digests.removeSubscription(workspace, id))) throw notFound(id);
      changed();
      return sub;
    },

    async resume(workspace, id) {
      const sub = await mustGet(workspace, id);
      if (!sub.paused) {
        throw new UserError('digest.not_paused', `Digest #${id} is not paused.`);
      }
      await digests.resumeSubscription(workspace, id, clock());
      changed();
      const subscription = await mustGet(workspace, id);
      return { subscription, nextRuns: upcomingRuns(scheduleOf(subscription), clock(), 3) };
    },

    async run(req) {
      const sub = await mustGet(req.workspace, req.id);
      if (sub.paused) {
        throw new UserError('digest.paused', `Digest #${sub.id} is paused: ${sub.paused.reason}`, {
          hint: `Resume it with: digest resume ${sub.id}`,
        });
      }
      const now = clock();
      const at = req.now ? parseRunTime(req.now, sub.timeZone) : now;
      if (at.getTime() > now.getTime() + 60_000) {
        throw new UserError('digest.future_slot', `${at.toISOString()} is in the future; a digest can only run for a slot that has begun.`);
      }
      const slot = slotContaining(scheduleOf(sub), at);
      if (!slot) throw new UserError('digest.no_slot', `Digest #${sub.id} has no scheduled time before ${at.toISOString()}.`);
      const outcome = await deps.runner.runSlot(sub, slot, 'manual', { retryFailed: true });
      if (outcome.status === 'paused') changed();
      return outcome;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
