import { LoginErrorType } from "@shopify/shopify-app-remix/server";

type LoginError = { shop?: LoginErrorType };

export function loginErrorMessage(error: LoginError): { shop?: string } {
  if (error?.shop === LoginErrorType.MissingShop) return { shop: "Enter your shop domain to log in." };
  if (error?.shop === LoginErrorType.InvalidShop) return { shop: "Enter a shop domain like example.myshopify.com." };
  return {};
}
