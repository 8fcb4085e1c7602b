"""Screenshots of built pages in headless Chromium (tools/browser.py), for review and docs.

python -m iomsite.tools.screenshot OUTPUT_DIR SHOTS_DIR name=url-path[@width] ...
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from iomsite.tools.browser import chromium_path
from iomsite.tools.localserver import serve

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def screenshot(url: str, target: Path, width: int = 390, height: int = 1600) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium_path() or "chromium",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={target}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main(argv):
    output, shots, *specs = argv
    server = serve(Path(output))
    Path(shots).mkdir(parents=True, exist_ok=True)
    for spec in specs:
        name, _, rest = spec.partition("=")
        path, _, size = rest.partition("@")
        width, _, height = (size or "390x1600").partition("x")
        url = f"http://127.0.0.1:{server.server_port}/{path.lstrip('/')}"
        screenshot(url, Path(shots) / f"{name}.png", int(width), int(height or 1600))
    server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
