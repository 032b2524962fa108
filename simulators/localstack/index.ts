// Account worlds: fleets in an AWS account (LocalStack or real) over @aws-sdk v3, their backends and LocalStack's lifecycle.
export { AccountFleet } from "./account-fleet.ts";
export type { AccountFleetOptions, AccountHook, AutomationTarget } from "./account-fleet.ts";
export { LocalStackBackend, AwsBackend, newRunId } from "./account-backend.ts";
export type { StartedBackend, WorldOptions } from "./account-backend.ts";
export { ACCOUNT_OFFERS } from "./account-offers.ts";
export { checkRealAccount } from "./real-account.ts";
export type { RealAccountOptions } from "./real-account.ts";
export { AwsApi, TAG } from "./aws-api.ts";
export type { AwsTarget, ObservedInstance, ObservedImage } from "./aws-api.ts";
export { sweep, sweptNothing } from "./aws-sweep.ts";
export type { SweepResult } from "./aws-sweep.ts";
export { resolveLocalStack, LOCALSTACK_SOURCES, LOCALSTACK_SERVICES } from "./endpoint.ts";
export type { LocalStackHandle, LocalStackSource, ResolveLocalStackOptions, LocalStackCredentials } from "./endpoint.ts";
export { injectApiFaults } from "./aws-faults.ts";
export type { ApiFault, ApiFaultInjector, ApiFaultOptions } from "./aws-faults.ts";
