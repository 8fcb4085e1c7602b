// Drives the browser editor (Decap CMS, tools/editor) in Chromium as a writer would: a new
// press release in English with its Russian and Tajik versions side by side, a photo uploaded
// with its description, then "Publish now"; no date typed (a new item's is now in Dushanbe).
// First published with required fields empty and a wrong web address: the message names the
// fields, and the form scrolls to the first. Prints JSON {errors, fieldError, named, scrolled,
// shownDate, saved, offsite}.
// Usage: node tests/tools/editor_flow.mjs EDITOR_URL PHOTO [SCREENSHOT_FOLDER]
import { openEditor } from "./editor_session.mjs";

const [url, photo, shots] = process.argv.slice(2);
const { browser, page, errors, login } = await openEditor(url);
const offsite = [];
page.on("request", (request) => {
  const host = new URL(request.url()).hostname;
  if (!["127.0.0.1", "localhost"].includes(host) && !request.url().startsWith("data:") && !request.url().startsWith("blob:")) offsite.push(request.url());
});
const shot = async (name) => { if (shots) await page.screenshot({ path: `${shots}/${name}.png` }); };

await login();
await shot("editor-collections");
await page.goto(url + "#/collections/press/new");
await page.waitForSelector('[id^="title-field-"]');

// pane 0: English; pane 1: the other language, switched with its "Writing in" menu
const field = (name, pane) => page.locator(`[id^="${name}-field-"]`).nth(pane);
async function fill(pane, values) {
  for (const [name, value] of Object.entries(values)) {
    if (name === "body") await page.locator(".cms-editor-raw [role=\"textbox\"]").nth(pane).fill(value);
    else {
      const input = field(name, pane);
      await input.fill("");
      await input.fill(value);
    }
  }
}

// the date a new item starts with, as the form shows it
const shownDate = await field("date", 0).inputValue();

// A field error: the web address with capitals and spaces, the dateline and the press contact
// empty, then Publish
await fill(0, { title: "Hotline training for border guards", slug: "Hotline Training" });
await page.locator(".cms-editor-raw [role=\"textbox\"]").first().scrollIntoViewIfNeeded();
await page.click("text=Publish");
await page.click("text=Publish now");
const toast = page.locator(".Toastify__toast-body").first();
await toast.waitFor();
await page.waitForTimeout(500);
const named = await toast.textContent();
const fieldError = await page.locator("text=Use lower-case latin letters, digits and hyphens only").first().isVisible();
// scrolled to the first field with an error: its error list is in view
const scrolled = await page.evaluate(() => {
  const first = [...document.querySelectorAll('[class*="ControlErrorsList"]')].find((list) => list.textContent.trim());
  if (!first) return null;
  const box = first.getBoundingClientRect();
  return { text: first.textContent, inView: box.top >= 0 && box.bottom <= innerHeight, focused: document.activeElement && document.activeElement.id };
});
await shot("editor-field-error");
await page.evaluate(() => document.querySelectorAll(".Toastify__close-button").forEach((b) => b.click()));

await fill(0, {
  slug: "hotline-training-border-guards-2026",
  dateline: "Dushanbe",
  summary: "IOM trained border guards to refer people at risk to the hotline.",
  image_alt: "Border guards in a classroom listen to an IOM trainer",
  image_caption: "The training in Dushanbe",
  body: "IOM Tajikistan trained 20 border guards in Dushanbe.\n\nThe training explained the hotline.",
  contact_name: "IOM Tajikistan",
  contact_phone: "+992 372 21 03 02",
});
// the section: one of the sections' list (a choice, typed and chosen)
await field("section", 0).click();
await page.keyboard.type("Counter");
await page.keyboard.press("Enter");

// the photo: the media library, upload, choose
await page.locator("text=Choose an image").first().click();
await page.setInputFiles('input[type="file"]', photo);
await page.waitForTimeout(1500);
await page.locator("text=Choose selected").click();
await page.waitForTimeout(500);

await fill(1, {
  title: "Обучение пограничников работе с горячей линией",
  slug: "obuchenie-pogranichnikov-goryachaya-liniya-2026",
  dateline: "Душанбе",
  summary: "МОМ обучила пограничников направлять людей из группы риска на горячую линию.",
  image_alt: "Пограничники в классе слушают тренера МОМ",
  body: "МОМ в Таджикистане обучила 20 пограничников в Душанбе.",
  contact_name: "МОМ в Таджикистане",
  contact_phone: "+992 372 21 03 02",
});
await shot("editor-side-by-side");
await page.locator("text=Writing in RU").click();
await page.getByRole("menuitem", { name: "TG" }).click();
await page.waitForTimeout(500);
await fill(1, {
  title: "Омӯзиши сарҳадбонон оид ба хати боварӣ",
  slug: "omuzishi-sarhadbonon-khati-bovari-2026",
  dateline: "Душанбе",
  summary: "СБМ сарҳадбононро омӯзонд, ки одамони дар хатарбударо ба хати боварӣ равон кунанд.",
  image_alt: "Сарҳадбонон дар синф ба тренери СБМ гӯш медиҳанд",
  body: "СБМ дар Тоҷикистон 20 сарҳадбононро дар Душанбе омӯзонд.",
  contact_name: "СБМ дар Тоҷикистон",
  contact_phone: "+992 372 21 03 02",
});
await page.click("text=Publish");
await page.click("text=Publish now");
const saved = await page
  .waitForSelector("text=Unsaved changes", { state: "detached", timeout: 15000 })
  .then(() => true, () => false);
const problems = await page.evaluate(() => [...document.querySelectorAll('[class*="ControlErrorsList"] li')].map((e) => `form: ${e.textContent}`).slice(0, 10));
errors.push(...problems);
await page.evaluate(() => window.scrollTo(0, 0));
// (for the screenshot: an error in view if there is one; once saved there is none, and
// without a timeout of its own the wait for it took Playwright's 30 s every run)
await page.locator("[class*=ControlErrorsList], [class*=ErrorMessage]").first().scrollIntoViewIfNeeded({ timeout: 500 }).catch(() => {});
await shot("editor-published");
await browser.close();
console.log(JSON.stringify({ errors, fieldError, named, scrolled, shownDate, saved, offsite }));
