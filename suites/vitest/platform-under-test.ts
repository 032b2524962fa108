import type { Platform } from "../../core/index.ts";
import { loadPlatform, REFERENCE_PLATFORM } from "../../scenarios/index.ts";

/** How a vitest API call names the platform under test. */
export interface PlatformOption {
  /**
   * The platform: a value (`import platform from "./platform.ts"`), or a module path as `--platform` takes it,
   * relative to the working directory (`"./platform.ts"`), or `"reference"`.
   */
  readonly platform: Platform | string;
  /**
   * The module that exports `platform` when it is given as a value, as replay lines should name it
   * (`"./platform.ts"`). Without it, replay lines say which platform to pass but cannot name its file.
   */
  readonly platformModule?: string;
}

/** The platform under test, and how replay lines pass it to `npx cattleprod ... --platform`. */
export interface PlatformUnderTest {
  readonly platform: Platform;
  readonly ref: string;
}

/**
 * Resolves a {@link PlatformOption}: loads a module path (as the CLI does), or takes a value as it is.
 *
 * @example await platformUnderTest({ platform: "./platform.ts" }) // { platform: {...}, ref: "./platform.ts" }
 */
export async function platformUnderTest(option: PlatformOption): Promise<PlatformUnderTest> {
  if (typeof option.platform === "string") return { platform: await loadPlatform(option.platform), ref: option.platform };
  const ref =
    option.platformModule ??
    (option.platform.name === REFERENCE_PLATFORM ? REFERENCE_PLATFORM : `<module exporting ${option.platform.name}>`);
  return { platform: option.platform, ref };
}
