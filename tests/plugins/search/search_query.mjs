// Searches on a search page in Chromium and prints JSON {count, links, errors, filters, archives}. Given
// several pages and words, one browser searches them all, each in a fresh context of its own
// (nothing of one search is left for the next), and prints a JSON list: starting Chromium
// costs two CPU-seconds, a search a fraction of that.
// Usage: node tests/plugins/search/search_query.mjs SEARCH_PAGE_URL "words" [SEARCH_PAGE_URL "words"...]
import { launch } from "../../../tools/check/release_browser.mjs";

const queries = process.argv.slice(2);
const browser = await launch();
const found = [];
for (let n = 0; n < queries.length; n += 2) {
  const [url, words] = queries.slice(n, n + 2);
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(url);
  await page.fill("#search-query", words);
  await page.click(".search-form button");
  await page.waitForSelector(".search-results__count", { timeout: 15000 });
  const links = await page.$$eval(".search-results li a", (as) => as.map((a) => new URL(a.href).pathname));
  const count = await page.textContent(".search-results__count");
  const filters = await page.$$eval("#search-type option", (os) => os.map((o) => o.textContent));
  // the link to the archives under "Nothing found"
  const archives = await page.$$eval(".search-results > p a", (as) => as.map((a) => new URL(a.href).pathname));
  found.push({ count, links, errors, filters, archives });
  await context.close();
}
await browser.close();
console.log(JSON.stringify(queries.length === 2 ? found[0] : found));
