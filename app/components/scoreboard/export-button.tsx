import { DownloadButton } from "../download-button";

/** The range's numbers as a CSV file (the export route answers with the same range). */
export function ExportButton({ url }: { url: string }) {
  return (
    <DownloadButton url={url} fileName="upstack-scoreboard.csv">
      Export as CSV
    </DownloadButton>
  );
}
