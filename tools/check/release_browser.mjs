// Pages of a release seen as a reader will see them once published, without the network.
//
// Pages are opened at the site's public address (SITE_PUBLIC_URL); every request for that
// address is answered from the release, through the local server that serves its folder
// (with the host's headers, tools/localserver.py). Every other request is refused and
// noted, as is every file of the site that the release lacks: nothing leaves the machine.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

// Debian's headless shell (package chromium-headless-shell): the same Blink, without the
// desktop browser around it, at about two thirds of the CPU for the same pages (the suite's
// browser tests: 502 -> 340 CPU-s; bench/README.md). Debian's full chromium if that is all
// the machine has; CHROMIUM names another.
const BROWSERS = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"];

function chromiumPath() {
  return process.env.CHROMIUM || BROWSERS.find((path) => existsSync(path)) || BROWSERS[0];
}

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

export async function launch() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

// A browser context whose every request goes to the release at `local` (http://127.0.0.1:N)
// when it is for `site` (https://www.iom.tj). `problems` collects, per page being checked
// (set `problems.page`), the requests refused and the site's files that were not found.
export async function releaseContext(browser, site, local, options = {}) {
  const origin = new URL(site).origin;
  const context = await browser.newContext(options);
  const problems = { page: "", list: [] };
  const note = (kind, url, detail) => problems.list.push({ page: problems.page, kind, url, detail });
  await context.route("**/*", async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.origin !== origin) {
      note("refused", request.url(), request.resourceType());
      return route.abort("blockedbyclient");
    }
    let response;
    try {
      response = await fetch(local + url.pathname + url.search, {
        method: request.method(), redirect: "manual",
        headers: { "accept-language": request.headers()["accept-language"] || "" },
      });
    } catch (error) {
      note("failed", request.url(), String(error));
      return route.abort("failed");
    }
    if (response.status >= 400) note("missing", request.url(), `${response.status} ${request.resourceType()}`);
    const headers = Object.fromEntries(response.headers);
    delete headers["content-length"];  // fulfil sets it from the body
    return route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  });
  return { context, problems };
}
