"""What an operator reads: `invoke --list`, the set-up's output, the releases kept."""

import os
import signal
import subprocess
import sys
import time

from conftest import MINIMAL_PRESS, ROOT, run_module


def test_invoke_list_says_each_task_in_a_whole_sentence():
    listed = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "invoke"), "--list"], cwd=ROOT, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    entries, current = [], None
    for line in listed.stdout.splitlines()[2:]:
        if line.startswith("  ") and not line.startswith("   "):  # a task: name, then its help
            current = line.split(None, 1)
            entries.append(current)
        elif line.strip() and current is not None:
            current[-1] += " " + line.strip()
    assert len(entries) >= 15 and any(name == "go-live" for name, _ in entries)
    for name, text in entries:
        assert text.endswith("."), f"invoke --list cuts the help of {name}: {text!r}"


def test_a_quiet_step_prints_nothing_when_it_succeeds_and_everything_when_it_fails(tmp_path):
    script = f". {ROOT / 'scripts' / 'quietly'}\nquietly sh -c 'echo npm warn peer; exit 0'\n" + (
        "quietly sh -c 'echo the reason it failed; exit 3'\necho not reached\n"
    )
    proc = subprocess.run(["sh", "-eu", "-c", script], capture_output=True, text=True)
    assert proc.returncode == 3 and "npm warn" not in proc.stdout + proc.stderr
    assert "the reason it failed" in proc.stderr and "not reached" not in proc.stdout


def test_publish_keeps_the_last_releases_it_is_told_to(tmp_path):
    from iomsite.tools.publish import keep_releases, prune

    releases = tmp_path / "releases"
    names = [f"20261201-0{hour}0000-000000" for hour in range(8)]
    for name in names:
        (releases / name).mkdir(parents=True)
    (releases / "published.json").write_text("{}")
    left, running = (
        releases / ".unchecked-20261201-000000-000000",
        releases / ".unchecked-20261201-090000-000000",
    )
    left.mkdir()
    running.mkdir()
    os.utime(left, (time.time() - 7200, time.time() - 7200))  # left by a publish killed two hours ago
    public = tmp_path / "public"
    public.symlink_to(releases / names[1])  # rolled back to an old one: kept whatever its age
    prune(releases, public, keep_releases({}))
    kept = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    assert kept == [names[1], *names[3:]] and (releases / "published.json").exists()
    assert not left.exists() and running.exists(), "a publish still running keeps its folder"
    assert keep_releases({"PUBLISH_KEEP_RELEASES": 1}) == 2, "never fewer than one to roll back to"


def test_a_publish_killed_during_its_checks_leaves_no_release_to_deploy(fixture_site, tmp_path):
    fixture_site.write("press/ok.md", MINIMAL_PRESS)
    public = tmp_path / "public"
    command = [sys.executable, "-m", "iomsite.tools.publish", "--settings", str(fixture_site.settings),
               "--public", str(public), "--only", "links,feeds"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True)
    for line in proc.stdout:
        if "Checking" in line:
            os.killpg(proc.pid, signal.SIGKILL)  # the build is done, the checks are running
            break
    proc.wait()
    releases = tmp_path / "releases"
    assert not public.exists() and [p.name for p in releases.iterdir() if not p.name.startswith(".")] == []
    unchecked = next(releases.glob(".unchecked-*"))
    refused = run_module(
        "iomsite.tools.deploy", "--settings", fixture_site.settings, "--public", public,
        "--release", unchecked.name, "--target", tmp_path / "host",
    )  # fmt: skip
    assert refused.returncode == 1 and f"there is no release '{unchecked.name}'" in refused.stdout
    assert "(kept releases: none)" in refused.stdout and not (tmp_path / "host").exists()
