/** A signing key as cosign names an AWS KMS key: `awskms:///arn:aws:kms:<region>:<account>:key/<id>`. */
export const KMS_KEY_REFERENCE = /^awskms:\/\/\/arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
