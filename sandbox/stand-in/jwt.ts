import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HS256 JSON web tokens, as Shopify signs session tokens and the
 * post-purchase input token, and as the app signs changesets: all with the
 * app's API secret. The sandbox is the only place that signs Shopify's side.
 */

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" }), "utf8").toString("base64url");

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const body = `${HEADER}.${Buffer.from(JSON.stringify(claims), "utf8").toString("base64url")}`;
  return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
}

export type VerifiedJwt = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** Checks the header (HS256 only), the signature (constant time) and that the payload is a JSON object. */
export function verifyHs256(token: string, secret: string): VerifiedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "not a JWT" };
  const [header, payload, signature] = parts as [string, string, string];
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
  } catch {
    return { ok: false, reason: "unreadable JWT header" };
  }
  if (alg !== "HS256") return { ok: false, reason: `unsupported JWT algorithm ${String(alg)}` };
  const expected = createHmac("sha256", secret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "signature does not verify with the app's secret" };
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return { ok: false, reason: "JWT payload is not an object" };
    return { ok: true, claims: claims as Record<string, unknown> };
  } catch {
    return { ok: false, reason: "unreadable JWT payload" };
  }
}

/** An admin session token as App Bridge's idToken() gives it (Shopify's session-token claims). */
export function adminSessionToken(options: { shop: string; apiKey: string; apiSecret: string; userId?: string }): string {
  const now = Math.floor(Date.now() / 1000);
  return signHs256(
    {
      iss: `https://${options.shop}/admin`,
      dest: `https://${options.shop}`,
      aud: options.apiKey,
      sub: options.userId ?? "1",
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: crypto.randomUUID(),
      sid: `sandbox-session-${options.userId ?? "1"}`,
    },
    options.apiSecret,
  );
}
