// Lint rules, including the dependency direction of DESIGN.md enforced per folder.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const layer = (files, forbidden) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: forbidden.map((dir) => ({
          group: [`**/${dir}/**`, `../${dir}/*`],
          message: `This layer may not import ${dir}/ (see DESIGN.md, dependency direction).`,
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "cattleprod-report/**", "cattleprod-found/**", "allure-results/**", "allure-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "max-len": [
        "error",
        {
          code: 140,
          tabWidth: 2,
          ignoreUrls: false,
          ignoreStrings: false,
          ignoreTemplateLiterals: false,
          ignoreRegExpLiterals: false,
          ignoreComments: false,
        },
      ],
    },
  },
  layer(["core/**/*.ts"], ["simulators", "platform", "chaos", "guarantees", "scenarios", "suites", "cli", "reports"]),
  layer(["simulators/**/*.ts"], ["platform", "chaos", "guarantees", "scenarios", "suites", "cli", "reports"]),
  layer(["platform/**/*.ts"], ["simulators", "chaos", "guarantees", "scenarios", "suites", "cli", "reports"]),
  layer(["chaos/**/*.ts"], ["simulators", "platform", "guarantees", "scenarios", "suites", "cli", "reports"]),
  layer(["guarantees/**/*.ts"], ["simulators", "platform", "chaos", "scenarios", "suites", "cli", "reports"]),
  layer(["reports/**/*.ts"], ["simulators", "platform", "chaos", "guarantees", "scenarios", "suites", "cli"]),
);
