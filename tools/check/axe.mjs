// Run axe-core on pages of a release in headless Chromium (Debian's package), each page seen
// at the site's public address with the release's own files (release_browser.mjs).
// Usage: node tools/check/axe.mjs SITE_URL LOCAL_URL PATH... ; prints JSON results.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch, releaseContext } from "./release_browser.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [site, local, ...paths] = process.argv.slice(2);
const browser = await launch();
// No bypassCSP: the page is checked under its own Content-Security-Policy, as readers get it;
// axe is evaluated through the DevTools protocol, which the policy does not govern.
const { context, problems } = await releaseContext(browser, site, local);
// What the page's policy blocks while it loads (axe, once injected, trips the policy itself).
await context.addInitScript(() => {
  window.__blocked = [];
  document.addEventListener("securitypolicyviolation", (e) => window.__blocked.push(
    `${e.effectiveDirective} refused ${e.blockedURI || "inline code"}${e.lineNumber ? ` (line ${e.lineNumber})` : ""}`));
});
const page = await context.newPage();
const results = [];
// Each page is loaded once, at the narrow width, and checked again at the wide one after the
// window is widened: the pages' layout is CSS alone (no script reads the width), so the wide
// check sees what a wide load shows, and each page costs one load and one injection of axe.
// Only violations are reported: with resultTypes axe works out the selectors and details of
// those alone, not of every element that passed (axe's API guide, "Performance").
const rules = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  resultTypes: ["violations"],
};
for (const path of paths) {
  problems.page = path;
  let status = 0, blocked = [];
  for (const width of [390, 1280]) {
    try {
      await page.setViewportSize({ width, height: 900 });
      if (width === 390) {
        const response = await page.goto(new URL(path, site).href, { waitUntil: "load" });
        status = response ? response.status() : 0;
        await page.waitForTimeout(50);  // violation events are dispatched after the fact
        blocked = await page.evaluate(() => window.__blocked);
        await page.evaluate(axeSource);
      } else {
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      }
      const outcome = await page.evaluate(async (options) => await axe.run(document, options), rules);
      results.push({ path, width, status, csp: blocked,
        violations: outcome.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
        })) });
    } catch (error) {
      // e.g. the page navigated away by itself while it was checked
      results.push({ path, width, status: 0, csp: [], violations: [], error: String(error.message || error).split("\n")[0] });
    }
  }
}
await browser.close();
console.log(JSON.stringify({ results, problems: problems.list }));
