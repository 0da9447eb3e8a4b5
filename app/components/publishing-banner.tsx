import { useFetcher } from "@remix-run/react";
import { Banner } from "@shopify/polaris";
import { useEffect, useState } from "react";

/** What the merchant is told about publishing to checkout (app/jobs/jobs.server.ts works it out). */
export type PublishingState =
  | { state: "publishing" }
  | { state: "live"; publishedAt: string | null }
  | { state: "retrying"; error: string | null; retryAt: string }
  | { state: "failed"; error: string | null };

/** The resource route that reports the state and takes "Try again now" (app/routes/app.publishing.tsx). */
const PUBLISHING_URL = "/app/publishing";
const POLL_MS = 1000;

type PublishingBannerProps = {
  initial: PublishingState | null;
  /** Right after a save the outcome is news even when the publish finished before the page drew. */
  justSaved?: boolean;
};

/** The banner alone, for a page with nothing else to say; a page with more passes usePublishingBanner's to OneBanner. */
export function PublishingBanner(props: PublishingBannerProps) {
  return usePublishingBanner(props);
}

/**
 * Publishing runs in the background after a save: this says "publishing…"
 * while the job waits or runs (asking the server every second), then the
 * outcome: live, or what went wrong and when Upstack tries again. Null when
 * there is nothing to say.
 */
export function usePublishingBanner({ initial, justSaved = false }: PublishingBannerProps) {
  const poll = useFetcher<{ publishing: PublishingState | null }>();
  const retry = useFetcher<{ publishing: PublishingState | null }>();
  const [current, setCurrent] = useState(initial);
  const [sawPublishing, setSawPublishing] = useState(false);
  const [dismissed, setDismissed] = useState(false);

  useEffect(() => setCurrent(initial), [initial]);
  useEffect(() => {
    if (poll.data) setCurrent(poll.data.publishing);
  }, [poll.data]);
  useEffect(() => {
    if (retry.data) setCurrent(retry.data.publishing);
  }, [retry.data]);

  const publishing = current?.state === "publishing";
  useEffect(() => {
    if (!publishing) return;
    setSawPublishing(true);
    setDismissed(false);
    const timer = setInterval(() => poll.load(PUBLISHING_URL), POLL_MS);
    return () => clearInterval(timer);
    // poll.load is stable enough for this: a new fetcher identity must not restart the timer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [publishing]);

  if (!current || dismissed) return null;
  const tryAgain = {
    content: "Try again now",
    loading: retry.state !== "idle",
    onAction: () => retry.submit({ intent: "publish" }, { method: "post", action: PUBLISHING_URL }),
  };
  switch (current.state) {
    case "publishing":
      return (
        <Banner tone="info" title="Publishing your changes to checkout…">
          <p>Your funnels are saved. This usually takes a few seconds.</p>
        </Banner>
      );
    case "live":
      return sawPublishing || justSaved ? (
        <Banner tone="success" title="Your changes are live in checkout" onDismiss={() => setDismissed(true)} />
      ) : null;
    case "retrying":
      return (
        <Banner tone="warning" title="Your latest changes are not live in checkout yet" action={tryAgain}>
          <p>{current.error}</p>
          <p>
            Your funnels are saved. Upstack tries again at{" "}
            <time dateTime={current.retryAt} suppressHydrationWarning>
              {new Date(current.retryAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
            </time>
            .
          </p>
        </Banner>
      );
    case "failed":
      return (
        <Banner tone="critical" title="Your latest changes are not live in checkout" action={tryAgain}>
          <p>{current.error}</p>
          <p>Your funnels are saved. Upstack has stopped retrying; try again once the problem is fixed.</p>
        </Banner>
      );
  }
}
