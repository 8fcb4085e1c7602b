// The editor's local backend: decap-server's file-system backend (its own middlewares, from the
// pinned npm package), on 127.0.0.1, with two repairs, so that saving an item changes nothing
// but what the writer changed:
// - Decap 3.16 copies a shared field (`i18n: duplicate`) that the English version leaves
//   empty into each translation as `name: null` (applyDefaultI18nValues in decap-cms-core's
//   i18n.ts sets it to undefined when an item is opened); those lines are removed from the
//   fields before a file is written;
// - a data file (funders, hotlines, sections) gets its fields back in the form's order and
//   its leading comment back on top (datafile.mjs says why Decap loses them).
//
//   PORT=8081 GIT_REPO_DIRECTORY=/path/to/project EDITOR_CONFIG=config.json node tools/editor/backend.mjs
import fs from "node:fs";
import path from "node:path";
import express from "express";
import middlewares from "decap-server/dist/middlewares.js";
import { formsOf, repaired } from "./datafile.mjs";

const project = process.env.GIT_REPO_DIRECTORY || process.cwd();
const forms = process.env.EDITOR_CONFIG ? formsOf(JSON.parse(fs.readFileSync(process.env.EDITOR_CONFIG, "utf8"))) : {};

function previous(file) {
  try {
    return fs.readFileSync(path.join(project, file), "utf8");
  } catch {
    return null;
  }
}

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
      if (!file || typeof file.raw !== "string") continue;
      file.raw = forms[file.path] ? repaired(file.raw, forms[file.path], previous(file.path)) : withoutEmptyFields(file.raw);
    }
  }
  next();
});
await middlewares.registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" });
const port = Number(process.env.PORT || 8081);
app.listen(port, "127.0.0.1", () => console.log(`The editor's backend listens on 127.0.0.1:${port}`));
