import { FUNNEL_TEMPLATES } from "@upstack/core";
import type { SandboxProduct, SandboxShopState } from "./stand-in/shop-state";

/**
 * The demo shop's catalog: the products of the playbook's three example
 * stacks, at the templates' example prices (so the course-creator template
 * turns a $97 order into $321), and 60 days of order history for the
 * baseline AOV.
 */

export const DEMO_SHOP_DOMAIN = "upstack-demo.myshopify.com";
export const DEMO_CURRENCY = "USD";

export function demoProducts(): SandboxProduct[] {
  const products: SandboxProduct[] = [];
  const seen = new Set<string>();
  for (const template of FUNNEL_TEMPLATES) {
    const roles = [template.core, template.bump, template.upsell.repeatsCore ? null : template.upsell, template.downsell];
    for (const role of roles) {
      if (!role || seen.has(role.exampleTitle)) continue;
      seen.add(role.exampleTitle);
      const n = products.length + 1;
      products.push({ productId: 1000 + n, variantId: 2000 + n, title: role.exampleTitle, price: role.examplePrice.amount });
    }
  }
  return products;
}

/** A small deterministic generator, so every fresh sandbox has the same history. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Orders of the last 60 days, before Upstack was installed: the core products, now and then with a second item. */
export function seedHistory(shop: SandboxShopState, now = new Date()): number {
  if (shop.orders().length > 0) return 0;
  const next = random(20260701);
  const cores = FUNNEL_TEMPLATES.map((t) => shop.variants().find((v) => v.productTitle === t.core.exampleTitle)).filter((v) => v !== undefined);
  const others = shop.variants().filter((v) => !cores.some((c) => c.id === v.id));
  const orders: { createdAt: Date; lines: { variantId: string; quantity: number }[] }[] = [];
  for (let day = 59; day >= 1; day--) {
    const count = 1 + Math.floor(next() * 3);
    for (let i = 0; i < count; i++) {
      const core = cores[Math.floor(next() * cores.length)];
      if (!core) continue;
      const lines = [{ variantId: core.id, quantity: 1 }];
      const extra = others[Math.floor(next() * others.length)];
      if (extra && next() < 0.15) lines.push({ variantId: extra.id, quantity: 1 });
      const createdAt = new Date(now.getTime() - day * 86_400_000 + Math.floor(next() * 80_000_000));
      orders.push({ createdAt, lines });
    }
  }
  shop.addHistory(orders);
  return orders.length;
}
