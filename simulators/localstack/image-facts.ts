import type { AccountContext } from "./account-context.ts";
import type { Intent } from "./account-intents.ts";
import type { Snapshot } from "./account-reads.ts";
import type { ObservedImage } from "./aws-api.ts";
import { TAG } from "./tags.ts";

/**
 * Image facts from what the account shows: AMIs registered (with stage, builder and manifest from their tags),
 * their pipeline status and scan tags, and each group's current-image parameter.
 */
export class ImageFacts {
  constructor(private readonly ctx: AccountContext) {}

  registered(observed: ObservedImage, imageId: string, actor: string, cause: number | undefined): void {
    const pendingKeys = new Set(
      this.ctx.intents.all().flatMap((i) => (i.expect.kind === "image-tag" && i.expect.imageId === imageId ? [i.expect.key] : [])),
    );
    const baseline = Object.fromEntries(Object.entries(observed.tags).filter(([key]) => !pendingKeys.has(key)));
    this.ctx.knownImages.set(observed.amiId, { amiId: observed.amiId, imageId, tags: baseline });
    this.ctx.amiByImage.set(imageId, observed.amiId);
    this.ctx.imageByAmi.set(observed.amiId, imageId);
    const image = this.ctx.images.get(imageId);
    const tags = observed.tags;
    this.ctx.fact(
      "image.registered",
      actor,
      {
        imageId,
        name: image?.name ?? observed.name,
        ...(tags[TAG.group] ? { group: tags[TAG.group] } : {}),
        stage: Number(tags[TAG.stage] ?? image?.stage ?? 1) as 1 | 2 | 3,
        builtBy: tags[TAG.builtBy] === "pipeline" ? "pipeline" : "manual",
        patchLevel: Number(tags[TAG.patchLevel] ?? 0),
        vulnerable: tags[TAG.vulnerable] === "true",
        accounts: (tags[TAG.accounts] ?? "").split(",").filter((a) => a !== ""),
        remoteShell: tags[TAG.remoteShell] !== "false",
      },
      cause,
      "DescribeImages",
    );
  }

  /** AMIs of the scenario run that no write of cattleprod's registered. */
  newImages(snap: Snapshot): void {
    for (const observed of snap.images.values()) {
      if (this.ctx.knownImages.has(observed.amiId) || this.ctx.imageByAmi.has(observed.amiId)) continue;
      const tags = observed.tags;
      const image = this.ctx.images.create(
        {
          name: observed.name,
          ...(tags[TAG.group] ? { group: tags[TAG.group] } : {}),
          stage: Number(tags[TAG.stage] ?? 1) as 1 | 2 | 3,
          builtBy: tags[TAG.builtBy] === "pipeline" ? "pipeline" : "manual",
          patchLevel: Number(tags[TAG.patchLevel] ?? 0),
          vulnerable: tags[TAG.vulnerable] === "true",
          manifest: {
            accounts: (tags[TAG.accounts] ?? "").split(",").filter((a) => a !== ""),
            remoteShell: tags[TAG.remoteShell] !== "false",
          },
        },
        this.ctx.nowMs(),
      );
      const { [TAG.imageStatus]: _status, [TAG.scan]: _scan, ...rest } = tags;
      this.registered({ ...observed, tags: rest }, image.id, "account", undefined);
      (this.ctx.knownImages.get(observed.amiId) as { tags: Record<string, string> }).tags = rest;
    }
  }

  /** Status and scan tags nobody of cattleprod's wrote. */
  imageChanges(snap: Snapshot): void {
    for (const observed of snap.images.values()) {
      const known = this.ctx.knownImages.get(observed.amiId);
      if (!known) continue;
      const status = observed.tags[TAG.imageStatus];
      if (status !== undefined && status !== known.tags[TAG.imageStatus]) {
        const kind = status === "approved" ? "image.approved" : status === "rejected" ? "image.rejected" : "image.submitted";
        if (status === "approved" || status === "rejected" || status === "submitted") this.ctx.images.setStatus(known.imageId, status);
        this.imageFact(kind, known.imageId, "account", undefined, { reason: "status changed in the account" });
      }
      const scan = observed.tags[TAG.scan];
      if (scan !== undefined && scan !== known.tags[TAG.scan]) {
        this.ctx.images.setScan(known.imageId, scan === "passed");
        this.imageFact("image.scanned", known.imageId, "account", undefined, { criticalFindings: scan === "passed" ? 0 : 1 });
      }
      known.tags = observed.tags;
    }
  }

  imageFact(
    kind: Intent["serves"],
    imageId: string,
    actor: string,
    cause: number | undefined,
    detail: Readonly<Record<string, string | number | boolean | undefined>>,
  ): void {
    const call = "DescribeImages";
    if (kind === "image.submitted") {
      const batch = detail["batch"];
      this.ctx.fact("image.submitted", actor, { imageId, ...(typeof batch === "string" ? { batch } : {}) }, cause, call);
    } else if (kind === "image.scanned") {
      const findings = Number(detail["criticalFindings"] ?? 0);
      this.ctx.fact(
        "image.scanned",
        actor,
        { imageId, status: findings > 0 ? "failed" : "passed", criticalFindings: findings },
        cause,
        call,
      );
    } else if (kind === "image.approved") this.ctx.fact("image.approved", actor, { imageId }, cause, call);
    else if (kind === "image.rejected")
      this.ctx.fact("image.rejected", actor, { imageId, reason: String(detail["reason"] ?? "") }, cause, call);
  }

  /** A group's current-image parameter changed by someone else. */
  parameterChanges(snap: Snapshot): void {
    for (const group of this.ctx.spec.groups) {
      const name = this.ctx.parameterOf(group.name);
      if (!snap.parametersRead.has(name)) continue;
      const value = snap.parameters.get(name);
      const known = this.ctx.knownParameters.get(name);
      if (value === undefined || value === known) continue;
      this.ctx.knownParameters.set(name, value);
      const imageId = this.ctx.imageByAmi.get(value) ?? value;
      const previousImageId = known === undefined ? "" : (this.ctx.imageByAmi.get(known) ?? known);
      if (this.ctx.images.get(imageId)) this.ctx.images.setCurrent(group.name, imageId);
      this.ctx.fact("image.promoted", "account", { group: group.name, imageId, previousImageId }, undefined, "GetParameters");
    }
  }
}
