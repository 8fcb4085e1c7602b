// Opens a preview page in Chromium, prints "ready", then waits (without navigating) until the
// page shows WORDS, as it does once the preview's reload script has reloaded it.
// Prints JSON {found, errors}. Usage: node preview_reload.mjs URL "words"
import { launch } from "../../tools/check/release_browser.mjs";

const [url, words] = process.argv.slice(2);
const browser = await launch();
const page = await browser.newPage();
const errors = [];
page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
page.on("pageerror", (error) => errors.push(String(error)));
await page.goto(url);
await page.waitForFunction(() => document.readyState === "complete");
console.log("ready");
let found = true;
try {
  await page.waitForFunction((w) => document.body && document.body.innerText.includes(w), words, { timeout: 30000 });
} catch {
  found = false;
}
await browser.close();
console.log(JSON.stringify({ found, errors }));
