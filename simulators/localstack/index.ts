// AWS API worlds: a FleetDriver over @aws-sdk v3 (LocalStack or a real account).
export { AwsFleet } from "./aws-fleet.ts";
export type { AwsFleetOptions, AwsStats } from "./aws-fleet.ts";
export { AwsApi, TAG } from "./aws-api.ts";
export { sweep } from "./aws-sweep.ts";
export type { SweepResult } from "./aws-sweep.ts";
export type { AwsTarget, ObservedInstance } from "./aws-api.ts";
export { resolveLocalStack, LOCALSTACK_SOURCES, LOCALSTACK_SERVICES } from "./endpoint.ts";
export type { LocalStackHandle, LocalStackSource, ResolveLocalStackOptions, LocalStackCredentials } from "./endpoint.ts";
export { AWS_METHODS } from "./aws-methods.ts";
export { injectApiFaults } from "./aws-faults.ts";
export type { ApiFault, ApiFaultInjector, ApiFaultOptions } from "./aws-faults.ts";
