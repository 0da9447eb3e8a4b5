import { describe } from "vitest";
import { itHasEveryEnglishString } from "../../../tests/support/extension-locales";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";

// Merchant copy is shown as written; the card's own words are translated here.
describe("locales", () => {
  itHasEveryEnglishString(en, { fr, de, es });
});
