import { expect, it } from "vitest";

type Messages = Record<string, unknown>;

const flatten = (value: unknown, prefix = ""): [string, string][] =>
  typeof value === "string"
    ? [[prefix, value]]
    : Object.entries(value as Messages).flatMap(([key, inner]) => flatten(inner, prefix ? `${prefix}.${key}` : key));
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

/**
 * An extension's locales: every string the app supplies exists in every
 * language, with the same placeholders, and is translated rather than
 * copied (`sameWord` lists keys where both languages really use one word).
 */
export function itHasEveryEnglishString(
  english: Messages,
  translations: Record<string, Messages>,
  sameWord: Record<string, string[]> = {},
) {
  const source = new Map(flatten(english));
  it.each(Object.entries(translations))("%s has every English key, with the same placeholders", (locale, messages) => {
    const translated = new Map(flatten(messages));
    expect([...translated.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [key, text] of source) {
      expect(placeholders(translated.get(key) ?? ""), key).toEqual(placeholders(text));
      if (!sameWord[locale]?.includes(key)) expect(translated.get(key), key).not.toBe(text);
    }
  });
}
