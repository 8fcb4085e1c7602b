// The editor's local backend: decap-server's file-system backend (its own middlewares, from the
// pinned npm package), on 127.0.0.1, with one repair. Decap 3.16 copies a shared field
// (`i18n: duplicate`) that the English version leaves empty into each translation as
// `name: null` (applyDefaultI18nValues in decap-cms-core's i18n.ts sets it to undefined when
// an item is opened); those lines are removed from the fields before a file is written, so
// saving an item changes nothing but what the writer changed.
//
//   PORT=8081 GIT_REPO_DIRECTORY=/path/to/project node tools/editor/backend.mjs
import express from "express";
import middlewares from "decap-server/dist/middlewares.js";

export function withoutEmptyFields(raw) {
  if (!raw.startsWith("---\n")) return raw;
  const end = raw.indexOf("\n---\n", 3);
  if (end === -1) return raw;
  const fields = raw.slice(4, end).split("\n").filter((line) => !/^[A-Za-z0-9_-]+: null$/.test(line));
  return `---\n${fields.join("\n")}${raw.slice(end)}`;
}

const app = express();
app.use(express.json({ limit: "50mb" }));
app.post("/api/v1", (request, response, next) => {
  const { action, params } = request.body || {};
  if (action === "persistEntry" && params) {
    for (const file of params.dataFiles || [params.entry]) {
      if (file && typeof file.raw === "string") file.raw = withoutEmptyFields(file.raw);
    }
  }
  next();
});
await middlewares.registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" });
const port = Number(process.env.PORT || 8081);
app.listen(port, "127.0.0.1", () => console.log(`The editor's backend listens on 127.0.0.1:${port}`));
