import { resources, violation } from "../terraform";
import { Rule } from "../types";

/**
 * Lambda runtimes AWS has deprecated: they get no more security patches, and functions on them can no longer be
 * created or updated. Node.js 20 reached end of life on 2026-04-30 (nodejs20.x deprecated the same day).
 * Extend the list when AWS deprecates the next runtime.
 */
const DEPRECATED_RUNTIMES = [
  "nodejs",
  "nodejs4.3",
  "nodejs4.3-edge",
  "nodejs6.10",
  "nodejs8.10",
  "nodejs10.x",
  "nodejs12.x",
  "nodejs14.x",
  "nodejs16.x",
  "nodejs18.x",
  "nodejs20.x",
  "python2.7",
  "python3.6",
  "python3.7",
  "python3.8",
  "python3.9",
  "java8",
  "go1.x",
  "provided",
  "ruby2.5",
  "ruby2.7",
  "ruby3.2",
  "dotnetcore1.0",
  "dotnetcore2.0",
  "dotnetcore2.1",
  "dotnetcore3.1",
  "dotnet6",
  "dotnet7",
];

/** Every Lambda function runs on a runtime that still gets security patches (OPS-01). */
const rule: Rule = {
  id: "ops-01-supported-lambda-runtimes",
  controls: ["OPS-01"],
  severity: "medium",
  description: "No Lambda function uses a deprecated runtime (Node.js 20 and older, Python 3.9 and older, go1.x, provided, ...).",
  remediation: "Move the function to a supported runtime: nodejs24.x for Node.js (the containment function's), python3.13 or later for Python.",
  check: (artifacts) =>
    resources(artifacts, "aws_lambda_function")
      .filter((fn) => DEPRECATED_RUNTIMES.includes(String(fn.values["runtime"])))
      .map((fn) => violation(fn, `runtime ${String(fn.values["runtime"])} is deprecated: it gets no security patches, and AWS blocks updates to functions on it`)),
};

export default rule;
