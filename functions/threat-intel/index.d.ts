/** Types of the threat-intelligence loader (index.js), for its tests and for the construct that deploys it. */

export declare const SETTINGS: Readonly<Record<"environment" | "bucket" | "ruleGroupArn" | "domainListId" | "detectorId" | "threatIntelSetId" | "protectedDomains", string>>;
export declare const PREFIXES: { readonly feeds: string; readonly guardDuty: string };
export declare const GUARDDUTY_LIST_KEY: string;
export declare const FIRST_SID: number;
export declare const LIMITS: { readonly domains: number; readonly addresses: number };

export interface ThreatIntelSettings {
  readonly environment: string;
  readonly bucket: string;
  readonly ruleGroupArn: string;
  readonly domainListId: string;
  readonly detectorId: string;
  readonly threatIntelSetId: string;
  readonly protectedDomains: readonly string[];
}

export interface Refusal {
  readonly feed: string;
  readonly index?: number;
  readonly reason: string;
}

export interface ThreatIntelOperations {
  readonly store: { list(prefix: string): Promise<string[]>; read(key: string): Promise<string>; write(key: string, text: string): Promise<void> };
  readonly firewall: { replaceRules(ruleGroupArn: string, rulesString: string): Promise<void> };
  readonly dns: { replaceDomains(domainListId: string, domains: readonly string[]): Promise<void> };
  readonly guardDuty: { reload(detectorId: string, threatIntelSetId: string, location: string): Promise<void> };
}

export declare function readSettings(env: Readonly<Record<string, string | undefined>>): ThreatIntelSettings;
export declare function normalize(indicator: unknown, protectedDomains: readonly string[]): { kind?: "domain" | "address"; value?: string; reason?: string };
export declare function mergeFeeds(feeds: readonly { key: string; text: string }[], protectedDomains: readonly string[]): { domains: string[]; addresses: string[]; refused: Refusal[] };
export declare function suricataRules(domains: readonly string[], addresses: readonly string[]): string;
export declare function createHandler(dependencies: ThreatIntelOperations & { readonly settings: ThreatIntelSettings; readonly log: (record: Record<string, unknown>) => void }): (event: unknown) => Promise<Record<string, unknown>>;
export declare function awsOperations(sdk: Record<string, new (input: Record<string, unknown>) => { readonly input: Record<string, unknown> }>, clients: Record<"s3" | "networkFirewall" | "route53Resolver" | "guardDuty", { send(command: { readonly input: Record<string, unknown> }): Promise<unknown> }>, bucket: string): ThreatIntelOperations;
export declare function handler(event: unknown): Promise<Record<string, unknown>>;
