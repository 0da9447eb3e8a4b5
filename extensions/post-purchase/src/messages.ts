/**
 * The page's own strings. The post-purchase API has no translation helper
 * (unlike checkout's i18n), so the four locale files are bundled and picked
 * by the buyer's checkout locale ("fr-CA" -> fr); English otherwise.
 * Merchant copy (headline, body) never goes through here; the buttons are a preset pair (labels.<pair>).
 */
import { type Money, formatMoney } from "@upstack/core";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";

type Messages = typeof en;
type Leaf<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaf<Messages>;

const LOCALES: Record<string, Messages> = { en, fr, de, es };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: string | undefined): Translate {
  const messages = LOCALES[(locale ?? "").split(/[-_]/)[0]?.toLowerCase() ?? ""] ?? en;
  return (key, values = {}) => {
    let entry: unknown = messages;
    for (const part of key.split(".")) entry = (entry as Record<string, unknown> | undefined)?.[part];
    const text = typeof entry === "string" ? entry : key;
    return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
  };
}

/** Money for the buyer's locale; an unknown locale falls back to English rather than failing the page. */
export function moneyFormatter(locale: string | undefined): (value: Money) => string {
  return (value) => {
    try {
      return formatMoney(value, locale || "en");
    } catch {
      return formatMoney(value, "en");
    }
  };
}
