"""The newsletter PDFs' cost: the time one build spends making them, and their sizes.

python bench/pdf.py   (builds the real site twice into a temporary folder: PDFs made, then from the cache)
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(settings: Path, output: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "iomsite.tools.build",
            "--settings",
            str(settings),
            "--output",
            str(output),
            "--full",
            "--no-search",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "content", work / "content")
        for name in ("theme", "plugins", "i18n"):
            (work / name).symlink_to(ROOT / name)
        conf = (ROOT / "pelicanconf.py").read_text()
        (work / "with.py").write_text(conf)
        (work / "without.py").write_text(conf + "\nNEWSLETTER_PDF = False\n")
        build(work / "with.py", work / "warm")  # images and templates cached for both
        shutil.rmtree(work / "cache" / "pdf", ignore_errors=True)
        without = min(build(work / "without.py", work / f"out-{i}") for i in range(3))
        made = build(work / "with.py", work / "made")  # PDFs made
        cached = min(build(work / "with.py", work / f"cached-{i}") for i in range(3))
        print(
            f"full build without PDFs: {without:.2f} s; making the PDFs adds {made - without:.2f} s; "
            f"from the cache: +{cached - without:.2f} s"
        )
        for pdf in sorted((work / "made").rglob("*.pdf")):
            print(f"  {pdf.relative_to(work / 'made')}: {pdf.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
