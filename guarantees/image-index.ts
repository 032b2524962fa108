import type { FleetSpec, HistoryEvent, HistoryView } from "../core/index.ts";
import { groupSpec } from "./context.ts";

/** What the history says about one image. Lists are in history order. */
export interface ImageFacts {
  readonly imageId: string;
  readonly registered: HistoryEvent<"image.registered"> | undefined;
  readonly submitted: readonly HistoryEvent<"image.submitted">[];
  readonly scans: readonly HistoryEvent<"image.scanned">[];
  readonly approvals: readonly HistoryEvent<"image.approved">[];
  readonly rejections: readonly HistoryEvent<"image.rejected">[];
}

/** Images by id, and each group's promotions in order. */
export interface ImageIndex {
  readonly images: ReadonlyMap<string, ImageFacts>;
  readonly promotions: ReadonlyMap<string, readonly HistoryEvent<"image.promoted">[]>;
}

type Mutable = { -readonly [K in keyof ImageFacts]: ImageFacts[K] extends readonly (infer E)[] ? E[] : ImageFacts[K] };

/** Indexes image events (few, so read by kind). */
export function buildImageIndex(history: HistoryView): ImageIndex {
  const images = new Map<string, Mutable>();
  const facts = (imageId: string): Mutable => {
    let found = images.get(imageId);
    if (!found) images.set(imageId, (found = { imageId, registered: undefined, submitted: [], scans: [], approvals: [], rejections: [] }));
    return found;
  };
  for (const event of history.ofKind("image.registered")) facts(event.imageId).registered ??= event;
  for (const event of history.ofKind("image.submitted")) facts(event.imageId).submitted.push(event);
  for (const event of history.ofKind("image.scanned")) facts(event.imageId).scans.push(event);
  for (const event of history.ofKind("image.approved")) facts(event.imageId).approvals.push(event);
  for (const event of history.ofKind("image.rejected")) facts(event.imageId).rejections.push(event);
  const promotions = new Map<string, HistoryEvent<"image.promoted">[]>();
  for (const event of history.ofKind("image.promoted")) {
    const list = promotions.get(event.group) ?? [];
    list.push(event);
    promotions.set(event.group, list);
  }
  return { images, promotions };
}

/** True when the image's latest approval or rejection before `seq` is an approval. */
export function approvedBefore(image: ImageFacts | undefined, seq: number): boolean {
  if (!image) return false;
  const approved = lastBefore(image.approvals, seq);
  if (approved === undefined) return false;
  const rejected = lastBefore(image.rejections, seq);
  return rejected === undefined || rejected.seq < approved.seq;
}

/** True when the image's latest scan before `seq` passed. */
export function scanPassedBefore(image: ImageFacts | undefined, seq: number): boolean {
  return image !== undefined && lastBefore(image.scans, seq)?.status === "passed";
}

/** The image's OS patch level (0 when the image is unknown). */
export function imagePatchLevel(images: ImageIndex, imageId: string): number {
  return images.images.get(imageId)?.registered?.patchLevel ?? 0;
}

/**
 * The group's current image just before `seq`: its latest promotion, else its initial image (the
 * image registered under the group spec's image name or id, else the image of its first launch).
 */
export function currentImageBefore(
  images: ImageIndex,
  spec: FleetSpec,
  group: string,
  seq: number,
  firstLaunchImageId?: string,
): string | undefined {
  const promoted = lastBefore(images.promotions.get(group) ?? [], seq);
  if (promoted) return promoted.imageId;
  return initialImage(images, spec, group) ?? firstLaunchImageId;
}

/** The image a group starts on, as registered in the history. */
export function initialImage(images: ImageIndex, spec: FleetSpec, group: string): string | undefined {
  const name = groupSpec(spec, group)?.image;
  if (name === undefined) return undefined;
  if (images.images.has(name)) return name;
  let fallback: string | undefined;
  for (const image of images.images.values()) {
    const registered = image.registered;
    if (registered?.name !== name) continue;
    if (registered.group === group) return image.imageId;
    fallback ??= image.imageId;
  }
  return fallback;
}

function lastBefore<E extends { readonly seq: number }>(events: readonly E[], seq: number): E | undefined {
  let found: E | undefined;
  for (const event of events) {
    if (event.seq >= seq) break;
    found = event;
  }
  return found;
}
