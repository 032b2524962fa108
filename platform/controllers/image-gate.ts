import type { Controller, HistoryEvent, Image } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs } from "../retry.ts";

/** What an immutable launch needs: a pipeline-built, scan-passed, stage-3, approved image. */
export function immutableLaunchable(image: Image | undefined, status: string | undefined): string | undefined {
  if (!image) return "unknown image";
  if (image.builtBy !== "pipeline") return `image ${image.id} was not built by the pipeline`;
  if (image.stage !== 3) return `image ${image.id} is stage ${image.stage}, not stage 3 lockdown`;
  if (image.scan.status !== "passed") return `image ${image.id} scan is ${image.scan.status}`;
  if (status !== "approved") return `image ${image.id} is ${status ?? "unregistered"}, not approved`;
  return undefined;
}

/**
 * The pipeline's gate: scans every submitted image, rejects vulnerable ones, approves the
 * rest and promotes release builds to their group. Its launch policy admits only
 * pipeline-built, scan-passed, stage-3 approved images into immutable groups.
 */
export function imageGate(): Controller {
  return controller("image-gate", (ctx) => {
    ctx.policy({
      launch(request, image) {
        const group = request.group === undefined ? undefined : ctx.fleet.group(request.group);
        if (group?.vmType !== "immutable") return { allow: true, reason: "not an immutable group" };
        const problem = immutableLaunchable(image, ctx.fleet.imageStatus(request.imageId));
        return problem ? { allow: false, reason: problem } : { allow: true, reason: "approved lockdown image" };
      },
    });
    ctx.on(["image.submitted"], (event) => {
      const submitted = event as HistoryEvent<"image.submitted">;
      ctx.after(reactionMs(ctx, 3 * 60_000, 5 * 60_000), () => {
        const verdict = ctx.fleet.scanImage(submitted.imageId, ctx.actor, submitted.seq);
        if (verdict === "failed") {
          ctx.fleet.rejectImage(submitted.imageId, "vulnerability scan found critical findings", ctx.actor, submitted.seq);
          return;
        }
        const image = ctx.fleet.image(submitted.imageId);
        const released = ctx.fleet.releasedPatchLevel();
        if (image && image.patchLevel < released && submitted.batch?.startsWith("release")) {
          // Built before the latest patch: never roll it out; rebuild it at the released level.
          ctx.fleet.rejectImage(
            image.id,
            `built at patch level ${image.patchLevel}, below the released level ${released}`,
            ctx.actor,
            submitted.seq,
          );
          const rebuilt = ctx.fleet.registerImage(
            {
              name: `${image.name}-p${released}`,
              ...(image.group === undefined ? {} : { group: image.group }),
              stage: image.stage,
              builtBy: "pipeline",
              patchLevel: released,
              vulnerable: false,
              manifest: image.manifest,
            },
            "pipeline",
            submitted.seq,
          );
          ctx.fleet.submitImage(rebuilt.id, "pipeline", submitted.seq, submitted.batch);
          return;
        }
        ctx.fleet.approveImage(submitted.imageId, ctx.actor, submitted.seq);
        if (image?.group !== undefined && submitted.batch?.startsWith("release")) {
          ctx.fleet.promoteImage(image.group, image.id, ctx.actor, submitted.seq);
        }
      });
    });
  });
}
