/**
 * Reading a buyer-facing request's JSON body with a size cap. Buyers' browsers
 * send a few hundred bytes; anything much larger is a script, refused before
 * it is parsed (and before it is read, when it says its size up front).
 */

/** Plenty for any request an extension sends (20 checkout events are about 3 KB). */
export const BUYER_BODY_LIMIT_BYTES = 8 * 1024;

/** Why a body was refused, with the status to answer: 413 too large, 400 not JSON. */
export class RequestBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "RequestBodyError";
  }
}

/**
 * The request's body parsed as JSON. Throws RequestBodyError: 413 when
 * Content-Length exceeds maxBytes (nothing is read) or when a body without
 * one (chunked) grows past maxBytes while being read (reading stops there);
 * 400 when the body is empty or not JSON.
 */
export async function readJsonBody(request: Request, options: { maxBytes?: number } = {}): Promise<unknown> {
  const text = await readTextBody(request, options.maxBytes ?? BUYER_BODY_LIMIT_BYTES);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestBodyError(400, "The request body is not JSON.");
  }
}

async function readTextBody(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new RequestBodyError(413, `The request body is larger than ${maxBytes} bytes.`);
  const declared = request.headers.get("Content-Length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!request.body) return "";

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
