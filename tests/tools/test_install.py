"""`pip install .` (not editable) installs every module of the project, with the files its
modules read, and the site builds from the installed package alone."""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import ROOT, FixtureSite


def test_pip_install_gives_every_module_and_the_site_builds_from_it(tmp_path):
    source = tmp_path / "source"  # pip builds in the source folder: not in the working tree
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("core", "plugins", "tools"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = tmp_path / "venv"
    # a venv without a pip of its own (making one cost 6 CPU-s): the project's pip installs
    # into it (pip's --python), as the venv's own pip would
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env)], check=True)
    python = env / "bin" / "python"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    site_packages = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # every module and data file of core/, plugins/ and tools/ is there
    for folder in ("core", "plugins", "tools"):
        wanted = {
            p.relative_to(ROOT / folder).as_posix()
            for p in (ROOT / folder).rglob("*")
            if p.is_file() and p.suffix in (".py", ".css", ".mjs") and "__pycache__" not in p.parts
        }
        got = {
            p.relative_to(site_packages / "iomsite" / folder).as_posix()
            for p in (site_packages / "iomsite" / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
        assert wanted <= got, sorted(wanted - got)
    # the dependencies are this project's own (the test installs no others), our code the installed copy
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.check_output(
        [str(python), "-c", "import iomsite.plugins; print(iomsite.plugins.__file__)"],
        text=True,
        cwd=tmp_path,
    )
    assert where.startswith(str(site_packages)), where
    site = FixtureSite(tmp_path / "site", content="real")
    built = subprocess.run(
        [
            str(python),
            "-m",
            "iomsite.tools.build",
            "--settings",
            str(site.settings),
            "--output",
            str(site.output),
            "--no-search",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site.output / "index.html").exists() and (site.output / "ru" / "index.html").exists()
