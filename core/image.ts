/**
 * Image lifecycle stages of the immutable pipeline: 1 baseline OS, 2 application baked in,
 * 3 immutable lockdown (no accounts, no remote shells).
 */
export type ImageStage = 1 | 2 | 3;

/** Who built an image: the CI/CD pipeline or a person by hand. */
export type ImageBuilder = "pipeline" | "manual";

/** Outcome of the pipeline's vulnerability scan. */
export interface ScanResult {
  readonly status: "passed" | "failed" | "unscanned";
  /** Critical and high findings; a failed scan has at least one. */
  readonly criticalFindings: number;
}

/** What a booted image exposes: the surface the login checks look at. */
export interface ImageManifest {
  /** Interactive accounts baked in. Stage 3 images have none. */
  readonly accounts: readonly string[];
  /** Whether a remote shell daemon (sshd / RDP) is installed. */
  readonly remoteShell: boolean;
}

/** A machine image known to the fleet. */
export interface Image {
  readonly id: string;
  readonly name: string;
  /** The group this image is built for, when it belongs to one. */
  readonly group?: string;
  readonly stage: ImageStage;
  readonly builtBy: ImageBuilder;
  readonly scan: ScanResult;
  /** OS patch level baked into the image. */
  readonly patchLevel: number;
  readonly manifest: ImageManifest;
  readonly createdAtMs: number;
  /** Whether a known vulnerability is present (what the scan should find). */
  readonly vulnerable: boolean;
}

/** The lifecycle an image moves through once submitted to the pipeline. */
export type ImageStatus = "submitted" | "approved" | "rejected";
