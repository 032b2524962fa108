import { CattleprodError, type GroupSpec, type Image, type ImageDraft } from "../../core/index.ts";
import { initialImageDraft } from "../sim/index.ts";
import type { AccountContext } from "./account-context.ts";
import { TAG } from "./tags.ts";

/**
 * Images in an account world: AMIs (RegisterImage) carrying their stage, builder and manifest as tags; the
 * pipeline's progress (submitted, scanned, approved, rejected) as tags on the AMI; each group's current image as
 * an SSM parameter holding the AMI id. The scan itself is modelled (an emulator has no scanner); its result is
 * written to the AMI and read back like the rest.
 */
export class AccountImages {
  constructor(private readonly ctx: AccountContext) {}

  current(group: string): Image {
    const image = this.ctx.images.currentOf(group);
    if (!image) throw new CattleprodError("E_FLEET_SPEC", `Failed to find the current image of group "${group}": no such group.`);
    return image;
  }

  /** A group's first image: registered (scanned clean), approved and promoted by the pipeline. */
  installInitial(group: GroupSpec): Image {
    const image = this.register(initialImageDraft(group), "pipeline", undefined, { [TAG.scan]: "passed" });
    this.ctx.images.setScan(image.id, true);
    this.approve(image.id, "pipeline");
    this.promote(group.name, image.id, "pipeline");
    return image;
  }

  register(draft: ImageDraft, actor: string, cause?: number, extraTags: Record<string, string> = {}): Image {
    const image = this.ctx.images.create(draft, this.ctx.nowMs());
    const tags = this.ctx.scopeTags({
      [TAG.image]: image.id,
      [TAG.stage]: String(image.stage),
      [TAG.builtBy]: image.builtBy,
      [TAG.patchLevel]: String(image.patchLevel),
      [TAG.vulnerable]: String(image.vulnerable),
      [TAG.accounts]: image.manifest.accounts.join(","),
      [TAG.remoteShell]: String(image.manifest.remoteShell),
      ...(image.group ? { [TAG.group]: image.group } : {}),
      ...extraTags,
    });
    this.ctx.write(
      {
        operation: "RegisterImage",
        resource: image.id,
        serves: "image.registered",
        observable: "images",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "image", imageId: image.id },
        detail: { name: image.name },
      },
      {
        touches: { images: [image.id] },
        run: async () => {
          const ami = await this.ctx.api.registerImage(`${image.name}-${image.id}-${this.ctx.scenarioRunId}`, tags);
          this.ctx.amiByImage.set(image.id, ami);
          this.ctx.imageByAmi.set(ami, image.id);
        },
      },
    );
    return image;
  }

  submit(imageId: string, actor: string, cause?: number, batch?: string): void {
    if (!this.ctx.images.get(imageId)) return;
    this.ctx.images.setStatus(imageId, "submitted");
    this.tagImage(imageId, "image.submitted", { [TAG.imageStatus]: "submitted", ...(batch ? { [TAG.batch]: batch } : {}) }, actor, cause, {
      batch,
    });
  }

  scan(imageId: string, actor: string, cause?: number): "passed" | "failed" {
    const image = this.ctx.images.get(imageId);
    const passed = image !== undefined && !image.vulnerable;
    if (image) this.ctx.images.setScan(imageId, passed);
    const status = passed ? "passed" : "failed";
    this.tagImage(imageId, "image.scanned", { [TAG.scan]: status }, actor, cause, { criticalFindings: image?.vulnerable ? 3 : 0 });
    return status;
  }

  approve(imageId: string, actor: string, cause?: number): void {
    this.ctx.images.setStatus(imageId, "approved");
    this.tagImage(imageId, "image.approved", { [TAG.imageStatus]: "approved" }, actor, cause, {});
  }

  reject(imageId: string, reason: string, actor: string, cause?: number): void {
    this.ctx.images.setStatus(imageId, "rejected");
    this.tagImage(imageId, "image.rejected", { [TAG.imageStatus]: "rejected" }, actor, cause, { reason });
  }

  promote(group: string, imageId: string, actor: string, cause?: number): void {
    const previousImageId = this.ctx.images.setCurrent(group, imageId);
    const name = this.ctx.parameterOf(group);
    this.ctx.write(
      {
        operation: "PutParameter",
        resource: name,
        serves: "image.promoted",
        observable: "current-image",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "parameter", name, value: () => this.ctx.amiByImage.get(imageId) },
        detail: { group, imageId, previousImageId },
      },
      {
        touches: { parameters: [name] },
        run: async () => this.ctx.api.putParameter(name, this.ctx.amiByImage.get(imageId) ?? imageId),
      },
    );
  }

  private tagImage(
    imageId: string,
    serves: "image.submitted" | "image.scanned" | "image.approved" | "image.rejected",
    tags: Record<string, string>,
    actor: string,
    cause: number | undefined,
    detail: Readonly<Record<string, string | number | undefined>>,
  ): void {
    const [key, value] = Object.entries(tags)[0] as [string, string];
    this.ctx.write(
      {
        operation: "CreateTags",
        resource: imageId,
        serves,
        observable: "images",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "image-tag", imageId, key, value },
        detail,
      },
      {
        touches: { images: [imageId] },
        run: async () => {
          const ami = this.ctx.amiByImage.get(imageId);
          if (ami) await this.ctx.api.tag([ami], tags);
        },
      },
    );
  }
}
