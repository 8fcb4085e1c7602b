// Opens the hotlines list in the browser editor, unfolds the first hotline, sets its
// "Confirmed" date (what a writer does after calling the number) and publishes.
// Usage: node tests/tools/editor_data.mjs EDITOR_URL DATE [SCREENSHOT_FOLDER]
// Prints JSON {errors, input, saved}.
import { openEditor } from "./editor_session.mjs";

const [url, date, shots] = process.argv.slice(2);
const { browser, page, errors, login } = await openEditor(url, { width: 1400, height: 1000 });
await login();
await page.goto(`${url}#/collections/data/entries/hotlines`);
await page.waitForSelector("text=1 hotline");
await page.locator('button[aria-label="Expand"]').first().click(); // the folded hotline unfolds
const confirmed = page.locator('[id^="confirmed-field-"]').first();
await confirmed.waitFor();
const input = await confirmed.evaluate((element) => ({ type: element.type, value: element.value }));
await confirmed.fill(date);
if (shots) await page.screenshot({ path: `${shots}/editor-hotline.png` });
await page.click("text=Publish");
await page.click("text=Publish now");
const saved = await page
  .waitForSelector("text=Unsaved changes", { state: "detached", timeout: 15000 })
  .then(() => true, () => false);
if (shots) await page.screenshot({ path: `${shots}/editor-hotline-saved.png` });
await browser.close();
console.log(JSON.stringify({ errors, input, saved }));
