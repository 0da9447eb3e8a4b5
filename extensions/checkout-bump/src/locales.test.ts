import { describe, expect, it } from "vitest";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";

/**
 * Every string the app supplies exists in every locale, with the same
 * placeholders (merchant copy is shown as written and never lives here).
 * The component tests translate through en.default.json and fail on a
 * missing key, so every key the card uses is checked there.
 */
const flatten = (value: unknown, prefix = ""): [string, string][] =>
  typeof value === "string"
    ? [[prefix, value]]
    : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
const english = new Map(flatten(en));

describe("locales", () => {
  it.each([
    ["fr", fr],
    ["de", de],
    ["es", es],
  ])("%s has every English key, with the same placeholders", (_locale, messages) => {
    const translated = new Map(flatten(messages));
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(placeholders(translated.get(key) ?? ""), key).toEqual(placeholders(text));
      expect(translated.get(key), key).not.toBe(text); // translated, not copied
    }
  });
});
