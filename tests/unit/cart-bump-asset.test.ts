/**
 * The cart bump's script ships as a committed theme asset, bundled from
 * storefront/cart-bump.ts with core's rule: it must be what the source builds
 * to (else the storefront runs an old rule) and stay within its budget.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CART_BUMP_ASSET, CART_BUMP_LIMIT_BYTES, bundleCartBump, compressedSize } from "../../scripts/build-cart-bump.mjs";

describe("cart bump asset", () => {
  it("is what storefront/cart-bump.ts builds to (run node scripts/build-cart-bump.mjs after a change)", async () => {
    expect(readFileSync(CART_BUMP_ASSET, "utf8")).toBe(await bundleCartBump());
  });

  it("stays within 5 KB compressed and theme check's 10,000 bytes uncompressed", () => {
    const text = readFileSync(CART_BUMP_ASSET, "utf8");
    expect(compressedSize(text)).toBeLessThanOrEqual(CART_BUMP_LIMIT_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10_000);
  });
});
