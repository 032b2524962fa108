// Property suite: fast-check explores chaos on random immutable fleets against the reference platform.
import { propertySuite } from "./suite.ts";

propertySuite("immutable");
