import { conformanceSuite } from "./suite.ts";

await conformanceSuite("cattle");
