// Run axe-core on pages of a served site in headless Chromium (Debian's package), with
// playwright-core. Usage: node tools/check/axe.mjs BASE_URL PATH... ; prints JSON results.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [base, ...paths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
// bypassCSP: the site forbids inline scripts, and axe is injected as one
const context = await browser.newContext({ bypassCSP: true });
const page = await context.newPage();
const results = [];
for (const path of paths) {
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(base + path, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const outcome = await page.evaluate(async () => await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }));
    results.push({ path, width, violations: outcome.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })) });
  }
}
await browser.close();
console.log(JSON.stringify(results));
