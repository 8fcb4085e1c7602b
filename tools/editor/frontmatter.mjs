// Decap CMS's own front-matter format, outside the browser: the same libraries at the same
// versions as the editor's bundle (gray-matter 4 and yaml 1.10, as in decap-cms-core's
// src/formats/frontmatter.ts and yaml.ts), so that a file written here is the file the editor
// writes when it saves the item unchanged.
//
//   node tools/editor/frontmatter.mjs write < records.json    # [{path, data, keys, body}]
//   node tools/editor/frontmatter.mjs roundtrip KEYS FILE...   # prints the files that change
//   node tools/editor/frontmatter.mjs tidy KEYS FILE...        # writes them as the editor would
//
// `keys`: the order of the fields in the editor's form (Decap sorts by it when saving).
import fs from "node:fs";
import matter from "gray-matter";
import yaml from "yaml";

function sortKeys(sortedKeys) {
  return (a, b) => {
    const idxA = sortedKeys.indexOf(a.key?.toString());
    const idxB = sortedKeys.indexOf(b.key?.toString());
    if (idxA === -1 || idxB === -1) return 0;
    return idxA > idxB ? 1 : idxA < idxB ? -1 : 0;
  };
}

const engines = {
  yaml: {
    parse(input) {
      const doc = yaml.parseDocument(input, { prettyErrors: true });
      if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
      return doc.toJSON();
    },
    stringify(metadata, opts = {}) {
      const contents = yaml.createNode(metadata);
      contents.items.sort(sortKeys(opts.sortedKeys || []));
      const doc = new yaml.Document();
      doc.contents = contents;
      return doc.toString();
    },
  },
};

export function toFile(data, keys, body = "") {
  const trimLastLineBreak = body.slice(-1) !== "\n";
  const file = matter.stringify(body, data, { engines, sortedKeys: keys, language: "yaml", delimiters: "---" });
  return trimLastLineBreak && file.slice(-1) === "\n" ? file.slice(0, -1) : file;
}

export function fromFile(text) {
  const result = matter(text, { engines, language: "yaml", delimiters: "---" });
  return { data: result.data, body: result.content };
}

const [command, ...files] = process.argv.slice(2);
if (command === "write") {
  const records = JSON.parse(fs.readFileSync(0, "utf8"));
  for (const { path, data, keys, body } of records) fs.writeFileSync(path, toFile(data, keys, body));
} else if (command === "roundtrip" || command === "tidy") {
  // Parse and write again, as the editor does when an item is saved without a change.
  const keysFile = files.shift();
  const keysOf = JSON.parse(fs.readFileSync(keysFile, "utf8"));
  for (const path of files) {
    const text = fs.readFileSync(path, "utf8");
    const { data, body } = fromFile(text);
    matter.clearCache();
    const saved = toFile(data, keysOf[path] || [], body);
    if (saved === text) continue;
    if (command === "tidy") fs.writeFileSync(path, saved);
    console.log(path);
  }
}
