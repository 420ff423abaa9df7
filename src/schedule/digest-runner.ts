import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { DigestBuilder } from '../briefing/digest-builder.ts';
import type { DigestRunOutcome, DigestSlotRunner, RunSlotOptions } from '../briefing/digest-service.ts';
import { digestReply } from '../chat/digest-reply.ts';
import { ChannelUnavailableError } from '../chat/publisher.ts';
import type { PublisherRegistry } from '../chat/publishers.ts';
import type { DigestRun, DigestRunTrigger, DigestSubscription } from '../core/digest.ts';
import type { Logger } from '../core/logger.ts';
import type { DigestStore } from '../store/ports/digest-store.ts';
import { publishWithRetry, type RetryPolicy, type Sleep } from './publish-retry.ts';

/** Collaborators of {@link createDigestRunner}. */
export interface DigestRunnerDeps {
  /** Subscriptions and ledger. */
  digests: DigestStore;
  /** Builds the content. */
  builder: DigestBuilder;
  /** Publishers of this process, by platform. */
  publishers: PublisherRegistry;
  /** Current time. */
  clock: () => Date;
  /** Logger. */
  logger: Logger;
  /** This process's identity in the ledger (default: host, pid and a random part). */
  owner?: string;
  /** How long a claim protects a slot before posting starts. */
  leaseMs?: number;
  /** Retry policy for posting. */
  retry?: RetryPolicy;
  /** Waits between retries (fake timers in tests). */
  sleep?: Sleep;
}

/** The runner plus what the scheduler's run coordinator needs. */
export interface DigestRunner extends DigestSlotRunner {
  /** This process's ledger identity. */
  readonly owner: string;
  /** Lease length of claims. */
  readonly leaseMs: number;
  /** Claims a slot for a scheduled run (node-cron's run coordinator calls this). */
  claimScheduled(subscriptionId: number, slot: Date): Promise<boolean>;
  /** Resolves when every run started so far has finished. */
  idle(): Promise<void>;
}

function outcomeOfExisting(sub: DigestSubscription, slot: Date, run: DigestRun | null): DigestRunOutcome {
  const base = { subscriptionId: sub.id, slot, timeZone: sub.timeZone, messageIds: run?.messageIds ?? [], detail: run?.detail ?? null };
  switch (run?.status) {
    case 'posted':
      return { ...base, status: 'already-posted' };
    case 'skipped':
      return { ...base, status: 'skipped' };
    case 'unknown':
      return { ...base, status: 'unknown' };
    case 'failed':
      return { ...base, status: 'failed' };
    default:
      return { ...base, status: 'in-progress' };
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Runs digests through the run ledger. A slot is claimed in a database transaction before anything is built, marked
 * as posting just before the platform call, and completed (with what it covered) only after the platform
 * confirmed. Runs of one subscription are serialised in this process; different subscriptions run independently,
 * so one channel's retries or failure never hold up another.
 */
export function createDigestRunner(deps: DigestRunnerDeps): DigestRunner {
  const { digests, clock, logger } = deps;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const chains = new Map<number, Promise<unknown>>();
  const inFlight = new Set<Promise<unknown>>();

  function serialise<T>(id: number, task: () => Promise<T>): Promise<T> {
    const previous = chains.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    chains.set(id, settled);
    inFlight.add(settled);
    void settled.then(() => {
      inFlight.delete(settled);
      if (chains.get(id) === settled) chains.delete(id);
    });
    return next;
  }

  async function execute(sub: DigestSubscription, slot: Date, trigger: DigestRunTrigger, options: RunSlotOptions): Promise<DigestRunOutcome> {
    const log = logger.child({ subscription: sub.id, slot: slot.toISOString(), trigger });
    const outcome = (status: DigestRunOutcome['status'], detail: string | null, messageIds: string[] = []): DigestRunOutcome => ({
      subscriptionId: sub.id,
      slot,
      timeZone: sub.timeZone,
      status,
      messageIds,
      detail,
    });
    const publisher = deps.publishers.get(sub.channel.platform);
    if (!publisher) {
      // Not claimed: another process that can post to this platform may still take the slot.
      return outcome('unavailable', `This process cannot post to ${sub.channel.platform}; it is not configured here.`);
    }
    if (!options.preclaimed) {
      const claim = await digests.claimRun(sub.id, slot, { owner, now: clock(), leaseMs, trigger, retryFailed: options.retryFailed ?? false });
      if (!claim.claimed) {
        if (claim.reason === 'gone') return outcome('gone', `Digest #${sub.id} was removed.`);
        if (claim.reason === 'paused') return outcome('paused', sub.paused?.reason ?? 'The digest is paused.');
        return outcomeOfExisting(sub, slot, claim.existing);
      }
    }
    const fresh = await digests.getSubscription(sub.id);
    if (!fresh) return outcome('gone', `Digest #${sub.id} was removed.`);
    let built;
    try {
      built = await deps.builder.build(fresh, slot);
    } catch (err) {
      log.error({ err }, 'building the digest failed');
      await digests.failRun(sub.id, slot, owner, `Building failed: ${message(err)}`, clock());
      return outcome('failed', `Building failed: ${message(err)}`);
    }
    if (!(await digests.markPosting(sub.id, slot, owner, clock()))) {
      log.warn('lost the claim before posting; another process runs this slot');
      return outcome('in-progress', 'Another process took over this slot.');
    }
    const channel = { platform: fresh.channel.platform, workspace: fresh.workspace, channelId: fresh.channel.id };
    let messageIds: string[];
    try {
      const posted = await publishWithRetry(publisher, channel, digestReply(built.digest), {
        logger: log,
        ...(deps.retry ? { policy: deps.retry } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      messageIds = posted.messageIds;
    } catch (err) {
      if (err instanceof ChannelUnavailableError) {
        const reason = `Channel unavailable: ${message(err)}`;
        await digests.failRun(sub.id, slot, owner, reason, clock());
        await digests.pauseSubscription(sub.id, reason, clock());
        log.warn({ err }, 'channel unavailable; digest paused');
        return outcome('paused', reason);
      }
      log.error({ err }, 'posting the digest failed');
      await digests.failRun(sub.id, slot, owner, `Posting failed: ${message(err)}`, clock());
      return outcome('failed', `Posting failed: ${message(err)}`);
    }
    await digests.completeRun(sub.id, slot, owner, {
      messageIds,
      finishedAt: clock(),
      coveredIdMax: built.idMax,
      stories: built.records,
    });
    await deps.builder.recordPosted(fresh, built).catch((err: unknown) => log.warn({ err }, 'recording brief history failed'));
    log.info({ messageIds, platform: channel.platform, channel: channel.channelId }, 'digest posted');
    return outcome('posted', null, messageIds);
  }

  return {
    owner,
    leaseMs,
    runSlot(sub, slot, trigger, options = {}) {
      return serialise(sub.id, () =>
        execute(sub, slot, trigger, options).catch(async (err: unknown) => {
          // A database error mid-run: the claim stays and expires, so a later sweep can try again.
          logger.error({ err, subscription: sub.id, slot: slot.toISOString() }, 'digest run failed');
          return { subscriptionId: sub.id, slot, timeZone: sub.timeZone, status: 'failed' as const, messageIds: [], detail: message(err) };
        }),
      );
    },
    async claimScheduled(subscriptionId, slot) {
      const claim = await digests.claimRun(subscriptionId, slot, { owner, now: clock(), leaseMs, trigger: 'schedule', retryFailed: false });
      return claim.claimed;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
