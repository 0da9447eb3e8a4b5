import { useSubmit } from "@remix-run/react";

/** Posts a JSON body to the current route's action, as the funnel editor saves. */
export function useSubmitJson() {
  const submit = useSubmit();
  return (body: Record<string, unknown>) =>
    submit(body as Parameters<typeof submit>[0], { method: "post", encType: "application/json" });
}
