import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { BuiltDigest, DigestBuilder } from '../briefing/digest-builder.ts';
import type { DigestRunOutcome, DigestSlotRunner, RunSlotOptions } from '../briefing/digest-service.ts';
import { digestReply } from '../chat/digest-reply.ts';
import { ChannelUnavailableError, DeliveryLostError, type Delivery } from '../chat/publisher.ts';
import type { Reply } from '../chat/reply.ts';
import { fromJsonSafe, replyFromJson, replyToJson, toJsonSafe } from '../chat/reply-json.ts';
import type { PublisherRegistry } from '../chat/publishers.ts';
import type { DigestRun, DigestRunTrigger, DigestSubscription } from '../core/digest.ts';
import type { Logger } from '../core/logger.ts';
import type { DigestStore, PostingRecord, ResumedPosting } from '../store/ports/digest-store.ts';
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
  /**
   * How long a post under way protects its slot, renewed before every message and attempt: a process that stopped
   * mid-post is taken over this long after its last sign of life. Default 2 minutes.
   */
  postingLeaseMs?: number;
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

/** Default {@link DigestRunnerDeps.postingLeaseMs}: within the minutes Discord keeps a message nonce. */
export const DEFAULT_POSTING_LEASE_MS = 2 * 60_000;

const slotKey = (id: number, slot: Date): string => `${id}@${slot.getTime()}`;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

/**
 * Runs digests through the run ledger. A slot is claimed in a database transaction before anything is built, marked
 * as posting just before the platform call (keeping what is posted), each confirmed message recorded before the next
 * is sent, and completed (with what it covered) only after the platform confirmed the last. A post that stopped
 * half-way is finished by whichever process claims the slot after its lease: only the messages not confirmed. Runs
 * of one subscription are serialised in this process; different subscriptions run independently, so one channel's
 * retries or failure never hold up another.
 */
export function createDigestRunner(deps: DigestRunnerDeps): DigestRunner {
  const { digests, clock, logger } = deps;
  const owner = deps.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const postingLeaseMs = deps.postingLeaseMs ?? DEFAULT_POSTING_LEASE_MS;
  // Posts left half-way that a scheduled claim took over, until its run starts.
  const resumes = new Map<string, ResumedPosting>();
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
    let resume = resumes.get(slotKey(sub.id, slot));
    resumes.delete(slotKey(sub.id, slot));
    if (!options.preclaimed) {
      const claim = await digests.claimRun(sub.id, slot, { owner, now: clock(), leaseMs, trigger, retryFailed: options.retryFailed ?? false });
      if (!claim.claimed) {
        if (claim.reason === 'gone') return outcome('gone', `Digest #${sub.id} was removed.`);
        if (claim.reason === 'paused') return outcome('paused', sub.paused?.reason ?? 'The digest is paused.');
        return outcomeOfExisting(sub, slot, claim.existing);
      }
      resume = claim.resume;
    }
    const fresh = await digests.getSubscription(sub.id);
    if (!fresh) return outcome('gone', `Digest #${sub.id} was removed.`);
    let built: BuiltDigest | undefined;
    let record: PostingRecord;
    let reply: Reply;
    if (resume) {
      // A post that stopped half-way: finish it with the messages it began with, never a rebuilt digest.
      record = resume.posting;
      reply = replyFromJson(record.reply);
      if (record.built !== undefined) built = fromJsonSafe(record.built) as BuiltDigest;
      log.warn({ confirmed: resume.messageIds.length }, 'finishing a digest whose posting stopped half-way');
    } else {
      try {
        built = await deps.builder.build(fresh, slot);
      } catch (err) {
        log.error({ err }, 'building the digest failed');
        await digests.failRun(sub.id, slot, owner, `Building failed: ${message(err)}`, clock());
        return outcome('failed', `Building failed: ${message(err)}`);
      }
      reply = digestReply(built.digest);
      // The rendered reply is kept as well as the built digest it comes from, so that whoever finishes the post sends
      // exactly these messages, even if it runs another version of the renderer.
      record = { reply: replyToJson(reply), coveredIdMax: built.idMax, stories: built.records, built: toJsonSafe(built) };
      if (!(await digests.markPosting(sub.id, slot, owner, clock(), { record, leaseMs: postingLeaseMs }))) {
        log.warn('lost the claim before posting; another process runs this slot');
        return outcome('in-progress', 'Another process took over this slot.');
      }
    }
    const channel = { platform: fresh.channel.platform, workspace: fresh.workspace, channelId: fresh.channel.id };
    const state = { sent: resume?.messageIds ?? [], uncertain: resume !== undefined };
    const keep = (messageIds: string[]) => digests.recordPosting(sub.id, slot, owner, { messageIds, now: clock(), leaseMs: postingLeaseMs });
    const delivery: Delivery = {
      key: `digest:${sub.id}:${slot.getTime()}`,
      get sent() {
        return state.sent;
      },
      get uncertain() {
        return state.uncertain;
      },
      async confirm(id) {
        state.sent = [...state.sent, id];
        state.uncertain = false;
        return keep(state.sent);
      },
    };
    let messageIds: string[];
    try {
      const posted = await publishWithRetry(publisher, channel, reply, {
        logger: log,
        delivery,
        beforeAttempt: async (attempt) => {
          // A failed attempt may have left its message on the platform unconfirmed. The lease is renewed before
          // every attempt; when it ran out during a long wait and another process took the slot, this one stops here
          // rather than post beside it.
          if (attempt > 1) state.uncertain = true;
          if (!(await keep(state.sent))) throw new DeliveryLostError('Another process took over this post.');
        },
        ...(deps.retry ? { policy: deps.retry } : {}),
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
      });
      messageIds = posted.messageIds;
    } catch (err) {
      if (err instanceof DeliveryLostError) {
        log.warn({ confirmed: state.sent.length }, 'another process took over this post; stopped');
        return outcome('in-progress', `Another process took over this slot after ${state.sent.length} message(s).`);
      }
      const sofar = state.sent.length > 0 ? ` after ${state.sent.length} message(s); a retry posts only the rest` : '';
      if (err instanceof ChannelUnavailableError) {
        const reason = `Channel unavailable: ${message(err)}`;
        await digests.failRun(sub.id, slot, owner, reason + sofar, clock());
        await digests.pauseSubscription(sub.id, reason, clock());
        log.warn({ err }, 'channel unavailable; digest paused');
        return outcome('paused', reason);
      }
      log.error({ err, confirmed: state.sent.length }, 'posting the digest failed');
      await digests.failRun(sub.id, slot, owner, `Posting failed${sofar}: ${message(err)}`, clock());
      return outcome('failed', `Posting failed${sofar}: ${message(err)}`);
    }
    await digests.completeRun(sub.id, slot, owner, {
      messageIds,
      finishedAt: clock(),
      coveredIdMax: record.coveredIdMax,
      stories: record.stories,
    });
    if (built) await deps.builder.recordPosted(fresh, built).catch((err: unknown) => log.warn({ err }, 'recording brief history failed'));
    log.info({ messageIds, platform: channel.platform, channel: channel.channelId }, 'digest posted');
    const finished = resume
      ? `finished a post that stopped after ${resume.messageIds.length} of ${messageIds.length} messages; nothing was sent twice`
      : null;
    return outcome('posted', finished, messageIds);
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
      if (claim.claimed && claim.resume) resumes.set(slotKey(subscriptionId, slot), claim.resume);
      return claim.claimed;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
