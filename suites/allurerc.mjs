// Allure 3 configuration for `npm run report:allure`: one self-contained index.html that opens from disk.
import { defineConfig } from "allure";

export default defineConfig({
  name: "cattleprod conformance",
  plugins: {
    awesome: { options: { singleFile: true, reportName: "cattleprod conformance", groupBy: ["epic", "feature", "story"] } },
  },
});
