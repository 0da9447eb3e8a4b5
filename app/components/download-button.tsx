import { Button, InlineError, InlineStack } from "@shopify/polaris";
import { useState } from "react";

/** The file name a response asks for (Content-Disposition: attachment; filename="..."). */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get("Content-Disposition") ?? "";
  return /filename="([^"]+)"/.exec(header)?.[1] ?? fallback;
}

/**
 * A download from one of the app's authenticated routes that works inside
 * the embedded admin: a plain link (or one opening a new tab) would load the
 * route without the session token and land on the login page. The file is
 * fetched the app's way (App Bridge adds the session token to the app's own
 * fetches) and handed to the browser as a download.
 */
export function DownloadButton({ url, fileName, children }: { url: string; fileName: string; children: string }) {
  const [state, setState] = useState<"idle" | "loading" | "failed">("idle");
  async function download() {
    setState("loading");
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`The download answered ${response.status}.`);
      const href = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = href;
      link.download = fileNameOf(response, fileName);
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once click() returns; the object URL can go on the next tick.
      setTimeout(() => URL.revokeObjectURL(href), 0);
      setState("idle");
    } catch {
      setState("failed");
    }
  }
  return (
    <InlineStack gap="200" blockAlign="center">
      <Button variant="plain" onClick={() => void download()} loading={state === "loading"}>
        {children}
      </Button>
      {state === "failed" ? <InlineError message="The download failed. Try again." fieldID={url} /> : null}
    </InlineStack>
  );
}
