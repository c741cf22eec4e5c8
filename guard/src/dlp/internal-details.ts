/**
 * DLP-04 internal details a result must not expose: stack trace frames (JavaScript, Python, Java, Go), cluster-internal
 * and cloud-internal host names, private (RFC 1918) IPv4 addresses, and AWS account IDs (in ARNs, ECR hosts, or
 * labelled). Each is masked (or blocks the result) like any other DLP finding.
 */
import { TextRule } from "../patterns/text-rules";

export const INTERNAL_DETAIL_RULES: readonly TextRule[] = [
  {
    id: "DLP-04-stack-trace",
    regex:
      /^[ \t]{1,16}at [^\n]{1,300}?[(]?(?:\/|[A-Za-z]:\\|node:|file:)[^\n():]{1,300}:\d{1,7}(?::\d{1,7})?[)]?[ \t]*$|^Traceback \(most recent call last\):$|^[ \t]{1,8}File "[^"\n]{1,300}", line \d{1,7}(?:, in [^\n]{1,200})?$|^[ \t]{0,8}at [\w$.]{1,300}\([\w$]{1,100}\.(?:java|kt|scala):\d{1,7}\)$|^goroutine \d{1,9} \[[a-z ]{1,40}\]:$/gm,
    keywords: ["at ", "traceback", "file \"", "goroutine"],
  },
  {
    id: "DLP-04-internal-hostname",
    regex: /\b(?:[a-z0-9-]{1,63}\.){1,6}(?:svc\.cluster\.local|svc|cluster\.local|ec2\.internal|compute\.internal|(?:[a-z]{2}-[a-z]{4,12}-\d\.)?compute\.amazonaws\.com\.internal)\b/gi,
    keywords: [".svc", "cluster.local", ".internal"],
  },
  {
    id: "DLP-04-private-ip",
    regex: /(?<![\d.])(?:10\.\d{1,3}\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})(?![\d.]*\d)/g,
    keywords: ["10.", "172.", "192.168."],
  },
  {
    id: "DLP-04-aws-account-id",
    regex: /(?<=arn:aws[a-z-]{0,20}:[a-z0-9-]{0,40}:[a-z0-9-]{0,30}:)\d{12}(?=:)|\d{12}(?=\.dkr\.ecr\.)|(?<=(?:account[ _-]?id|accountid|aws_account_id)["']?[ \t]{0,3}[:=][ \t]{0,3}["']?)\d{12}(?!\d)/gi,
    keywords: ["arn:aws", ".dkr.ecr.", "account"],
  },
];
