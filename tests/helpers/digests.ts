import type { ChannelRef, PublishResult, Publisher } from '../../src/chat/publisher.ts';
import type { Reply } from '../../src/chat/reply.ts';
import type { NewArticle } from '../../src/core/article.ts';
import type { Logger } from '../../src/core/logger.ts';

/** One post a fake publisher accepted. */
export interface RecordedPost {
  /** Channel id. */
  channel: string;
  /** Workspace of the channel. */
  workspace: string;
  /** When it was accepted (the fake clock in timer tests). */
  at: Date;
  /** The reply. */
  reply: Reply;
  /** The slot, from the digest's data. */
  slot: string;
}

/** A behaviour for a channel: throw to fail this attempt, return to let it through. */
export type ChannelBehaviour = (attempt: number) => void;

/** A working in-memory publisher that records posts and can be told to fail per channel. */
export interface RecordingPublisher extends Publisher {
  /** Accepted posts, in order. */
  posts: RecordedPost[];
  /** Attempts per channel (accepted or not). */
  attempts: Map<string, number>;
  /** Sets how a channel behaves from now on. */
  behave(channelId: string, behaviour: ChannelBehaviour): void;
  /** Posts to one channel. */
  postsTo(channelId: string): RecordedPost[];
}

export function createRecordingPublisher(platform = 'console', shared?: RecordedPost[]): RecordingPublisher {
  const posts = shared ?? [];
  const attempts = new Map<string, number>();
  const behaviours = new Map<string, ChannelBehaviour>();
  let n = 0;
  return {
    platform,
    posts,
    attempts,
    behave(channelId, behaviour) {
      behaviours.set(channelId, behaviour);
    },
    postsTo: (channelId) => posts.filter((p) => p.channel === channelId),
    async publish(channel: ChannelRef, reply: Reply): Promise<PublishResult> {
      const attempt = (attempts.get(channel.channelId) ?? 0) + 1;
      attempts.set(channel.channelId, attempt);
      behaviours.get(channel.channelId)?.(attempt);
      const slot = String((reply.data as { slot?: string } | undefined)?.slot ?? '');
      posts.push({ channel: channel.channelId, workspace: channel.workspace, at: new Date(), reply, slot });
      return { messageIds: [`${platform}-${++n}`] };
    },
  };
}

/** A logger that keeps every line, for asserting what was logged. */
export function captureLogger(): Logger & { lines: { level: string; msg: string; obj: Record<string, unknown> }[] } {
  const lines: { level: string; msg: string; obj: Record<string, unknown> }[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: string) =>
      (obj: object | string, msg?: string): void => {
        if (typeof obj === 'string') lines.push({ level, msg: obj, obj: { ...bindings } });
        else lines.push({ level, msg: msg ?? '', obj: { ...bindings, ...(obj as Record<string, unknown>) } });
      };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (b) => make({ ...bindings, ...b }) };
  };
  return Object.assign(make({}), { lines });
}

/** An article with a body of full sentences, for digest content tests. */
export function article(
  title: string,
  source: string,
  publishedAt: string,
  sentences: string[],
  url: string | null = null,
): NewArticle {
  return { url, title, source, publishedAt: new Date(publishedAt), language: 'en', body: sentences.join(' ') };
}

/** The bullet texts of a digest reply, per story section. */
export function sectionBullets(reply: Reply): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const b of reply.blocks) {
    if (b.type !== 'section') continue;
    out[b.title] = b.blocks.flatMap((x) => (x.type === 'bullets' ? x.items.map((i) => i.text) : []));
  }
  return out;
}
