// Lint for the UI: TypeScript's recommended rules and React's rules of hooks. `npm run lint`
// allows no warnings, so a finding is fixed (or, where the rule is wrong for one line, silenced
// on that line with the reason beside it) rather than left to pile up.
import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/bindings"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      // A missing dependency is a stale value waiting to show: an error, not a hint. `useLoad`
      // takes its dependencies as `useEffect` does, so its call sites are checked the same way.
      "react-hooks/exhaustive-deps": ["error", { additionalHooks: "^useLoad$" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
