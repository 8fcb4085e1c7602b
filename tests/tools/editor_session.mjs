// The browser editor open and logged in, in headless Chromium, for the editor's test drivers
// (editor_flow.mjs, editor_resave.mjs, editor_data.mjs, editor_preview.mjs). `errors` collects the
// page's uncaught errors and what it logs as an error in the console (React reports an error
// in a component there, e.g. "this.props.onLocaleChange is not a function").
import { launch } from "../../tools/check/release_browser.mjs";

export async function openEditor(url, viewport = { width: 1600, height: 1000 }) {
  const browser = await launch();
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String((error && error.stack) || error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return { browser, page, errors, login: () => login(page, url) };
}

async function login(page, url) {
  await page.goto(url);
  await page.click("text=Login");
  await page.waitForSelector("text=Press releases");
}
