"""Which headless Chromium the checks and screenshots run: Debian's headless shell (package
chromium-headless-shell), the same Blink as the desktop browser without the desktop around
it, at about two thirds of its CPU; Debian's full `chromium` if that is all the machine has;
the CHROMIUM environment variable names another. The Node scripts choose the same way
(tools/check/release_browser.mjs)."""

import os
from pathlib import Path

BROWSERS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def chromium_path() -> str | None:
    """The browser's program, or None when the machine has none."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    return next((path for path in BROWSERS if Path(path).exists()), None)
