// Decap CMS's own YAML file format (decap-cms-core's src/formats/yaml.ts, with yaml 1.10 as in
// the editor's bundle), outside the browser, and the repair the editor's backend makes to a
// data file Decap saves (tools/editor/backend.mjs). Decap 3.16 loses two things there:
// - the file's leading comment, which says what each field means: Decap writes a field's
//   `comment` only for folder collections (selectField reads the collection's own fields);
// - the order of an entry's fields: Immutable.js keeps a map's order only up to 8 keys, so an
//   edited hotline came back with its fields shuffled.
// The repair puts the fields in the form's order and the comment of the file on disk back on
// top; a data file is then the file the editor writes when it saves it unchanged.
//
//   node tools/editor/datafile.mjs roundtrip CONFIG FILE...       # prints the files that change
//   node tools/editor/datafile.mjs tidy CONFIG FILE...            # writes them as the editor would
//
// CONFIG: the editor's configuration as JSON (tools/editor/config.py), for the forms' fields.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import yaml from "yaml";

export function toFile(data, comment = "") {
  const contents = yaml.createNode(data);
  if (comment) contents.items[0].commentBefore = comment; // each line is written after a '#'
  const doc = new yaml.Document();
  doc.contents = contents;
  const text = doc.toString();
  return text.slice(-1) === "\n" ? text : `${text}\n`;
}

// The comment lines at the top of a file, without their '#'.
export function leadingComment(text) {
  const lines = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("#")) break;
    lines.push(line.slice(1));
  }
  return lines.join("\n");
}

// The fields of each data file's form, by the file's path in the project.
export function formsOf(config) {
  const forms = {};
  for (const collection of config.collections || []) {
    for (const file of collection.files || []) forms[file.file] = file.fields;
  }
  return forms;
}

// `value` with every object's keys in the order of `fields` (keys the form does not have last,
// in their order).
export function inFormOrder(value, fields) {
  if (Array.isArray(value)) return value.map((item) => inFormOrder(item, fields));
  if (!value || typeof value !== "object" || !fields) return value;
  const names = fields.map((field) => field.name);
  const rank = (key) => (names.includes(key) ? names.indexOf(key) : names.length);
  const result = {};
  for (const key of Object.keys(value).sort((a, b) => rank(a) - rank(b))) {
    const field = fields.find((candidate) => candidate.name === key);
    result[key] = inFormOrder(value[key], field && (field.fields || field.field?.fields));
  }
  return result;
}

// A data file as the editor should have written it: `raw` is what Decap sent, `previous` the
// file on disk (or null for a new one).
export function repaired(raw, fields, previous) {
  const data = inFormOrder(yaml.parseDocument(raw).toJSON(), fields);
  return toFile(data, previous === null ? "" : leadingComment(previous));
}

const invoked = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
const [command, ...files] = invoked ? process.argv.slice(2) : [];
if (command === "roundtrip" || command === "tidy") {
  // Parse and write again, as the editor and its backend do when a list is saved unchanged.
  const forms = formsOf(JSON.parse(fs.readFileSync(files.shift(), "utf8")));
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const form = forms[path.relative(process.cwd(), file)];
    const saved = form && repaired(toFile(yaml.parseDocument(text).toJSON()), form, text);
    if (saved === text) continue;
    if (command === "tidy" && saved) fs.writeFileSync(file, saved);
    console.log(file);
  }
}
