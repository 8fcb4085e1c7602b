// Measures pages in headless Chromium for tests/site/test_layout.py and prints JSON: one result
// per task, in order.
// Usage: node tests/site/layout_probe.mjs BASE_URL TASKS_JSON
// A task: {path, width, probe, forced?: true, javascript?: false, waitFor?: selector,
//          selectors?: [...]}; the probes are below.
import { launch } from "../../tools/check/release_browser.mjs";

const [base, tasksJson] = process.argv.slice(2);
const tasks = JSON.parse(tasksJson);

const probes = {
  // The page is no wider than the window (nothing to scroll sideways).
  overflow: () => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }),
  // The boxes of the elements each selector finds: {selector: [{x, y, width, height}]}.
  boxes: (selectors) => {
    const found = {};
    for (const selector of selectors) {
      found[selector] = Array.from(document.querySelectorAll(selector)).map((el) => {
        const box = el.getBoundingClientRect();
        return { x: box.x, y: box.y, width: box.width, height: box.height, right: box.right, bottom: box.bottom };
      });
    }
    return found;
  },
  // The computed borders of the first element each selector finds: {selector: {top, right,
  // bottom, left}}, each side as "width style" ("2px solid"), or null if nothing is found.
  borders: (selectors) => {
    const found = {};
    for (const selector of selectors) {
      const el = document.querySelector(selector);
      if (!el) { found[selector] = null; continue; }
      const style = getComputedStyle(el);
      found[selector] = Object.fromEntries(["top", "right", "bottom", "left"].map((side) => [
        side, `${style.getPropertyValue(`border-${side}-width`)} ${style.getPropertyValue(`border-${side}-style`)}`,
      ]));
    }
    return found;
  },
  // Whether each selector's first element is shown (has a box).
  shown: (selectors) => Object.fromEntries(selectors.map((selector) => {
    const el = document.querySelector(selector);
    return [selector, !!el && el.getClientRects().length > 0];
  })),
};

const browser = await launch();
// One page per window width (and with or without JavaScript), each task a new navigation in
// it: a new page costs about 180 ms in Chromium, more than most loads here.
const pages = {};
const results = [];
let errors = [];
for (const task of tasks) {
  const key = `${task.width}/${task.javascript !== false}`;
  if (!pages[key]) {
    const context = await browser.newContext({
      viewport: { width: task.width, height: 800 },
      javaScriptEnabled: task.javascript !== false,
    });
    pages[key] = await context.newPage();
    pages[key].on("pageerror", (error) => errors.push(String(error)));
  }
  const page = pages[key];
  errors = [];
  await page.emulateMedia({ forcedColors: task.forced ? "active" : "none" });
  const response = await page.goto(base + task.path);
  if (task.waitFor) await page.waitForSelector(task.waitFor, { timeout: 15000 });
  const value = await page.evaluate(probes[task.probe], task.selectors || []);
  results.push({ path: task.path, width: task.width, status: response.status(), errors, value });
}
await browser.close();
console.log(JSON.stringify(results));
