import type { PostedMessage } from './slack-fake.ts';

/** `conversations.replies` over the fake's messages: the thread's first message, then its replies, oldest first. */
export function conversationReplies(messages: Iterable<PostedMessage>, args: Record<string, unknown>): Record<string, unknown> {
  const channel = String(args['channel']);
  const ts = String(args['ts']);
  const thread = [...messages]
    .filter((m) => m.channel === channel && (m.ts === ts || m.threadTs === ts))
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  if (!thread.some((m) => m.ts === ts)) return { ok: false, error: 'thread_not_found' };
  const limit = Number(args['limit'] ?? 1000);
  return {
    ok: true,
    messages: thread
      .slice(0, limit)
      .map((m) => ({ type: 'message', ts: m.ts, thread_ts: m.threadTs, text: m.text, blocks: m.blocks, bot_id: m.botId, user: m.user })),
    has_more: thread.length > limit,
  };
}

/**
 * conversations.history as Slack answers it: a channel's top-level messages (and thread broadcasts' parents), newest
 * first, up to `limit`; metadata only with `include_all_metadata`.
 */
export function conversationHistory(messages: Iterable<PostedMessage>, args: Record<string, unknown>): Record<string, unknown> {
  const channel = String(args['channel']);
  const withMetadata = args['include_all_metadata'] === true || args['include_all_metadata'] === 'true';
  const top = [...messages].filter((m) => m.channel === channel && (m.threadTs === undefined || m.threadTs === m.ts)).sort((a, b) => Number(b.ts) - Number(a.ts));
  const limit = Number(args['limit'] ?? 100);
  return {
    ok: true,
    messages: top.slice(0, limit).map((m) => ({
      type: 'message',
      ts: m.ts,
      text: m.text,
      bot_id: m.botId,
      user: m.user,
      ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
    })),
    has_more: top.length > limit,
  };
}
