/** The bounds walk names the offending value by its JSON Pointer, escaped per RFC 6901, whatever the depth. */
import { firstBoundViolation } from "../../guard/src/schema/bounds";

const LIMITS = { maxRequestBytes: Infinity, maxStringLength: 8, maxArrayItems: 3, maxObjectProperties: 4, maxDepth: 4 };

describe("firstBoundViolation", () => {
  it.each([
    ["a long string under escaped keys and an index", { "a/b": ["ok", { "~k": "far too long" }] }, "IO-02-string-length", "/a~1b/1/~0k"],
    ["too many items", { list: [[1, 2, 3, 4]] }, "IO-02-array-items", "/list/0"],
    ["too many properties", { o: { a: 1, b: 2, c: 3, d: 4, e: 5 } }, "IO-02-object-properties", "/o"],
    ["a long key names its object", { o: { "a-very-long-key": 1 } }, "IO-02-string-length", "/o"],
    ["too deep", { a: { b: { c: { d: { e: 1 } } } } }, "IO-03-depth", "/a/b/c/d"],
    ["a long string at the root", "far too long", "IO-02-string-length", ""],
  ])("%s", (_label, value, rule, pointer) => {
    expect(firstBoundViolation(value, LIMITS)).toEqual(expect.objectContaining({ rule, pointer }));
  });

  it("finds nothing in a value within every limit, and reports the first violation depth first", () => {
    expect(firstBoundViolation({ a: ["x", "y"], b: { c: 1 } }, LIMITS)).toBeUndefined();
    expect(firstBoundViolation({ a: ["far too long"], b: "also too long" }, LIMITS)?.pointer).toBe("/a/0");
  });
});
