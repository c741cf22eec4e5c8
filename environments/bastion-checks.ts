/**
 * Checks of the `bastion` section (PUB-05, OPS-01): SSH public keys (decoded and measured, never a private key), Linux
 * account names, the instance type and the image rebuild schedule.
 */
import { LINUX_USER_NAME } from "../constructs/sshd-config";
import { ConfigIssue } from "./config-error";
import { Check, issue } from "./readers";
import { quote } from "./quote";

/** The longest a production bastion instance may run before it is replaced by one from the latest image (OPS-01). */
export const PRODUCTION_MAX_INSTANCE_LIFETIME_DAYS = 7;
/** The longest a Session Manager session may stay idle in production, in minutes (CIS: 15). */
export const PRODUCTION_MAX_SESSION_IDLE_MINUTES = 15;
/** The smallest RSA modulus accepted, in bits. */
export const MIN_RSA_BITS = 3072;

/** The public key types the bastion accepts; `sk-` types are FIDO2 security keys. */
export const ACCEPTED_KEY_TYPES: readonly string[] = [
  "ssh-ed25519",
  "sk-ssh-ed25519@openssh.com",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ecdsa-sha2-nistp256@openssh.com",
  "ssh-rsa",
];

/** Accounts that exist on AL2023 or are created by the blueprint or its agents: no administrator may take one. */
const RESERVED_USERS: readonly string[] = [
  "adm",
  "bin",
  "chrony",
  "cwagent",
  "daemon",
  "dbus",
  "ec2-instance-connect",
  "ec2-user",
  "ftp",
  "games",
  "halt",
  "lp",
  "mail",
  "nobody",
  "operator",
  "polkitd",
  "root",
  "rpc",
  "rpcuser",
  "shutdown",
  "ssm-user",
  "sshd",
  "sync",
  "tss",
  "unbound",
];

/** The start of an authorized_keys options list (`from="..."`, `no-pty,`, `restrict`...). */
const AUTHORIZED_KEYS_OPTION = /^(agent-forwarding|cert-authority|command|environment|expiry-time|from|no-[a-z-]+|permitlisten|permitopen|port-forwarding|principals|pty|restrict|tunnel|user-rc|verify-required|x11-forwarding)(=|,|$)/;

const PASTE_PUB = "paste the public key instead: the one line of the .pub file, e.g. ~/.ssh/id_ed25519_sk.pub or ~/.ssh/id_ed25519.pub";

/** A Linux account name for an administrator: valid, and not a system or agent account. */
export const checkBastionUserName: Check<string> = (name) => {
  if (!LINUX_USER_NAME.test(name)) {
    return issue(
      `${quote(name)} is not a valid Linux user name`,
      "use 1 to 32 lower-case letters, digits, _ or -, starting with a letter or _, e.g. alice"
    );
  }
  if (RESERVED_USERS.includes(name) || name.startsWith("systemd-")) {
    return issue(
      `${quote(name)} is a system or service account`,
      "give each administrator a personal account, e.g. alice; root never logs in (PUB-05)"
    );
  }
  return undefined;
};

/** Reads SSH wire-format fields: length-prefixed strings and mpints. */
class WireReader {
  private offset = 0;
  constructor(private readonly bytes: Buffer) {}

  /** The next length-prefixed field, or undefined when the data ends early. */
  field(): Buffer | undefined {
    if (this.offset + 4 > this.bytes.length) return undefined;
    const length = this.bytes.readUInt32BE(this.offset);
    if (this.offset + 4 + length > this.bytes.length) return undefined;
    const value = this.bytes.subarray(this.offset + 4, this.offset + 4 + length);
    this.offset += 4 + length;
    return value;
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.offset === this.bytes.length;
  }
}

/** The bit length of an unsigned big-endian integer (an SSH mpint without its sign byte). */
function bitLength(mpint: Buffer): number {
  let start = 0;
  while (start < mpint.length && mpint[start] === 0) start++;
  if (start === mpint.length) return 0;
  return (mpint.length - start - 1) * 8 + mpint[start].toString(2).length;
}

/** What is wrong with the decoded key data of a key of `type`, if anything. */
function blobProblem(type: string, blob: Buffer): ConfigIssue | undefined {
  const reader = new WireReader(blob);
  const corrupt = issue(`the ${type} key data is truncated or corrupt`, `copy the whole line of the .pub file again; ${PASTE_PUB}`);
  const blobType = reader.field()?.toString("latin1");
  if (blobType === undefined) return corrupt;
  if (blobType !== type) {
    return issue(`the key says ${type} but its data is a ${blobType} key`, "copy the whole line of the .pub file without editing it");
  }
  const ecdsa = /^(sk-)?ecdsa-sha2-(nistp256|nistp384|nistp521)/.exec(type);
  if (type === "ssh-rsa") {
    const exponent = reader.field();
    const modulus = reader.field();
    if (!exponent || !modulus || !reader.done) return corrupt;
    const bits = bitLength(modulus);
    if (bits < MIN_RSA_BITS) {
      return issue(
        `the ssh-rsa key has ${bits} bits, fewer than ${MIN_RSA_BITS}`,
        "generate an Ed25519 key (ssh-keygen -t ed25519, or -t ed25519-sk for a FIDO2 security key), or RSA with -b 4096"
      );
    }
    return undefined;
  }
  if (ecdsa) {
    const curve = reader.field()?.toString("latin1");
    const point = reader.field();
    const pointLength = { nistp256: 65, nistp384: 97, nistp521: 133 }[ecdsa[2] as "nistp256" | "nistp384" | "nistp521"];
    if (curve !== ecdsa[2] || !point || point.length !== pointLength || point[0] !== 4) return corrupt;
  } else {
    const key = reader.field();
    if (!key || key.length !== 32) return corrupt;
  }
  if (type.startsWith("sk-")) {
    const application = reader.field()?.toString("latin1");
    if (application === undefined || !application.startsWith("ssh:")) return corrupt;
  }
  return reader.done ? undefined : corrupt;
}

/**
 * One OpenSSH public key line: an accepted type, well-formed base64 whose decoded data matches the type (RSA at least
 * 3072 bits), an optional comment. A private key is refused without repeating any of it.
 */
export const checkPublicKey: Check<string> = (value) => {
  if (/PRIVATE KEY/.test(value) || /^\s*PuTTY-User-Key-File-/.test(value)) {
    return issue(
      "is a private key, which must never be in the configuration (it would reach Terraform state and user data)",
      `${PASTE_PUB}; treat this private key as exposed and generate a new key pair`
    );
  }
  if (/BEGIN SSH2 PUBLIC KEY/.test(value)) {
    return issue("is an RFC 4716 (SSH2) public key, not an OpenSSH one", "convert it with ssh-keygen -i -f <file>, and paste the one line it prints");
  }
  const lines = value.trim().split(/\r?\n/);
  if (lines.length > 1) return issue(`holds ${lines.length} lines, not one key`, "give each key its own entry in authorizedKeys");
  const [type, data, ...comment] = lines[0].split(/\s+/);
  if (type === undefined || type === "") return issue("is empty", PASTE_PUB);
  if (!ACCEPTED_KEY_TYPES.includes(type)) {
    if (AUTHORIZED_KEYS_OPTION.test(type)) return issue("starts with authorized_keys options", "remove the options (from=..., command=...): paste the key line only");
    if (type === "ssh-dss") return issue("is a DSA key, which OpenSSH no longer accepts", "generate an Ed25519 key: ssh-keygen -t ed25519 (or -t ed25519-sk for a FIDO2 security key)");
    const shown = /^[a-z0-9@.-]{1,64}$/.test(type) ? `key type ${quote(type)}` : "the key type";
    return issue(`${shown} is not accepted`, `use one of ${ACCEPTED_KEY_TYPES.join(", ")}`);
  }
  if (data === undefined) return issue(`has the type ${type} but no key data`, PASTE_PUB);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) {
    return issue(`the ${type} key data is not well-formed base64`, "copy the whole line of the .pub file again, without line breaks or changes");
  }
  const problem = blobProblem(type, Buffer.from(data, "base64"));
  if (problem) return problem;
  if (comment.join(" ").length > 200) return issue("has a comment longer than 200 characters", "shorten the comment after the key data");
  return undefined;
};

/** The key's user is one of the allowed users (peeked from the raw `allowUsers`). */
export function checkKeyUserAllowed(allowUsers: readonly string[] | undefined): Check<string> {
  return (user) =>
    allowUsers === undefined || allowUsers.includes(user)
      ? undefined
      : issue(`${quote(user)} is not in bastion.allowUsers`, `add ${quote(user)} to bastion.allowUsers, or give the key to one of ${allowUsers.join(", ")}`);
}

/**
 * The key appears once in `authorizedKeys` (peeked from the raw list): a key on two entries is a credential shared
 * between accounts. The message never repeats the key, in case it is a private one.
 */
export function checkKeyListedOnce(keys: readonly string[] | undefined): Check<string> {
  return (value) => {
    const count = keys?.filter((key) => key.trim() === value.trim()).length ?? 0;
    return count > 1 ? issue(`the same key is listed ${count} times`, "give each administrator their own key pair: a shared key cannot tell who logged in") : undefined;
  };
}

/** The allowed user has at least one key (peeked from the raw `authorizedKeys`). */
export function checkUserHasKey(keyUsers: readonly string[] | undefined): Check<string> {
  return (user) =>
    keyUsers === undefined || keyUsers.includes(user)
      ? undefined
      : issue(`${quote(user)} has no key in bastion.authorizedKeys`, `add { user: ${quote(user)}, publicKey: "<the .pub line>" } or remove ${quote(user)}`);
}

const ARM_INSTANCE = /^(a1|[a-z]+\d+[a-fh-z]*g[a-z]*)\./;

/** An EC2 instance type name of the x86_64 architecture the bastion image is built for. */
export const checkBastionInstanceType: Check<string> = (type) => {
  if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(type)) return issue(`${quote(type)} is not an EC2 instance type`, 'write <family>.<size>, e.g. "t3.small"');
  if (ARM_INSTANCE.test(type)) return issue(`${quote(type)} is an arm64 (Graviton) type, but the bastion image is built for x86_64`, 'choose an x86_64 type, e.g. "t3.small" or "m7i.large"');
  return undefined;
};

/** An Image Builder cron expression: six fields, `?` in exactly one of day-of-month and day-of-week. */
export const checkRebuildSchedule: Check<string> = (expression) => {
  const match = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  const example = 'e.g. "cron(0 3 ? * sun *)" for Sundays 03:00 UTC';
  if (!match) return issue(`${quote(expression)} is not an Image Builder cron expression`, `write cron(minutes hours day-of-month month day-of-week year), ${example}`);
  if ((match[3] === "?") === (match[5] === "?")) return issue(`${quote(expression)} must have ? in exactly one of day-of-month and day-of-week`, example);
  return undefined;
};

/** Passes unless this is production and the value exceeds `maximum`. */
export function productionAtMost(production: boolean, maximum: number, unit: string): Check<number> {
  return (value) =>
    production && value > maximum
      ? issue(`${value} is above the production maximum of ${maximum} ${unit}`, `set ${maximum} or less in a production environment`)
      : undefined;
}
