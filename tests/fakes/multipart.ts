/** One part of a multipart/form-data body. */
export interface FormPart {
  /** Field name. */
  name: string;
  /** File name, for file parts. */
  filename: string | undefined;
  /** Part content type, when given. */
  contentType: string | undefined;
  /** Raw bytes. */
  data: Buffer;
}

/**
 * Parses a multipart/form-data body (RFC 7578) as the fakes receive it from the SDKs: binary-safe, so uploaded PNGs
 * arrive byte for byte. Returns null when the content type is not multipart.
 */
export function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] | null {
  const m = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!m) return null;
  const delimiter = Buffer.from(`--${m[1] ?? m[2]!.trim()}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const chunk = body.subarray(start + 2, next - 2);
    const split = chunk.indexOf('\r\n\r\n');
    const headers = chunk.subarray(0, split).toString('utf8');
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '',
      filename: /\bfilename="([^"]*)"/.exec(disposition)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
      data: chunk.subarray(split + 4),
    });
    pos = next;
  }
  return parts;
}
