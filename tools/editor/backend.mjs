// The editor's local backend: decap-server's file-system backend (its own middlewares, from the
// pinned npm package), on 127.0.0.1, with repairs, so that saving an item changes nothing
// but what the writer changed:
// - the fields go back into the content model's order (FIELD_ORDER: the form shows a
//   writer's fields first, and Decap writes them in the form's order);
// - the translation's tick box "This translation matches the current English"
//   (translation_current) is never written: ticked, it becomes `translated_from: <digest>` of
//   the English as saved (core/ledger.py's digest, asked of the editor's server, EDITOR_SERVER);
// - a field left empty is not written (`date: ""`: the form's date widget empties to "");
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

const order = process.env.FIELD_ORDER ? JSON.parse(fs.readFileSync(process.env.FIELD_ORDER, "utf8")) : [];
export const CONFIRM = "translation_current";
const KEY = /^([A-Za-z0-9_-]+):/;

// The front matter's fields, each with its lines (a value may go on over indented lines)
function blocks(raw) {
  if (!raw.startsWith("---\n")) return null;
  const end = raw.indexOf("\n---\n", 3);
  if (end === -1) return null;
  const found = [];
  for (const line of raw.slice(4, end).split("\n")) {
    const key = KEY.exec(line);
    if (key || !found.length) found.push({ name: key ? key[1] : "", lines: [line] });
    else found.at(-1).lines.push(line);
  }
  return { found, rest: raw.slice(end) };
}

function joined(found, rest) {
  return `---\n${found.flatMap((block) => block.lines).join("\n")}${rest}`;
}

export function withoutEmptyFields(raw, fieldOrder = order) {
  const parts = blocks(raw);
  if (!parts) return raw;
  const kept = parts.found.filter((block) => !(block.lines.length === 1 && /^[A-Za-z0-9_-]+: (null|""|'')$/.test(block.lines[0])));
  const rank = (block) => (fieldOrder.includes(block.name) ? fieldOrder.indexOf(block.name) : fieldOrder.length);
  kept.sort((a, b) => rank(a) - rank(b)); // stable: fields the model does not know keep their place
  return joined(kept, parts.rest);
}

// The tick box out of a translation; its digest in, when it was ticked
export async function confirmed(raw, englishRaw, digestOf) {
  const parts = blocks(raw);
  if (!parts) return raw;
  const box = parts.found.find((block) => block.name === CONFIRM);
  if (!box) return raw;
  const found = parts.found.filter((block) => block !== box);
  if (/: true$/.test(box.lines[0]) && englishRaw) {
    const digest = await digestOf(englishRaw);
    // as the files have it (and Decap would write it): quoted only where YAML would read a number
    const line = /^[0-9]*e?[0-9]*$/.test(digest) ? `translated_from: "${digest}"` : `translated_from: ${digest}`;
    const old = found.find((block) => block.name === "translated_from");
    if (old) old.lines = [line];
    else found.push({ name: "translated_from", lines: [line] });
  }
  return joined(found, parts.rest);
}

async function digestOf(text) {
  const answer = await fetch(`${process.env.EDITOR_SERVER}/editor/digest`, { method: "POST", body: text });
  return (await answer.json()).digest;
}

const LANGUAGE = /\.([a-z]{2,3})\.md$/;
function englishOf(file, files) {
  const english = file.path.replace(LANGUAGE, ".en.md");
  const saved = files.find((other) => other.path === english);
  return saved ? saved.raw : previous(english);
}

const app = express();
app.use(express.json({ limit: "50mb" }));
app.post("/api/v1", async (request, response, next) => {
  const { action, params } = request.body || {};
  if (action === "persistEntry" && params) {
    const files = (params.dataFiles || [params.entry]).filter((file) => file && typeof file.raw === "string");
    for (const file of files) {
      if (forms[file.path]) file.raw = repaired(file.raw, forms[file.path], previous(file.path));
      else file.raw = withoutEmptyFields(file.raw);
    }
    try {
      for (const file of files) {
        if (forms[file.path]) continue;
        const translation = LANGUAGE.test(file.path) && !file.path.endsWith(".en.md");
        file.raw = await confirmed(file.raw, translation ? englishOf(file, files) : null, digestOf);
      }
    } catch (error) {
      response.status(500).json({ error: `the translation's record could not be made: ${error}` });
      return;
    }
  }
  next();
});
await middlewares.registerLocalFs(app, { logLevel: process.env.LOG_LEVEL || "warn" });
const port = Number(process.env.PORT || 8081);
app.listen(port, "127.0.0.1", () => console.log(`The editor's backend listens on 127.0.0.1:${port}`));
