import type { Image, ImageDraft, ImageStatus } from "../../core/index.ts";

/** Images known to the simulated account, their pipeline status and each group's current one. */
export class ImageRegistry {
  private readonly images = new Map<string, Image>();
  private readonly status = new Map<string, ImageStatus>();
  private readonly current = new Map<string, string>();
  private next = 1;

  /** Creates an image from a draft (ids `ami-0001`, ...). */
  create(draft: ImageDraft, createdAtMs: number): Image {
    const id = `ami-${String(this.next++).padStart(4, "0")}`;
    const image: Image = {
      id,
      name: draft.name,
      ...(draft.group === undefined ? {} : { group: draft.group }),
      stage: draft.stage,
      builtBy: draft.builtBy,
      scan: { status: "unscanned", criticalFindings: 0 },
      patchLevel: draft.patchLevel,
      manifest: draft.manifest,
      createdAtMs,
      vulnerable: draft.vulnerable,
    };
    this.images.set(id, image);
    return image;
  }

  get(id: string): Image | undefined {
    return this.images.get(id);
  }

  statusOf(id: string): ImageStatus | undefined {
    return this.status.get(id);
  }

  setStatus(id: string, status: ImageStatus): void {
    this.status.set(id, status);
  }

  /** Records a scan result on the image. */
  setScan(id: string, passed: boolean): Image {
    const image = this.images.get(id) as Image;
    const scanned: Image = { ...image, scan: { status: passed ? "passed" : "failed", criticalFindings: image.vulnerable ? 3 : 0 } };
    this.images.set(id, scanned);
    return scanned;
  }

  currentOf(group: string): Image | undefined {
    const id = this.current.get(group);
    return id === undefined ? undefined : this.images.get(id);
  }

  setCurrent(group: string, imageId: string): string {
    const previous = this.current.get(group) ?? "";
    this.current.set(group, imageId);
    return previous;
  }
}
