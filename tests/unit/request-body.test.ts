import { describe, expect, it } from "vitest";
import { readJsonBody, RequestBodyError } from "~/services/request-body.server";

const URL_ = "https://upstack.test/api/checkout/events";

/** A body sent in chunks with no Content-Length, as a script streaming a huge upload would. */
function chunkedRequest(chunks: string[]) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = chunks[pulled++];
        if (next === undefined) controller.close();
        else controller.enqueue(new TextEncoder().encode(next));
      },
    },
    { highWaterMark: 0 }
  ); // pulled only when read
  const request = new Request(URL_, {
    method: "POST",
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RequestBodyError)
      return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a RequestBodyError");
}

describe("readJsonBody", () => {
  it("parses a body within the limit", async () => {
    const request = new Request(URL_, {
      method: "POST",
      body: JSON.stringify({ events: [1, 2] }),
    });
    expect(await readJsonBody(request, { maxBytes: 100 })).toEqual({
      events: [1, 2],
    });
  });

  it("refuses with 413 a declared Content-Length over the limit, without reading the body", async () => {
    const declared = new Request(URL_, {
      method: "POST",
      body: "x".repeat(5000),
      headers: { "Content-Length": "5000" },
    });
    expect(await refusal(readJsonBody(declared, { maxBytes: 1024 }))).toEqual({
      status: 413,
      message: "The request body is larger than 1024 bytes.",
    });
    expect(declared.bodyUsed).toBe(false);
  });

  it("refuses with 413 a chunked body that grows past the limit, and stops reading it", async () => {
    const chunk = `"${"x".repeat(400)}",`;
    const { request, pulled } = chunkedRequest([
      "[",
      ...Array.from({ length: 50 }, () => chunk),
      "1]",
    ]);
    expect(request.headers.get("Content-Length")).toBeNull();
    expect(
      (await refusal(readJsonBody(request, { maxBytes: 1024 }))).status
    ).toBe(413);
    expect(pulled()).toBeLessThan(10);
  });

  it("accepts a chunked body that stays within the limit", async () => {
    const { request } = chunkedRequest(['{"events":', "[1,", "2]}"]);
    expect(await readJsonBody(request, { maxBytes: 1024 })).toEqual({
      events: [1, 2],
    });
  });

  it.each([
    ["not JSON", "{events:"],
    ["empty", ""],
  ])("refuses with 400 a body that is %s", async (_, body) => {
    const request = new Request(URL_, { method: "POST", body });
    expect(await refusal(readJsonBody(request))).toEqual({
      status: 400,
      message: "The request body is not JSON.",
    });
  });

  it("has a default limit of a few KB", async () => {
    const request = new Request(URL_, {
      method: "POST",
      body: JSON.stringify({ pad: "x".repeat(20_000) }),
    });
    expect((await refusal(readJsonBody(request))).status).toBe(413);
  });
});
