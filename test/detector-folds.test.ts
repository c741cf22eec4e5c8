/** The fold scripts' shared option (guard/model/folds.ts): `--workers` is a whole number of threads, at least 1. */
import { workerCount } from "../guard/model/folds";

describe("workerCount", () => {
  test("reads a whole number of threads", () => {
    expect(workerCount("2")).toBe(2);
  });

  test.each(["0", "-1", "1.5", "two", ""])("refuses %j, naming the option and the value", (value) => {
    expect(() => workerCount(value)).toThrow(`--workers must be a whole number of threads, at least 1 (got "${value}")`);
  });
});
