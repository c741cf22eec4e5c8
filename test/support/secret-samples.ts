/**
 * Fabricated secret-like values for tests, assembled at run time so that the source holds no string a secret
 * scanner would flag. None of them is a real credential.
 */
const join = (...parts: string[]): string => parts.join("");

/** One sample of every credential format the detector knows, by the kind it reports. */
export const SECRET_SAMPLES: Readonly<Record<string, string>> = {
  "a PEM private key": join("-----BEGIN ", "RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7f3\n-----END ", "RSA PRIVATE KEY-----"),
  "an AWS access key ID": join("AKIA", "IOSFODNN7", "EXAMPLE"),
  "an AWS secret access key": join("aws_secret_access_key = ", "wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY"),
  "a GitHub token": join("gh", "p_", "0123456789abcdefghij", "ABCDEFGHIJklmnop"),
  "a GitLab token": join("gl", "pat-", "A1b2C3d4E5f6G7h8I9j0"),
  "a Slack token": join("xo", "xb-", "1234567890-", "abcdefghijKLMN"),
  "a Slack webhook URL": join("https://hooks.", "slack.com/services/", "T01ABCDEF/B02GHIJKL/", "a1b2c3d4e5f6g7h8"),
  "a Stripe key": join("sk", "_live_", "a1b2c3d4e5f6g7h8"),
  "an Anthropic API key": join("sk-", "ant-api03-", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4"),
  "an OpenAI API key": join("sk-", "proj-", "A1b2C3d4E5f6G7h8I9j0K1l2"),
  "a JSON Web Token": join("eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".", "c2lnbmF0dXJlLXNpZ25hdHVyZQ"),
  "a URL with an embedded password": join("postgres://app:", "S3cr3tPassw0rd", "@db.internal:5432/app"),
  "a literal secret assignment": join("--password=", "Hunter2Hunter2"),
};

/** A GitHub token, the sample most tests plant. */
export const GITHUB_TOKEN = SECRET_SAMPLES["a GitHub token"];

/** A random-looking value: a secret under a secret-like name, harmless under any other. */
export const RANDOM_KEY = join("Zq8xN3vR7p", "L2mK9wT4yB");

/** An AWS secret access key on its own (40 characters). */
export const AWS_SECRET_KEY = join("wJalrXUtnFEMI/K7MDENG/", "bPxRfiCYEXAMPLEKEY");
