/** The Lambda runtime of the blueprint's own functions: the newest Node.js LTS that AWS Lambda supports. */
export const NODEJS_LAMBDA_RUNTIME = "nodejs24.x";
