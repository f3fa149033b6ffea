import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";

// `npm run dev` serves on 8112 and sends the API to a `crm serve` on CRM_DEV_API
// (default 127.0.0.1:8111), so cookies stay first-party.
const api = process.env.CRM_DEV_API ?? "http://127.0.0.1:8111";

export default defineConfig({
  plugins: [react()],
  build: {
    // The CSP has no 'unsafe-inline': CSS goes to files, no inline polyfill script.
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: "es2020",
    reportCompressedSize: false,
    // Two pages: the app, and GraphiQL (served at /graphql for browsers, crm/serving/graphiql.py).
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("./index.html", import.meta.url)),
        graphiql: fileURLToPath(new URL("./graphiql.html", import.meta.url)),
      },
      // GraphiQL's packages mark modules "use no memo" (React Compiler); harmless here
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
  server: {
    proxy: {
      "/graphql": { target: api, ws: true, changeOrigin: false },
      "/auth": { target: api, changeOrigin: false },
    },
  },
});
