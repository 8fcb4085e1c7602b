// Prints JSON {selector: computed display} for a page rendered for print in Chromium.
// Usage: node tests/plugins/newsletter/print_styles.mjs URL SELECTOR...
import { launch } from "../../../tools/check/release_browser.mjs";

const [url, ...selectors] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
await page.goto(url);
await page.emulateMedia({ media: "print" });
const result = {};
for (const selector of selectors) {
  result[selector] = await page.$eval(selector, (el) => getComputedStyle(el).display).catch(() => null);
}
result["a-after"] = await page.$eval(".prose a[href^='http']", (el) => getComputedStyle(el, "::after").content).catch(() => null);
await browser.close();
console.log(JSON.stringify(result));
