import { describe, expect, it } from "vitest";
import { offerItemName } from "./offer-wording";

describe("offerItemName", () => {
  it("is the store's product title, with the variant's title when there is one", () => {
    expect(offerItemName({ title: "Course workbook", variantTitle: null })).toBe("Course workbook");
    expect(offerItemName({ title: "Travel-size set", variantTitle: "Lavender" })).toBe("Travel-size set - Lavender");
    expect(offerItemName({ title: "Poster", variantTitle: "Default Title" })).toBe("Poster");
  });
});
