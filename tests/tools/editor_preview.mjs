// The editor's preview pane in Chromium: a press release opened, the preview turned on; what the
// preview shows is read from its page (the page the site's build made: its <title>, its date as
// published, the site's header), in English, then with the pane in Russian; a sentence typed
// into the text appears in the preview; the phone width. Prints JSON
// {errors, english, russian, typed, phone, seconds}.
// Usage: node tests/tools/editor_preview.mjs EDITOR_URL ENTRY_PATH [SCREENSHOT_FOLDER]
import { openEditor } from "./editor_session.mjs";

const [url, entry, shots] = process.argv.slice(2);
const { browser, page, errors, login } = await openEditor(url, { width: 1600, height: 1000 });
const shot = async (name) => { if (shots) await page.screenshot({ path: `${shots}/${name}.png` }); };
await login();
await page.goto(`${url}#/${entry}`);
await page.waitForSelector('[id^="title-field-"]');
await page.click('button[title="Toggle preview"]');
const pane = page.frameLocator("#preview-pane");

// the state of the preview once it shows a page (or problems) made after `since`
async function shown(since = 0) {
  await pane.locator(`.iom-preview[data-state="page"][data-made]`).waitFor({ timeout: 120000 });
  const handle = await page.waitForFunction(
    (since) => {
      const frame = document.querySelector("#preview-pane").contentDocument;
      const preview = frame.querySelector(".iom-preview");
      const inner = frame.querySelector(".iom-preview iframe");
      const doc = inner && inner.contentDocument;
      if (!preview || preview.dataset.state !== "page" || Number(preview.dataset.made) <= since) return null;
      if (inner.contentWindow.location.search !== `?v=${preview.dataset.made}`) return null; // still the previous page
      if (!doc || doc.readyState !== "complete" || !doc.querySelector("h1")) return null;
      return {
        made: Number(preview.dataset.made),
        seconds: Number(preview.dataset.seconds),
        address: inner.contentWindow.location.pathname,
        lang: doc.documentElement.lang,
        title: doc.title,
        h1: doc.querySelector("h1").textContent.trim(),
        time: [...doc.querySelectorAll("main time")].map((t) => [t.getAttribute("datetime"), t.textContent.trim()]),
        header: (doc.querySelector("header") || {}).textContent || "",
        stylesheets: [...doc.querySelectorAll('link[rel="stylesheet"]')].map((l) => l.getAttribute("href")),
        styled: getComputedStyle(doc.body).fontFamily,
        text: doc.querySelector("main").textContent,
        width: inner.getBoundingClientRect().width,
        innerWidth: inner.contentWindow.innerWidth,
      };
    },
    since,
    { timeout: 120000, polling: 200 },
  );
  return handle.jsonValue();
}

const english = await shown();
await shot("editor-preview");

// the left pane written in Russian: the preview is the Russian page
await page.locator("text=Writing in EN").first().click();
await page.getByRole("menuitem", { name: "RU" }).click();
const russian = await shown(english.made);

// a sentence typed at the end of the Russian text appears in the preview
const box = page.locator('.cms-editor-raw [role="textbox"]').first();
await box.click();
await page.keyboard.press("Control+End");
const sentence = "Проверка предварительного просмотра.";
await page.keyboard.type(`\n\n${sentence}`);
const started = Date.now();
let typed = await shown(russian.made);
while (!typed.text.includes(sentence) && Date.now() - started < 60000) typed = await shown(typed.made);
typed.found = typed.text.includes(sentence);
typed.wait = (Date.now() - started) / 1000;
await shot("editor-preview-russian");

// phone width
await pane.locator("button", { hasText: "390" }).click();
await page.waitForTimeout(300);
const phone = await page.evaluate(() => {
  const inner = document.querySelector("#preview-pane").contentDocument.querySelector(".iom-preview iframe");
  return { innerWidth: inner.contentWindow.innerWidth };
});
await shot("editor-preview-phone");
await browser.close();
for (const found of [english, russian, typed]) delete found.text;
console.log(JSON.stringify({ errors, english, russian, typed, phone }));
