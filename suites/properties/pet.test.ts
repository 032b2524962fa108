// Property suite: fast-check explores chaos on random pet fleets against the reference platform.
import { propertySuite } from "./suite.ts";

propertySuite("pet");
