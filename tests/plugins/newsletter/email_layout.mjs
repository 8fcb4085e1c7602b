// Lays out e-mail editions in Chromium (one browser for all) at each width and prints JSON, one
// entry per file and width: {file, width, scrollWidth, container (the width of the widest
// table), cut (elements with text that reach past the viewport's right edge)}; with
// SCREENSHOTS=folder, a full-page PNG per file and width. Nothing is fetched: the file is read
// as it is, every other request is refused.
// Usage: node tests/plugins/newsletter/email_layout.mjs FILE.html... WIDTH...
import { launch } from "../../../tools/check/release_browser.mjs";
import { pathToFileURL } from "node:url";
import { basename } from "node:path";

const args = process.argv.slice(2);
const files = args.filter((arg) => !/^\d+$/.test(arg));
const widths = args.filter((arg) => /^\d+$/.test(arg));
const browser = await launch();
const results = [];
for (const file of files) for (const width of widths.map(Number)) {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const address = pathToFileURL(file).href;
  await page.route("**/*", (route) => (route.request().url() === address ? route.continue() : route.abort()));
  await page.goto(address);
  const measured = await page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const cut = [];
    for (const element of document.body.querySelectorAll("*")) {
      const box = element.getBoundingClientRect();
      const hidden = getComputedStyle(element).display === "none" || box.width === 0;
      if (!hidden && box.right > viewport + 0.5 && element.textContent.trim()) {
        cut.push(element.tagName + ": " + element.textContent.trim().slice(0, 40));
      }
    }
    const tables = [...document.querySelectorAll("table")].map((t) => t.getBoundingClientRect().width);
    return { scrollWidth: document.documentElement.scrollWidth, container: Math.min(...tables.filter((w) => w > 0)), cut };
  });
  if (process.env.SCREENSHOTS) {
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/${basename(file)}-${width}.png`, fullPage: true });
  }
  results.push({ file, width, ...measured });
  await page.close();
}
await browser.close();
console.log(JSON.stringify(results));
