// Property suite: fast-check explores chaos on random cattle fleets against the reference platform.
import { propertySuite } from "./suite.ts";

propertySuite("cattle");
