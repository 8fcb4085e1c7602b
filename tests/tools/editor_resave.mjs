// Opens items in the browser editor, adds " (edited)" to the English title (the editor saves
// only an item with a change), and publishes: a writer's correction of one field.
// Usage: node tests/tools/editor_resave.mjs EDITOR_URL ENTRY_PATH...   (e.g. collections/press/entries/x)
// Prints JSON {errors, saved: [entry paths published]}.
import { openEditor } from "./editor_session.mjs";

const [url, ...entries] = process.argv.slice(2);
const { browser, page, errors, login } = await openEditor(url);
await login();
const saved = [];
for (const entry of entries) {
  await page.goto(`${url}#/${entry}`);
  await page.reload(); // a fresh editor per item (the app keeps a draft across address changes)
  const title = page.locator('[id^="title-field-"]').first();
  await title.waitFor();
  await title.fill((await title.inputValue()) + " (edited)");
  await page.click("text=Publish");
  await page.click("text=Publish now");
  // saved: the header's "Unsaved changes" goes (a toast may still show the previous item's)
  await page.waitForSelector("text=Unsaved changes", { state: "detached", timeout: 15000 }).then(
    () => saved.push(entry),
    async () => {
      errors.push(`${entry}: not saved`);
      if (process.env.SHOTS) await page.screenshot({ path: `${process.env.SHOTS}/not-saved.png` });
    },
  );
}
await browser.close();
console.log(JSON.stringify({ errors, saved }));
