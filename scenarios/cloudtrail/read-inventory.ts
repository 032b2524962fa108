import { importError } from "./import-error.ts";
import { obj, str, tagPairs } from "./trail-record.ts";
import type { InventoryInstance, Json } from "./trail-record.ts";

const HINT = "describe-instances output lists Reservations[].Instances[] with InstanceId, ImageId, Placement, LaunchTime, State and Tags.";

/**
 * Reads `aws ec2 describe-instances` output (`Reservations[].Instances[]`): the fleet as the account listed it,
 * evidence for instances launched before the trail's first record.
 */
export function readInventory(file: string, reservations: readonly Json[]): InventoryInstance[] {
  const found: InventoryInstance[] = [];
  reservations.forEach((reservation, r) => {
    const instances = obj(reservation)?.["Instances"];
    if (!Array.isArray(instances)) throw importError(file, `Reservations[${r}] has no Instances list`, HINT);
    instances.forEach((value, i) => {
      const where = `Reservations[${r}].Instances[${i}]`;
      const instance = obj(value);
      const instanceId = str(instance?.["InstanceId"]);
      if (!instance || instanceId === undefined) throw importError(file, `${where} has no InstanceId`, HINT);
      const launch = str(instance["LaunchTime"]);
      const launchMs = launch === undefined ? undefined : Date.parse(launch);
      if (launchMs !== undefined && !Number.isFinite(launchMs))
        throw importError(file, `${where} has a LaunchTime that is not a time: "${launch}"`, HINT);
      const imageId = str(instance["ImageId"]);
      const zone = str(obj(instance["Placement"])?.["AvailabilityZone"]);
      const state = str(obj(instance["State"])?.["Name"]);
      const groups = Array.isArray(instance["SecurityGroups"]) ? instance["SecurityGroups"] : [];
      found.push({
        file,
        where,
        instanceId,
        ...(imageId === undefined ? {} : { imageId }),
        ...(zone === undefined ? {} : { zone }),
        ...(launchMs === undefined ? {} : { launchMs }),
        ...(state === undefined ? {} : { state }),
        tags: new Map(tagPairs(instance["Tags"])),
        securityGroups: groups.flatMap((g) => str(obj(g)?.["GroupId"]) ?? []),
      });
    });
  });
  return found;
}
