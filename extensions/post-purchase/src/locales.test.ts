import { describe, expect, it } from "vitest";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";
import { itHasEveryEnglishString } from "../../../tests/support/extension-locales";
import { translator } from "./messages";

// Merchant copy is shown as written and never lives here. The page's keys are
// typed (MessageKey), so a key it uses that English lacks does not compile.
describe("locales", () => {
  // The same word in both languages, not an untranslated string.
  itHasEveryEnglishString(en, { fr, de, es }, { fr: ["taxes"], es: ["subtotal"] });

  it("picks the language from the checkout locale and falls back to English", () => {
    expect(translator("de-AT")("shipping")).toBe("Versand");
    expect(translator("es_419")("quantity", { count: 2 })).toBe("Cantidad: 2");
    expect(translator("ja")("shipping")).toBe("Shipping");
    expect(translator(undefined)("errors.generic")).toBe(en.errors.generic);
  });
});
