// The Admin API stub is shared with the sandbox's stand-in for Shopify.
export { stubAdminGraphql } from "../../sandbox/stand-in/admin-graphql";
