/** The image registry baseline (PROV-03): which ECR actions read and which write an image. */

/** The ECR actions that read an image. */
export const ECR_PULL_ACTIONS: readonly string[] = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** The ECR actions that write an image: PROV-03 lets only the CI publisher hold them (rule prov-03-ecr-repository-policy). */
export const ECR_PUSH_ACTIONS: readonly string[] = ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"];
