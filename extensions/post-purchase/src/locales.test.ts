import { describe, expect, it } from "vitest";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { translator } from "./messages";

/**
 * Every string the page supplies exists in every locale, with the same
 * placeholders (merchant copy is shown as written and never lives here).
 * The page's keys are typed (MessageKey), so a key it uses that English
 * lacks does not compile.
 */
const flatten = (value: unknown, prefix = ""): [string, string][] =>
  typeof value === "string"
    ? [[prefix, value]]
    : Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
const english = new Map(flatten(en));
// The same word in both languages, not an untranslated string.
const SAME_WORD: Record<string, string[]> = { fr: ["taxes"], es: ["subtotal"] };

describe("locales", () => {
  it.each([
    ["fr", fr],
    ["de", de],
    ["es", es],
  ])("%s has every English key, with the same placeholders", (locale, messages) => {
    const translated = new Map(flatten(messages));
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of english) {
      expect(placeholders(translated.get(key) ?? ""), key).toEqual(placeholders(text));
      if (!SAME_WORD[locale]?.includes(key)) expect(translated.get(key), key).not.toBe(text);
    }
  });

  it("picks the language from the checkout locale and falls back to English", () => {
    expect(translator("de-AT")("shipping")).toBe("Versand");
    expect(translator("es_419")("quantity", { count: 2 })).toBe("Cantidad: 2");
    expect(translator("ja")("shipping")).toBe("Shipping");
    expect(translator(undefined)("errors.generic")).toBe(en.errors.generic);
  });
});
