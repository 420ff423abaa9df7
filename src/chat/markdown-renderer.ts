import type { Reply, ReplyBlock } from './reply.ts';

/** Escapes Markdown control characters in untrusted text so it reads as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#|~])/g, '\\$1');
}

function renderBlock(b: ReplyBlock, out: string[], plain: boolean): void {
  const esc = plain ? (t: string) => t : escapeMarkdown;
  switch (b.type) {
    case 'text':
      out.push(esc(b.text), '');
      break;
    case 'notice':
      out.push(`${b.tone === 'error' ? 'Error: ' : b.tone === 'warning' ? 'Warning: ' : 'Note: '}${esc(b.text)}`, '');
      break;
    case 'bullets':
      for (const item of b.items) {
        const cites = item.citations.map((n) => `[${n}]`).join('');
        const label = item.label ? `${item.label} — ` : '';
        const tags = (item.tags ?? []).map((t) => ` (${esc(t)})`).join('');
        out.push(`- ${label}${esc(item.text)} ${cites}${item.unverified ? ' (unverified)' : ''}${tags}`);
        for (const note of item.notes ?? []) out.push(`  - ${esc(note)}`);
      }
      out.push('');
      break;
    case 'list':
      for (const item of b.items) out.push(`- ${esc(item)}`);
      out.push('');
      break;
    case 'fields':
      for (const f of b.fields) out.push(`${esc(f.name)}: ${esc(f.value)}`);
      out.push('');
      break;
    case 'section':
      out.push(`## ${esc(b.title)}`, '');
      for (const inner of b.blocks) renderBlock(inner, out, plain);
      break;
  }
}

/**
 * Renders a reply as Markdown (the CLI's `--format md` and the console chat). With `plain`, text is not escaped
 * (for terminals, where backslashes would only be noise).
 */
export function renderMarkdown(reply: Reply, options: { plain?: boolean } = {}): string {
  const plain = options.plain ?? false;
  const out: string[] = [];
  if (reply.title) out.push(`# ${plain ? reply.title : escapeMarkdown(reply.title)}`, '');
  for (const b of reply.blocks) renderBlock(b, out, plain);
  if (reply.sources && reply.sources.length > 0) {
    out.push('Sources:');
    for (const s of reply.sources) {
      const title = plain ? s.title : escapeMarkdown(s.title);
      const outlet = plain ? s.source : escapeMarkdown(s.source);
      out.push(`[${s.n}] ${title} — ${outlet}, ${s.publishedAt.toISOString().slice(0, 10)}${s.url ? ` <${s.url}>` : ''}`);
    }
    out.push('');
  }
  if (reply.footer) out.push(`_${plain ? reply.footer : escapeMarkdown(reply.footer)}_`, '');
  return `${out.join('\n').trimEnd()}\n`;
}
