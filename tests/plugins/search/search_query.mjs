// Searches on a search page in Chromium and prints JSON {count, links, errors}.
// Usage: node tests/plugins/search/search_query.mjs SEARCH_PAGE_URL "words"
import { chromium } from "playwright-core";

const [url, words] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const page = await browser.newPage();
const errors = [];
page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
page.on("pageerror", (error) => errors.push(String(error)));
await page.goto(url);
await page.fill("#search-query", words);
await page.click(".search-form button");
await page.waitForSelector(".search-results__count", { timeout: 15000 });
const links = await page.$$eval(".search-results a", (as) => as.map((a) => new URL(a.href).pathname));
const count = await page.textContent(".search-results__count");
const filters = await page.$$eval("#search-type option", (os) => os.map((o) => o.textContent));
await browser.close();
console.log(JSON.stringify({ count, links, errors, filters }));
