// Validates Kubernetes objects against the published Kubernetes and Istio JSON schemas (kubernetes-models and
// @kubernetes-models/istio, ESM-only, hence this script) and custom resources against the CRD schemas in
// test/schemas/. Reads a JSON list of objects on
// stdin; writes a JSON list of { index, apiVersion, kind, result, errors } on stdout, where result is "valid",
// "invalid" or "unvalidated" (no schema known for the kind).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";

const here = dirname(fileURLToPath(import.meta.url));

/** CRD schemas by `apiVersion/kind`. */
const CRD_SCHEMAS = {
  "secrets-store.csi.x-k8s.io/v1/SecretProviderClass": "secretproviderclass-v1.schema.json",
  "policy.sigstore.dev/v1beta1/ClusterImagePolicy": "clusterimagepolicy-v1beta1.schema.json",
};

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = Object.fromEntries(
  Object.entries(CRD_SCHEMAS).map(([key, file]) => [key, ajv.compile(JSON.parse(readFileSync(join(here, "schemas", file), "utf8")))]),
);

/** Packages of published schemas: the Kubernetes API's, then Istio's (`networking.istio.io`, `security.istio.io`, ...). */
const MODEL_PACKAGES = ["kubernetes-models", "@kubernetes-models/istio"];

async function modelClass(apiVersion, kind) {
  for (const pkg of MODEL_PACKAGES) {
    try {
      const module = await import(`${pkg}/${apiVersion}`);
      if (typeof module[kind] === "function") return module[kind];
    } catch {
      // not in this package: try the next one
    }
  }
  return undefined;
}

async function validate(object, index) {
  const { apiVersion, kind } = object;
  const crd = crdValidators[`${apiVersion}/${kind}`];
  if (crd) {
    const valid = crd(object);
    return { index, apiVersion, kind, result: valid ? "valid" : "invalid", errors: valid ? [] : crd.errors.map((error) => `${error.instancePath} ${error.message}`) };
  }
  const Model = await modelClass(apiVersion, kind);
  if (typeof Model !== "function") return { index, apiVersion, kind, result: "unvalidated", errors: [] };
  try {
    new Model(object).validate();
    return { index, apiVersion, kind, result: "valid", errors: [] };
  } catch (error) {
    const details = Array.isArray(error.errors) ? error.errors.map((entry) => `${entry.instancePath} ${entry.message}`) : [String(error.message)];
    return { index, apiVersion, kind, result: "invalid", errors: details };
  }
}

const input = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const [index, object] of input.entries()) results.push(await validate(object, index));
process.stdout.write(JSON.stringify(results));
