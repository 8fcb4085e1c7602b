"""`invoke deploy` against real servers the tests start on 127.0.0.1 and stop: an S3-compatible
object store (moto's server mode) and an SSH server (Debian's openssh-server, rsync, a
throw-away key). Nothing leaves the machine."""

import getpass
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, free_port, run_module

KEPT_OF_THE_INDEX = ("pagefind-entry.json", "shards.json")  # the search index's entry points


def english_half(site_folder: Path):
    """What copytree leaves out of the real site for these releases: what publishing leaves
    out, the Russian and Tajik pages, and the search index but its entry points. A deploy's
    behaviour (what is sent, with which headers, in which order, what may be deleted, a deploy
    stopped half-way) does not depend on the site's size, and the whole site's 430 files made
    each deploy and each read of the bucket cost seconds of CPU (this file: 112 CPU-s). The
    half keeps every kind of file (pages, feeds, stylesheet, images, a PDF, the hosts' files),
    and fewer than 50 files that pages need, so that the deploy stopped at its 50th file has
    sent pages too (with the whole site it was stopped among the index's files)."""

    def ignore(folder: str, names: list) -> set:
        place = Path(folder).relative_to(site_folder).as_posix()
        left_out = {".sources.json", ".build-state.json", "_email"}
        if place == ".":
            left_out |= {"ru", "tg"}
        if place == "pagefind":
            left_out |= {name for name in names if name not in KEPT_OF_THE_INDEX}
        return left_out & set(names)

    return ignore


@pytest.fixture(scope="module")
def releases(site, tmp_path_factory):
    """Two releases as `invoke publish` keeps them (the second with one page edited), and public/."""
    root = tmp_path_factory.mktemp("office")
    first = root / "releases" / "20261201-090000-000000"
    shutil.copytree(site.folder, first, ignore=english_half(site.folder))
    second = first.with_name("20261201-100000-000000")
    shutil.copytree(first, second)
    about = second / "about" / "index.html"
    about.write_text(
        about.read_text(encoding="utf-8").replace("</main>", "<p>Edited.</p></main>"), encoding="utf-8"
    )
    return root, first, second


def point_public(root: Path, release: Path) -> Path:
    public = root / "public"
    if public.is_symlink():
        public.unlink()
    public.symlink_to(release)
    return public


def deploy_arguments(root: Path, target: str, *extra: str) -> list[str]:
    """`iomsite.tools.deploy` and its arguments, as `python -m` takes them."""
    return ["iomsite.tools.deploy", "--settings", str(ROOT / "publishconf.py"),
            "--public", str(root / "public"), "--target", target, *extra]  # fmt: skip


def deploy_command(root: Path, target: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", *deploy_arguments(root, target, *extra)]


def deploy(root: Path, target: str, env: dict, *extra: str) -> subprocess.CompletedProcess:
    return run_module(*deploy_arguments(root, target, *extra), env={**os.environ, **env})


def objects(client, prefix="www/") -> dict:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="site", Prefix=prefix):
        for item in page.get("Contents", []):
            response = client.get_object(Bucket="site", Key=item["Key"])
            body = response["Body"].read()
            if response.get("ContentEncoding") == "gzip":
                body = gzip.decompress(body)
            found[item["Key"][len(prefix) :]] = (body, response)
    return found


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def site_files(folder: Path) -> dict:
    """What object storage gets: every file but the hosts' configuration files (their rules are
    in each object's metadata)."""
    return {k: v for k, v in files(folder).items() if k not in ("_headers", "_redirects", "_redirects.nginx")}


def test_s3_deploy_sends_the_release_with_the_right_headers_then_only_what_changed(s3, releases):
    client, env = s3
    root, first, second = releases
    point_public(root, first)
    done = deploy(root, "s3://site/www", env)
    assert done.returncode == 0, done.stdout + done.stderr
    stored = objects(client)
    assert {k: v[0] for k, v in stored.items()} == site_files(first)  # every file, byte for byte
    assert "test-secret" not in done.stdout + done.stderr

    page = stored["index.html"][1]
    assert page["ContentType"] == "text/html; charset=utf-8" and page["ContentEncoding"] == "gzip"
    assert page["CacheControl"] == "public, max-age=300, must-revalidate"
    assert page["Metadata"]["x-content-type-options"] == "nosniff"
    css = next(v[1] for k, v in stored.items() if k.startswith("theme/") and k.endswith(".css"))
    assert css["ContentType"] == "text/css; charset=utf-8" and css["CacheControl"].endswith("immutable")
    image = next(v[1] for k, v in stored.items() if k.startswith("media/") and k.endswith(".webp"))
    assert image["ContentType"] == "image/webp" and "ContentEncoding" not in image
    assert image["CacheControl"] == "public, max-age=31536000, immutable"
    feed = stored["feeds/all.atom.xml"][1]
    assert feed["ContentType"] == "application/xml; charset=utf-8"

    again = deploy(root, "s3://site/www", env)
    assert again.returncode == 0 and "0 file(s) to upload" in again.stdout, again.stdout

    point_public(root, second)
    edit = deploy(root, "s3://site/www", env)
    assert (
        edit.returncode == 0 and "1 file(s) to upload" in edit.stdout and "Sent 1 file(s)" in edit.stdout
    ), edit.stdout
    assert {k: v[0] for k, v in objects(client).items()} == site_files(second)

    back = deploy(root, "s3://site/www", env, "--release", first.name)  # roll back
    assert back.returncode == 0 and "1 file(s) to upload" in back.stdout, back.stdout
    assert {k: v[0] for k, v in objects(client).items()} == site_files(first)


def test_the_dry_run_prints_the_plan_and_sends_nothing(s3, releases):
    client, env = s3
    root, first, _ = releases
    point_public(root, first)
    plan = deploy(root, "s3://site/dry", env, "--dry-run")
    assert (
        plan.returncode == 0
        and "upload  index.html" in plan.stdout
        and "Dry run: nothing was sent." in plan.stdout
    )
    assert objects(client, "dry/") == {}
    # the order is safe: what pages need, then the pages, then the search index's entry point
    planned = [line.split()[-1] for line in plan.stdout.splitlines() if line.startswith("  upload")]
    assert planned.index("theme/" + next(p.name for p in (first / "theme").glob("*.css"))) < planned.index(
        "index.html"
    )
    assert planned[-1] == "pagefind/shards.json" or planned[-1] == "pagefind/pagefind-entry.json"


def test_deleting_more_than_a_quarter_of_the_site_needs_force(s3, releases, tmp_path):
    client, env = s3
    root, first, _ = releases
    point_public(root, first)
    assert deploy(root, "s3://site/limit", env).returncode == 0
    small = tmp_path / "releases" / "20261202-090000-000000"
    small.mkdir(parents=True)
    shutil.copy(first / "index.html", small / "index.html")
    point_public(tmp_path, small)
    refused = deploy(tmp_path, "s3://site/limit", env)
    assert refused.returncode == 1 and "more than 25%" in refused.stdout and "--force" in refused.stdout
    assert len(objects(client, "limit/")) == len(site_files(first)), "nothing was deleted"
    forced = deploy(tmp_path, "s3://site/limit", env, "--force")
    assert forced.returncode == 0, forced.stdout
    assert set(objects(client, "limit/")) == {"index.html"}


def test_a_deploy_stopped_half_way_leaves_no_page_without_its_files_and_the_next_completes(s3, releases):
    client, env = s3
    root, first, _ = releases
    point_public(root, first)
    proc = subprocess.Popen(
        deploy_command(root, "s3://site/cut"),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )
    for line in proc.stdout:
        if line.startswith("  50/"):
            proc.send_signal(signal.SIGKILL)  # half-way
            break
    proc.wait()
    partial = objects(client, "cut/")
    assert 0 < len(partial) < len(site_files(first))
    assert any(name.endswith(".html") for name in partial), sorted(partial)  # pages were sent
    for name, (body, _) in partial.items():
        if name.endswith(".html"):  # every page already there finds its stylesheet and images
            for tag in BeautifulSoup(body, "lxml").find_all(["link", "img"]):
                url = tag.get("href") or tag.get("src") or ""
                if tag.name == "link" and "stylesheet" not in tag.get("rel", []):
                    continue
                if url.startswith("https://www.iom.tj/"):
                    url = url.removeprefix("https://www.iom.tj")
                if url.startswith("/") and not url.startswith("//"):
                    assert url.lstrip("/") in partial, (name, url)
    completed = deploy(root, "s3://site/cut", env)
    assert completed.returncode == 0, completed.stdout
    assert {k: v[0] for k, v in objects(client, "cut/").items()} == site_files(first)


def test_two_sites_in_one_bucket_deploy_independently(s3, releases):
    """A prefix is a folder: 'two/' is not part of 'two-staging/', nor the other way round."""
    client, env = s3
    root, first, second = releases
    point_public(root, first)
    for prefix in ("two-staging", "two", "two-staging"):
        done = deploy(root, f"s3://site/{prefix}", env)
        assert done.returncode == 0 and ", 0 to delete." in done.stdout, done.stdout
    point_public(root, second)
    edit = deploy(root, "s3://site/two", env)
    assert edit.returncode == 0 and "1 file(s) to upload" in edit.stdout and ", 0 to delete" in edit.stdout
    assert {k: v[0] for k, v in objects(client, "two/").items()} == site_files(second)
    assert {k: v[0] for k, v in objects(client, "two-staging/").items()} == site_files(first)


def test_object_storage_mistakes_are_said_in_plain_words(s3, releases):
    client, env = s3
    root, first, _ = releases
    point_public(root, first)
    bucket = deploy(root, "s3://no-such-bucket/www", env)
    assert bucket.returncode == 1 and "there is no bucket 'no-such-bucket'" in bucket.stdout, bucket.stdout
    assert "Nothing was sent; the host keeps what it had." in bucket.stdout
    port = free_port()  # nothing listens there
    unreachable = deploy(root, "s3://site/www", {**env, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"})
    said = unreachable.stdout
    assert unreachable.returncode == 1 and f"could not be reached at http://127.0.0.1:{port}" in said, said
    assert (
        "refused" not in said and "AWS_ENDPOINT_URL" in said and "Traceback" not in said + unreachable.stderr
    )
    for output in (bucket.stdout, said):
        assert ".." not in output.replace("...", ""), output  # no doubled full stops


def test_a_folder_target_inside_a_file_is_refused_in_plain_words(releases, tmp_path):
    root, first, _ = releases
    point_public(root, first)
    (tmp_path / "notes.txt").write_text("a file")
    refused = deploy(root, str(tmp_path / "notes.txt" / "site"), {})
    assert refused.returncode == 1 and "Traceback" not in refused.stdout + refused.stderr
    assert f"{tmp_path / 'notes.txt'} is a file" in refused.stdout, refused.stdout


# --- SSH -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ssh_server(tmp_path_factory):
    """sshd on a free port of 127.0.0.1, for this user, with throw-away keys."""
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    (folder / "authorized_keys").write_text((folder / "client_key.pub").read_text())
    os.chmod(folder / "authorized_keys", 0o600)
    port = free_port()
    (folder / "sshd_config").write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {folder / "host_key"}
AuthorizedKeysFile {folder / "authorized_keys"}
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PidFile {folder / "sshd.pid"}
""")
    Path("/run/sshd").mkdir(exist_ok=True) if os.geteuid() == 0 else None  # privilege separation
    server = subprocess.Popen(
        ["/usr/sbin/sshd", "-D", "-e", "-f", str(folder / "sshd_config")], stderr=subprocess.PIPE, text=True
    )
    for _ in range(100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    options = (
        f"-i {folder / 'client_key'} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
        "-o LogLevel=ERROR"
    )
    yield f"ssh://{getpass.getuser()}@127.0.0.1:{port}", {"DEPLOY_SSH_OPTIONS": options}, folder
    server.terminate()
    server.wait(timeout=10)


def test_ssh_deploy_with_rsync_sends_the_release_then_only_what_changed(ssh_server, releases, tmp_path):
    address, env, _ = ssh_server
    root, first, second = releases
    web = tmp_path / "www"
    point_public(root, first)
    done = deploy(root, f"{address}{web}", env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert files(web) == files(first)
    again = deploy(root, f"{address}{web}", env)
    assert again.returncode == 0 and "0 file(s) to upload" in again.stdout, again.stdout
    point_public(root, second)
    edit = deploy(root, f"{address}{web}", env)
    assert (
        edit.returncode == 0 and "1 file(s) to upload" in edit.stdout and "Sent 1 file(s)" in edit.stdout
    ), edit.stdout
    assert files(web) == files(second)


def test_the_server_command_runs_after_a_deploy_that_changed_old_addresses(ssh_server, releases, tmp_path):
    """nginx reads _redirects.nginx when it loads: DEPLOY_SSH_AFTER_REDIRECTS (e.g. a reload of
    nginx) runs on the server when a deploy changed it, and only then."""
    address, env, _ = ssh_server
    root, first, second = releases
    web, stamp = tmp_path / "www", tmp_path / "reloaded"
    env = {**env, "DEPLOY_SSH_AFTER_REDIRECTS": f"echo reloaded >> {stamp}"}
    point_public(root, first)
    done = deploy(root, f"{address}{web}", env)
    assert done.returncode == 0 and stamp.read_text() == "reloaded\n", done.stdout
    point_public(root, second)  # only a page changed: no reload
    assert deploy(root, f"{address}{web}", env).returncode == 0 and stamp.read_text() == "reloaded\n"
    env["DEPLOY_SSH_AFTER_REDIRECTS"] = "exit 7"
    (second / "_redirects.nginx").write_text((second / "_redirects.nginx").read_text() + "# changed\n")
    failed = deploy(root, f"{address}{web}", env)
    assert failed.returncode == 1 and "the command after the deploy failed" in failed.stdout, failed.stdout


def test_an_unknown_ssh_host_key_is_explained_with_the_port(ssh_server, releases, tmp_path):
    address, env, folder = ssh_server
    root, first, _ = releases
    point_public(root, first)
    known = tmp_path / "known_hosts"
    known.write_text("")
    strict = f"-i {folder / 'client_key'} -o UserKnownHostsFile={known} -o StrictHostKeyChecking=yes"
    refused = deploy(root, f"{address}{tmp_path / 'www'}", {"DEPLOY_SSH_OPTIONS": strict})
    port = address.rsplit(":", 1)[1]
    assert refused.returncode == 1 and "Host key verification failed" in refused.stdout, refused.stdout
    assert f"127.0.0.1:{port}" in refused.stdout and f"ssh -p {port} " in refused.stdout
    assert "known_hosts" in refused.stdout and not (tmp_path / "www").exists()


def test_a_local_folder_target(releases, tmp_path):
    """(The nginx configuration is served by nginx itself in tests/tools/test_nginx.py.)"""
    root, first, _ = releases
    point_public(root, first)
    share = tmp_path / "share"
    assert deploy(root, str(share), {}).returncode == 0
    assert files(share) == files(first)


def test_an_unchecked_output_is_never_deployed(releases, tmp_path):
    root, first, _ = releases
    (tmp_path / "public").mkdir()  # not a release link made by publish
    refused = deploy(tmp_path, str(tmp_path / "share"), {})
    assert (
        refused.returncode == 1 and "is not a published release: run `invoke publish` first" in refused.stdout
    )
