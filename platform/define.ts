import type { Controller, ControllerContext, Platform } from "../core/index.ts";

/**
 * Makes a controller from a name and a start function.
 *
 * @example
 * const noisy = controller("noisy", (ctx) => ctx.on(["instance.terminated"], (e) => console.log(e)));
 */
export function controller(name: string, start: (ctx: ControllerContext) => void): Controller {
  return { name, start };
}

/** Makes a platform from a name and its controllers. */
export function definePlatform(name: string, controllers: readonly Controller[]): Platform {
  return { name, controllers };
}

/**
 * Replaces one controller of a platform, keeping its name (so its actor and random stream stay
 * the same). `start` may call the original to wrap it.
 *
 * @example
 * export default withController(referencePlatform(), "age-reaper", (ctx, original) => original.start(ctx));
 */
export function withController(
  platform: Platform,
  name: string,
  start: (ctx: ControllerContext, original: Controller) => void,
  platformName = `${platform.name}+${name}`,
): Platform {
  const original = platform.controllers.find((c) => c.name === name);
  if (!original)
    throw new Error(
      `Failed to replace controller "${name}": the platform has none. Known: ${platform.controllers.map((c) => c.name).join(", ")}.`,
    );
  return definePlatform(
    platformName,
    platform.controllers.map((c) => (c.name === name ? controller(name, (ctx) => start(ctx, original)) : c)),
  );
}

/** Removes a controller (to model automation that is missing entirely). */
export function withoutController(platform: Platform, name: string): Platform {
  return definePlatform(
    `${platform.name}-${name}`,
    platform.controllers.filter((c) => c.name !== name),
  );
}
