// A translator's confirmation: the press release opened, in the Russian pane the tick box "This
// translation matches the current English" ticked, then "Publish now".
// Usage: node tests/tools/editor_confirm.mjs EDITOR_URL ENTRY_PATH [SCREENSHOT_FOLDER]
// Prints JSON {errors, saved}.
import { openEditor } from "./editor_session.mjs";

const [url, entry, shots] = process.argv.slice(2);
const { browser, page, errors, login } = await openEditor(url);
await login();
await page.goto(`${url}#/${entry}`);
await page.waitForSelector('[id^="title-field-"]');
const box = page.locator('[id^="translation_current-field-"]').nth(1); // the Russian pane's
await box.scrollIntoViewIfNeeded();
await box.click();
if (shots) await page.screenshot({ path: `${shots}/editor-confirm.png` });
await page.click("text=Publish");
await page.click("text=Publish now");
const saved = await page
  .waitForSelector("text=Unsaved changes", { state: "detached", timeout: 15000 })
  .then(() => true, () => false);
await browser.close();
console.log(JSON.stringify({ errors, saved }));
