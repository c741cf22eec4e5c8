import {
  bastionLaunchTemplates,
  distributionParameters,
  disabledModules,
  imagePipelines,
  isTrue,
  PipelineView,
  recipeComponentArns,
  recipeContent,
  resolvedParameter,
  stackRegion,
  sysctlSettings,
  tierOfReference,
} from "../hosts";
import { block, blocks, stackAccountId, violation } from "../terraform";
import { Rule, StackArtifact, Violation } from "../types";

/** The kernel parameters the hardening component must set, and their values (CIS AL2023). */
const REQUIRED_SYSCTLS: Readonly<Record<string, string>> = {
  "fs.suid_dumpable": "0",
  "kernel.dmesg_restrict": "1",
  "kernel.kptr_restrict": "2",
  "kernel.randomize_va_space": "2",
  "kernel.yama.ptrace_scope": "1",
  "net.ipv4.conf.all.accept_redirects": "0",
  "net.ipv4.conf.all.rp_filter": "1",
  "net.ipv4.conf.all.send_redirects": "0",
  "net.ipv4.ip_forward": "0",
  "net.ipv4.tcp_syncookies": "1",
};

/** The kernel modules it must disable (CIS AL2023 1.1.1.x, 1.1.9, 3.1.2-3.1.5; squashfs is left to the image). */
const REQUIRED_DISABLED_MODULES: readonly string[] = ["cramfs", "freevxfs", "hfs", "hfsplus", "jffs2", "udf", "usb-storage", "dccp", "rds", "sctp", "tipc"];

const STIG_COMPONENT = /^arn:aws[a-z-]*:imagebuilder:[a-z0-9-]+:aws:component\/stig-build-linux-high\//;
const AL2023_PARENT = /al2023|amazon-linux-2023/;

function pipelineProblems(stack: StackArtifact, view: PipelineView): string[] {
  const problems: string[] = [];
  const { pipeline, recipe, infrastructure, distribution } = view;
  if (!isTrue(block(pipeline.values["image_scanning_configuration"])?.["image_scanning_enabled"])) problems.push("image scanning (Inspector) is off");
  if (!isTrue(block(pipeline.values["image_tests_configuration"])?.["image_tests_enabled"])) problems.push("image tests are not explicitly enabled");
  if (!recipe) problems.push("its image recipe is not a recipe of this stack");
  else {
    const arns = recipeComponentArns(recipe);
    if (!arns.some((arn) => STIG_COMPONENT.test(arn))) problems.push(`recipe ${recipe.address} lacks the AWS-managed stig-build-linux-high component`);
    if (!AL2023_PARENT.test(String(recipe.values["parent_image"]))) problems.push(`recipe ${recipe.address} does not build on Amazon Linux 2023 (parent ${JSON.stringify(recipe.values["parent_image"])})`);
    const { files } = recipeContent(stack, recipe);
    const sysctls = sysctlSettings(files);
    const wrong = Object.keys(REQUIRED_SYSCTLS).filter((key) => sysctls.get(key) !== REQUIRED_SYSCTLS[key]);
    if (wrong.length > 0) problems.push(`recipe ${recipe.address}'s components do not set ${wrong.map((key) => `${key} = ${REQUIRED_SYSCTLS[key]}`).join(", ")}`);
    const modules = disabledModules(files);
    const loadable = REQUIRED_DISABLED_MODULES.filter((module) => !modules.has(module));
    if (loadable.length > 0) problems.push(`recipe ${recipe.address}'s components leave kernel modules loadable: ${loadable.join(", ")}`);
  }
  if (!infrastructure) problems.push("its infrastructure configuration is not one of this stack");
  else {
    if (!isTrue(infrastructure.values["terminate_instance_on_failure"])) problems.push(`infrastructure ${infrastructure.address} keeps failed build instances running`);
    if (tierOfReference(stack, infrastructure.values["subnet_id"]) !== "admin") problems.push(`infrastructure ${infrastructure.address} builds outside an admin-tier subnet`);
    const groups = Array.isArray(infrastructure.values["security_group_ids"]) ? (infrastructure.values["security_group_ids"] as unknown[]) : [];
    if (groups.length === 0 || groups.some((group) => tierOfReference(stack, group) !== "admin")) problems.push(`infrastructure ${infrastructure.address} uses security groups outside the admin tier`);
  }
  if (!distribution) problems.push("its distribution configuration is not one of this stack");
  else problems.push(...distributionProblems(stack, distribution.values["distribution"], distribution.address));
  return problems;
}

function distributionProblems(stack: StackArtifact, entries: unknown, address: string): string[] {
  const problems: string[] = [];
  const account = stackAccountId(stack);
  const region = stackRegion(stack);
  for (const entry of blocks(entries)) {
    if (region !== undefined && entry["region"] !== region) problems.push(`${address} distributes to region ${JSON.stringify(entry["region"])}, outside the environment's region ${region}`);
    const ami = block(entry["ami_distribution_configuration"]);
    if (typeof ami?.["kms_key_id"] !== "string" || ami["kms_key_id"] === "") problems.push(`${address} distributes AMIs not encrypted with a customer key`);
    const targets = Array.isArray(ami?.["target_account_ids"]) ? (ami?.["target_account_ids"] as unknown[]) : [];
    const foreign = targets.filter((target) => target !== account);
    if (foreign.length > 0) problems.push(`${address} copies AMIs to other accounts: ${foreign.join(", ")}`);
    const permission = block(ami?.["launch_permission"]);
    const sharedWith = [
      ...(Array.isArray(permission?.["user_ids"]) ? (permission?.["user_ids"] as unknown[]).filter((id) => id !== account) : []),
      ...["user_groups", "organization_arns", "organizational_unit_arns"].flatMap((key) => (Array.isArray(permission?.[key]) ? (permission?.[key] as unknown[]) : [])),
    ];
    if (sharedWith.length > 0) problems.push(`${address} grants launch permission outside the account: ${sharedWith.map(String).join(", ")}`);
    if (block(entry["container_distribution_configuration"]) || blocks(entry["launch_template_configuration"]).some((config) => config["account_id"] !== undefined && config["account_id"] !== account)) {
      problems.push(`${address} distributes outside this account's AMIs`);
    }
  }
  return problems;
}

function stackFindings(stack: StackArtifact): Violation[] {
  const views = imagePipelines(stack);
  const findings = views.flatMap((view) => pipelineProblems(stack, view).map((problem) => violation(view.pipeline, problem)));
  const published = new Set(views.flatMap((view) => (view.distribution ? distributionParameters(view.distribution) : [])));
  for (const template of bastionLaunchTemplates(stack)) {
    const parameter = resolvedParameter(template.values["image_id"]);
    if (parameter === undefined || !published.has(parameter)) {
      findings.push(violation(template, `image_id ${JSON.stringify(template.values["image_id"] ?? "unset")} is not resolve:ssm:<parameter> published by a hardened image pipeline of this stack`));
    }
  }
  return findings;
}

/**
 * The bastion runs a hardened, minimal OS image (PUB-03, CTR-05): an EC2 Image Builder pipeline on the AL2023 parent
 * with the AWS STIG component and a component setting the CIS kernel parameters and disabling unneeded kernel modules,
 * image tests and Inspector scanning on, build instances terminated on failure in the admin tier, AMIs encrypted with
 * a customer key and kept in the environment's own account and region; the bastion's launch template runs the image
 * the pipeline publishes.
 */
const rule: Rule = {
  id: "pub-03-hardened-image-pipeline",
  controls: ["PUB-03", "CTR-05"],
  severity: "high",
  description: "Every image pipeline: AL2023 parent, STIG high + CIS sysctl/module component, tests and scanning on, admin-tier build, encrypted AMIs in its own account and region; bastion templates launch the pipeline's published AMI.",
  remediation: "Use the BastionImagePipeline construct: keep its components, scanning and tests, its admin-tier infrastructure and its own-account encrypted distribution, and give the bastion image_id = resolve:ssm:<the distribution's parameter>.",
  check: (artifacts) => artifacts.stacks.flatMap(stackFindings),
};

export default rule;
