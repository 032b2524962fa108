// AWS API worlds: a FleetDriver over @aws-sdk v3 (LocalStack or a real account).
export { AwsFleet } from "./aws-fleet.ts";
export type { AwsFleetOptions, AwsStats } from "./aws-fleet.ts";
export { AwsApi, TAG } from "./aws-api.ts";
export type { AwsTarget, ObservedInstance } from "./aws-api.ts";
