/**
 * The ARN and domain checks that replaced six whole-string regular expressions (issue 18: a ReDoS checker could not
 * decide them) accept exactly what those expressions accepted. Each former expression is kept here as the oracle and
 * compared on listed examples, on strings generated from the expression itself, and on those strings mutated one
 * character at a time (the near misses where two implementations of a language differ).
 */
import fc from "fast-check";
import { samlProviderAccount } from "../shared/arn";
import { isEgressDomain } from "../constructs/k8s/mesh-egress";
import { checkSamlProviderArn } from "../environments/access-checks";
import { checkKmsKeyId } from "../environments/aws-checks";
import { checkRotationLambdaArn, checkRotationRoleArn } from "../environments/secret-checks";

const FORMER_SAML_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):saml-provider\/[\w+=,.@-]{1,128}$/;
const FORMER_KMS_ARN =
  /^arn:aws[a-z-]*:kms:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):(?:key\/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|alias\/[A-Za-z0-9/_-]{1,250})$/;
const KMS_ALIAS = /^alias\/[A-Za-z0-9/_-]{1,250}$/;
const FORMER_LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:[A-Za-z0-9_-]{1,64}(?::(?:\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;
const FORMER_ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const FORMER_MESH_DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Characters a near miss is made of: every separator of the formats, and one of each character class. */
const EDIT_CHARACTERS = [..."aZ09:/.-_*$+=,@ \n", "é", "а"];

/** `source` with one character inserted, replaced or removed. */
const mutated = (accepted: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(accepted, fc.nat(), fc.constantFrom("insert", "replace", "remove"), fc.constantFrom(...EDIT_CHARACTERS))
    .map(([source, at, edit, character]) => {
      const index = source.length === 0 ? 0 : at % source.length;
      if (edit === "insert") return source.slice(0, index) + character + source.slice(index);
      if (edit === "replace") return source.slice(0, index) + character + source.slice(index + 1);
      return source.slice(0, index) + source.slice(index + 1);
    });

/** Strings the oracle accepts, their near misses, and arbitrary strings. */
function samples(oracle: RegExp, examples: readonly string[]): fc.Arbitrary<string> {
  const accepted = fc.stringMatching(oracle);
  return fc.oneof(fc.constantFrom(...examples), accepted, mutated(accepted), mutated(fc.constantFrom(...examples)), fc.string());
}

const RUNS = { numRuns: 1000 };

describe("IAM SAML provider ARN", () => {
  const examples = [
    "arn:aws:iam::111111111111:saml-provider/mcp-dev-admins",
    "arn:aws-us-gov:iam::123456789012:saml-provider/A_b+c=d,e.f@g-h",
    `arn:aws:iam::123456789012:saml-provider/${"n".repeat(128)}`,
    `arn:aws:iam::123456789012:saml-provider/${"n".repeat(129)}`,
    "arn:aws:iam::123456789012:saml-provider/",
    "arn:aws:iam::123456789012:saml-provider/a:b",
    "arn:aws:iam:eu-west-1:123456789012:saml-provider/a",
    "arn:aws:iam::12345678901:saml-provider/a",
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
    "arn:azure:iam::123456789012:saml-provider/a",
    "arn:aws:iam::123456789012:saml-provider/a\n",
  ];

  test("accepts exactly what the former expression accepted, with the same account", () => {
    expect(samlProviderAccount(examples[0])).toBe("111111111111");
    expect(samlProviderAccount(examples[3])).toBeUndefined();
    fc.assert(
      fc.property(samples(FORMER_SAML_PROVIDER_ARN, examples), (arn) => {
        const former = FORMER_SAML_PROVIDER_ARN.exec(arn)?.[1];
        expect(samlProviderAccount(arn)).toBe(former);
        expect(checkSamlProviderArn(undefined)(arn) === undefined).toBe(former !== undefined);
      }),
      RUNS
    );
  });
});

describe("KMS key or alias ARN", () => {
  const examples = [
    "arn:aws:kms:eu-central-1:111111111111:key/0f3c9a1e-5b7d-4c2a-9e8f-1a2b3c4d5e11",
    "arn:aws:kms:us-gov-west-1:111111111111:key/mrk-0123456789abcdef0123456789abcdef",
    "arn:aws:kms:eu-central-1:111111111111:alias/mcp-hardening-state",
    `arn:aws:kms:eu-central-1:111111111111:alias/${"a".repeat(250)}`,
    `arn:aws:kms:eu-central-1:111111111111:alias/${"a".repeat(251)}`,
    "arn:aws:kms:eu-central-1:111111111111:key/0F3C9A1E-5B7D-4C2A-9E8F-1A2B3C4D5E11",
    "arn:aws:kms:eu-central-1:111111111111:key/mrk-0123456789abcdef0123456789abcde",
    "arn:aws:kms:eu-central-1:111111111111:alias/a:b",
    "arn:aws:kms:eu-central:111111111111:alias/a",
    "arn:aws:kms::111111111111:alias/a",
    "alias/mcp-hardening-state",
    "alias/aws/s3",
    "arn:aws:kms:eu-central-1:111111111111:alias/aws/s3",
  ];
  const formerAccepts = (key: string) =>
    !key.startsWith("alias/aws/") && !/:alias\/aws\//.test(key) && (FORMER_KMS_ARN.test(key) || KMS_ALIAS.test(key));

  test("accepts exactly what the former expression accepted, in the same account and region", () => {
    expect(formerAccepts(examples[0]) && !formerAccepts(examples[4])).toBe(true);
    fc.assert(
      fc.property(samples(FORMER_KMS_ARN, examples), (key) => {
        expect(checkKmsKeyId(undefined)(key) === undefined).toBe(formerAccepts(key));
        const former = FORMER_KMS_ARN.exec(key);
        if (former && formerAccepts(key)) {
          const [, region, account] = former;
          expect(checkKmsKeyId(account, region)(key)).toBeUndefined();
          expect(checkKmsKeyId("999999999999", region)(key)?.message).toContain(`account ${account}`);
          expect(checkKmsKeyId(account, "xx-other-9")(key)?.message).toContain(`in ${region}`);
        }
      }),
      RUNS
    );
  });
});

describe("Lambda function ARN", () => {
  const examples = [
    "arn:aws:lambda:eu-central-1:333333333333:function:mcp-prod-rotate-github-webhook",
    "arn:aws:lambda:eu-central-1:333333333333:function:rotate:$LATEST",
    "arn:aws:lambda:eu-central-1:333333333333:function:rotate:live",
    `arn:aws:lambda:eu-central-1:333333333333:function:${"f".repeat(64)}:${"q".repeat(128)}`,
    `arn:aws:lambda:eu-central-1:333333333333:function:${"f".repeat(65)}`,
    `arn:aws:lambda:eu-central-1:333333333333:function:f:${"q".repeat(129)}`,
    "arn:aws:lambda:eu-central-1:333333333333:function:f:1:2",
    "arn:aws:lambda:eu-central-1:333333333333:function:f:",
    "arn:aws:lambda:eu-central-1:333333333333:function:f:$latest",
    "arn:aws:lambda:eu-central-1:333333333333:layer:f",
  ];

  test("accepts exactly what the former expression accepted, in the same account and region", () => {
    fc.assert(
      fc.property(samples(FORMER_LAMBDA_ARN, examples), (arn) => {
        const former = FORMER_LAMBDA_ARN.exec(arn);
        expect(checkRotationLambdaArn(undefined, undefined)(arn) === undefined).toBe(former !== null);
        if (former) {
          const [, region, account] = former;
          expect(checkRotationLambdaArn(account, region)(arn)).toBeUndefined();
          expect(checkRotationLambdaArn("999999999999", region)(arn)?.message).toContain(`account ${account}`);
          expect(checkRotationLambdaArn(account, "xx-other-9")(arn)?.message).toContain(`in ${region}`);
        }
      }),
      RUNS
    );
  });
});

describe("IAM role ARN of a rotation function", () => {
  const examples = [
    "arn:aws:iam::333333333333:role/mcp-prod-rotate-github-webhook",
    "arn:aws:iam::333333333333:role/service-role/team/rotate",
    `arn:aws:iam::333333333333:role/${"r".repeat(64)}`,
    `arn:aws:iam::333333333333:role/${"r".repeat(65)}`,
    `arn:aws:iam::333333333333:role/${"p".repeat(100)}/r`,
    "arn:aws:iam::333333333333:role//r",
    "arn:aws:iam::333333333333:role/",
    "arn:aws:iam::333333333333:role/p/",
    "arn:aws:iam::333333333333:user/r",
    "arn:aws:iam:eu-west-1:333333333333:role/r",
  ];

  test("accepts exactly what the former expression accepted, in the same account", () => {
    fc.assert(
      fc.property(samples(FORMER_ROLE_ARN, examples), (arn) => {
        const former = FORMER_ROLE_ARN.exec(arn)?.[1];
        expect(checkRotationRoleArn(undefined)(arn) === undefined).toBe(former !== undefined);
        if (former !== undefined) {
          expect(checkRotationRoleArn(former)(arn)).toBeUndefined();
          expect(checkRotationRoleArn("999999999999")(arn)?.message).toContain(`account ${former}`);
        }
      }),
      RUNS
    );
  });
});

describe("mesh egress domain", () => {
  const examples = [
    "api.github.com",
    "*.example.com",
    "a.bc",
    `${"a".repeat(63)}.com`,
    `${"a".repeat(64)}.com`,
    `a.${"b".repeat(63)}`,
    `a.${"b".repeat(64)}`,
    "*.*.example.com",
    "*.com",
    "com",
    "-a.com",
    "a-.com",
    "a..com",
    "a.c0m",
    "api.github.com.",
    "API.github.com",
  ];

  test("accepts exactly what the former expression accepted", () => {
    fc.assert(
      fc.property(samples(FORMER_MESH_DOMAIN, examples), (domain) => {
        expect(isEgressDomain(domain)).toBe(FORMER_MESH_DOMAIN.test(domain));
      }),
      RUNS
    );
  });
});
