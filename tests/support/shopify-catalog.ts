// The catalog answers are shared with the sandbox's stand-in for Shopify.
import type { CatalogProduct } from "../../sandbox/stand-in/catalog";

export {
  answerCatalog,
  type CatalogCollection,
  type CatalogOptions,
  type CatalogProduct,
  collectionGid,
  productGid,
  variantGid,
} from "../../sandbox/stand-in/catalog";

/** The course-creator stack of the playbook, as a store's catalog. */
export const COURSE_STORE: Record<"course" | "workbook" | "coaching" | "qa" | "archived", CatalogProduct> = {
  course: { productId: 1001, variantId: 2001, title: "Launch Your Course", price: "97.00" },
  workbook: { productId: 1002, variantId: 2002, title: "Course Workbook", price: "36.00" },
  coaching: { productId: 1003, variantId: 2003, title: "1:1 Coaching Add-on", price: "197.00" },
  qa: { productId: 1004, variantId: 2004, title: "Group Q&A Pass", price: "47.00" },
  archived: { productId: 1005, variantId: 2005, title: "Old Bonus Pack", price: "20.00", status: "ARCHIVED" },
};
