import type { Platform } from "../core/index.ts";
import { accessBroker } from "./controllers/access-broker.ts";
import { ageReaper, type AgeReaperOptions } from "./controllers/age-reaper.ts";
import { driftManager } from "./controllers/drift-manager.ts";
import { haFailover } from "./controllers/ha-failover.ts";
import { imageGate } from "./controllers/image-gate.ts";
import { imageRebuilder } from "./controllers/image-rebuilder.ts";
import { deployGuard, inventory } from "./controllers/inventory.ts";
import { malwareResponder } from "./controllers/malware-responder.ts";
import { egressPolicy, ingressGuard } from "./controllers/network-policy.ts";
import { patcher } from "./controllers/patcher.ts";
import { replicator } from "./controllers/replicator.ts";
import { selfHealer } from "./controllers/self-healer.ts";
import { definePlatform } from "./define.ts";

/** Options of the reference platform. */
export interface ReferencePlatformOptions {
  readonly ageReaper?: AgeReaperOptions;
}

/**
 * The reference platform: automation that keeps every guarantee of the catalog. Controllers
 * (by name): self-healer, age-reaper, drift-manager, image-gate, image-rebuilder,
 * access-broker, egress-policy, ingress-guard, inventory, deploy-guard, patcher, ha-failover,
 * replicator, malware-responder.
 */
export function referencePlatform(options: ReferencePlatformOptions = {}): Platform {
  return definePlatform("reference", [
    selfHealer(),
    ageReaper(options.ageReaper),
    driftManager(),
    imageGate(),
    imageRebuilder(),
    accessBroker(),
    egressPolicy(),
    ingressGuard(),
    inventory(),
    deployGuard(),
    patcher(),
    haFailover(),
    replicator(),
    malwareResponder(),
  ]);
}
