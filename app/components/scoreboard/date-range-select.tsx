import { Select } from "@shopify/polaris";
import { useSearchParams } from "@remix-run/react";
import { DATE_RANGES, DATE_RANGE_LABELS, DEFAULT_DATE_RANGE, type DateRangeKey } from "@upstack/core";

/** The dashboard's range, kept in the URL (?range=7d) so a link shows the same numbers. */
export function DateRangeSelect({ value }: { value: DateRangeKey }) {
  const [searchParams, setSearchParams] = useSearchParams();
  return (
    <Select
      label="Date range"
      labelInline
      options={DATE_RANGES.map((key) => ({ value: key, label: DATE_RANGE_LABELS[key] }))}
      value={value}
      onChange={(next) => {
        const params = new URLSearchParams(searchParams);
        if (next === DEFAULT_DATE_RANGE) params.delete("range");
        else params.set("range", next);
        setSearchParams(params);
      }}
    />
  );
}
