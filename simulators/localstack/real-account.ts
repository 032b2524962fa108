import { CattleprodError } from "../../core/index.ts";
import type { AwsApi } from "./aws-api.ts";

/** Safety settings for a real account. */
export interface RealAccountOptions {
  /** Must be true: cattleprod creates and deletes resources in the account. */
  readonly allowRealAws?: boolean;
  /** Account ids the caller's identity (STS) must be one of. */
  readonly awsAccounts?: readonly string[];
}

/**
 * The interlock for real accounts: refuses without `allowRealAws` and an allowlist that holds the caller's
 * account (STS GetCallerIdentity), before anything else is called. Returns the account id.
 */
export async function checkRealAccount(api: AwsApi, options: RealAccountOptions): Promise<string> {
  if (!options.allowRealAws)
    throw new CattleprodError(
      "E_BACKEND",
      "Failed to use a real AWS account: --allow-real-aws not given. A real account needs --allow-real-aws and --aws-accounts ID[,ID].",
    );
  const allowed = options.awsAccounts ?? [];
  if (allowed.length === 0)
    throw new CattleprodError(
      "E_BACKEND",
      "Failed to use a real AWS account: no --aws-accounts allowlist. Name the account ids cattleprod may touch.",
    );
  const account = await api.callerAccount().catch((error: Error) => {
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to identify the AWS caller: ${error.message.replace(/\.+$/, "")}. Check the credentials.`,
    );
  });
  if (!allowed.includes(account))
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to use AWS account ${account}: not in --aws-accounts (${allowed.join(", ")}). ` +
        "Add it only if cattleprod may create and delete resources there.",
    );
  return account;
}
