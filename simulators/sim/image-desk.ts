import { CattleprodError, type GroupSpec, type Image, type ImageDraft, type ImageStatus } from "../../core/index.ts";
import { ImageRegistry } from "./image-registry.ts";
import type { SimContext } from "./sim-context.ts";

/**
 * Images and the pipeline: registration, submission, scan, approval or rejection, and each group's current
 * image. Every change is a history event by the actor that made it.
 */
export class ImageDesk {
  private readonly images = new ImageRegistry();

  constructor(private readonly ctx: SimContext) {}

  get(id: string): Image | undefined {
    return this.images.get(id);
  }

  statusOf(id: string): ImageStatus | undefined {
    return this.images.statusOf(id);
  }

  currentOf(group: string): Image | undefined {
    return this.images.currentOf(group);
  }

  current(group: string): Image {
    const image = this.images.currentOf(group);
    if (!image) throw new CattleprodError("E_FLEET_SPEC", `Failed to find the current image of group "${group}": no such group.`);
    return image;
  }

  /** The image a group starts on: registered, scanned, approved and promoted by the pipeline. */
  installInitial(group: GroupSpec): Image {
    const image = this.register(initialImageDraft(group), "pipeline");
    this.images.setStatus(image.id, "approved");
    this.images.setScan(image.id, true);
    this.ctx.emit("image.approved", "pipeline", { imageId: image.id });
    this.images.setCurrent(group.name, image.id);
    this.ctx.emit("image.promoted", "pipeline", { group: group.name, imageId: image.id, previousImageId: "" });
    return image;
  }

  register(draft: ImageDraft, actor: string, cause?: number): Image {
    const image = this.images.create(draft, this.ctx.nowMs());
    // Two literals rather than a spread in the middle of one (every world registers its images): same keys, same order.
    const accounts = [...image.manifest.accounts];
    const remoteShell = image.manifest.remoteShell;
    const { id: imageId, name, stage, builtBy, patchLevel, vulnerable } = image;
    this.ctx.emit(
      "image.registered",
      actor,
      image.group
        ? { imageId, name, group: image.group, stage, builtBy, patchLevel, vulnerable, accounts, remoteShell }
        : { imageId, name, stage, builtBy, patchLevel, vulnerable, accounts, remoteShell },
      cause,
    );
    return image;
  }

  submit(imageId: string, actor: string, cause?: number, batch?: string): void {
    if (!this.images.get(imageId)) return;
    this.images.setStatus(imageId, "submitted");
    this.ctx.emit("image.submitted", actor, { imageId, ...(batch ? { batch } : {}) }, cause);
  }

  scan(imageId: string, actor: string, cause?: number): "passed" | "failed" {
    const image = this.images.get(imageId);
    const passed = image !== undefined && !image.vulnerable;
    if (image) this.images.setScan(imageId, passed);
    this.ctx.emit(
      "image.scanned",
      actor,
      { imageId, status: passed ? "passed" : "failed", criticalFindings: image?.vulnerable ? 3 : 0 },
      cause,
    );
    return passed ? "passed" : "failed";
  }

  approve(imageId: string, actor: string, cause?: number): void {
    this.images.setStatus(imageId, "approved");
    this.ctx.emit("image.approved", actor, { imageId }, cause);
  }

  reject(imageId: string, reason: string, actor: string, cause?: number): void {
    this.images.setStatus(imageId, "rejected");
    this.ctx.emit("image.rejected", actor, { imageId, reason }, cause);
  }

  promote(group: string, imageId: string, actor: string, cause?: number): void {
    const previousImageId = this.images.setCurrent(group, imageId);
    this.ctx.emit("image.promoted", actor, { group, imageId, previousImageId }, cause);
  }
}

/** The draft of a group's first image: stage 3 lockdown for immutable groups, stage 2 with an ops account otherwise. */
export function initialImageDraft(group: GroupSpec): ImageDraft {
  const lockdown = group.vmType === "immutable";
  return {
    name: group.image,
    group: group.name,
    stage: lockdown ? 3 : 2,
    builtBy: "pipeline",
    patchLevel: 0,
    vulnerable: false,
    manifest: lockdown ? { accounts: [], remoteShell: false } : { accounts: ["ops"], remoteShell: true },
  };
}
