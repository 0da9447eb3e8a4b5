import { describe } from "vitest";
import { itHasEveryEnglishString } from "../../../tests/support/extension-locales";
import de from "../locales/de.json";
import en from "../locales/en.default.json";
import es from "../locales/es.json";
import fr from "../locales/fr.json";

// Merchant copy is shown as written and never lives here. The component tests
// translate through en.default.json and fail on a missing key, so every key
// the card uses is checked there.
describe("locales", () => {
  itHasEveryEnglishString(en, { fr, de, es });
});
