import { conformanceSuite } from "./suite.ts";

await conformanceSuite("pet");
