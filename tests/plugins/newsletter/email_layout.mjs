// Lays out an e-mail edition in Chromium at each width and prints JSON, one entry per width:
// {width, scrollWidth, container (the width of the widest table), cut (elements with text that
// reach past the viewport's right edge)}; with SCREENSHOTS=folder, a full-page PNG per width.
// Nothing is fetched: the file is read as it is, every other request is refused.
// Usage: node tests/plugins/newsletter/email_layout.mjs FILE.html WIDTH...
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { basename } from "node:path";

const [file, ...widths] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const results = [];
for (const width of widths.map(Number)) {
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
  results.push({ width, ...measured });
  await page.close();
}
await browser.close();
console.log(JSON.stringify(results));
