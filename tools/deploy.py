"""`invoke deploy`: send the checked release that `invoke publish` made to the host, uploading
only what changed.

    python -m iomsite.tools.deploy [--target URL] [--release NAME] [--dry-run] [--force]
    python -m iomsite.tools.deploy --nginx /srv/www/site   (print an nginx server block)

Targets (DEPLOY_TARGET in publishconf.py, or --target):
  s3://bucket[/prefix]          object storage (AWS S3, R2, B2, Spaces, MinIO) with boto3; the
                                endpoint and credentials come from the standard AWS configuration
                                (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a profile)
  ssh://user@host[:port]/path   a web server, with rsync over SSH (DEPLOY_SSH_OPTIONS: extra ssh options)
  /a/folder or file:///a/folder a local or mounted folder

Files are compared by content (SHA-256; on object storage it is kept in each object's metadata,
since an ETag is no MD5 for multipart uploads). The order is safe for readers: first the files
pages need (stylesheets, images, the search index), then the pages, then deletions, which are
bounded (DEPLOY_MAX_DELETE_SHARE of the site, 25 %, unless --force). A deploy stopped half-way
leaves every published page with the files it needs; the next deploy completes it. Object
storage gets each file's Content-Type, Cache-Control, the security headers and, for text, gzip
(plugins/headers/rules.py, the rules of `_headers`). Credentials are never printed.
"""

import argparse
import gzip
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from iomsite.plugins.headers.rules import cache_control, content_type, is_text, security_headers
from iomsite.plugins.incremental import api as incremental
from iomsite.plugins.redirects.rules import redirect_pages
from iomsite.tools.records import read_json, releases_folder, write_json

ROOT = Path(__file__).resolve().parent.parent
FIRST_LAST = (".html", ".xml", ".txt")  # pages, feeds, sitemap, robots: after what they point to
ENTRY_POINTS = ("pagefind/pagefind-entry.json", "pagefind/shards.json")
NOT_PUBLISHED = (".sources.json", ".embargoed-preview", *incremental.STATE_FILES)
# what Netlify, Cloudflare Pages and nginx read as their configuration: not pages for readers
HOST_FILES = ("_headers", "_redirects", "_redirects.nginx")


class DeployError(Exception):
    """A deploy that must not go on: said in plain words."""


@dataclass
class Plan:
    upload: list = field(default_factory=list)  # relative paths, in order
    delete: list = field(default_factory=list)
    remote_count: int = 0

    def bytes(self, release: Path) -> int:
        return sum((release / p).stat().st_size for p in self.upload)


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def local_files(release: Path, skip: tuple = ()) -> dict[str, str]:
    """{relative path: sha256} of every file to publish (less the top-level files in `skip`)."""
    return {
        p.relative_to(release).as_posix(): digest(p)
        for p in sorted(release.rglob("*"))
        if p.is_file()
        and p.name not in NOT_PUBLISHED
        and p.relative_to(release).parts[0] != "_email"
        and p.relative_to(release).as_posix() not in skip
    }


def upload_order(path: str) -> tuple:
    """What pages need first, then the pages and feeds, then the search index's entry points
    (which name the index files uploaded before them)."""
    if path in ENTRY_POINTS:
        return (2, path)
    return (1 if path.endswith(FIRST_LAST) else 0, path)


def make_plan(local: dict, remote: dict) -> Plan:
    plan = Plan(remote_count=len(remote))
    plan.upload = sorted((p for p, h in local.items() if remote.get(p) != h), key=upload_order)
    plan.delete = sorted(p for p in remote if p not in local)
    return plan


# --- targets -----------------------------------------------------------------------------------


class FileByFileTarget:
    """A target written one file at a time (a folder, object storage): compared by the
    digests `remote_files` gives, uploaded in the safe order, then the deletions."""

    skip: tuple = ()  # top-level files of the release this target does not get

    def plan(self, release: Path) -> Plan:
        return make_plan(local_files(release, self.skip), self.remote_files())

    def send(self, release: Path, plan: Plan, settings, out) -> None:
        total, done_bytes = plan.bytes(release), 0
        for number, path in enumerate(plan.upload, start=1):
            self.upload(release, path, settings)
            done_bytes += (release / path).stat().st_size
            if number % 50 == 0 or number == len(plan.upload):
                print(
                    f"  {number}/{len(plan.upload)} files, {done_bytes / 1024:.0f} of {total / 1024:.0f} KB",
                    file=out,
                    flush=True,
                )
        self.delete(plan.delete)
        print(f"Sent {len(plan.upload)} file(s); deleted {len(plan.delete)}.", file=out)


class FolderTarget(FileByFileTarget):
    # gets every file: a folder served by nginx reads _redirects.nginx from it
    def __init__(self, folder: Path):
        self.folder = folder
        blocking = next((p for p in [folder, *folder.parents] if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise DeployError(
                f"the target {folder} cannot be a folder: {blocking} is a file. Choose another target "
                "folder (or move that file away)"
            )

    def describe(self) -> str:
        return str(self.folder)

    def remote_files(self) -> dict:
        if not self.folder.is_dir():
            return {}
        return {
            p.relative_to(self.folder).as_posix(): digest(p) for p in self.folder.rglob("*") if p.is_file()
        }

    def upload(self, release: Path, path: str, settings) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.deploying")
        shutil.copyfile(release / path, temporary)
        os.replace(temporary, target)  # a reader never gets half a file

    def delete(self, paths: list) -> None:
        for path in paths:
            (self.folder / path).unlink(missing_ok=True)


class S3Target(FileByFileTarget):
    # the rules of _headers and _redirects go into each object's metadata instead (upload()):
    # as objects, they would only be public files that say how the site is configured
    skip = HOST_FILES

    def __init__(self, bucket: str, prefix: str):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix.strip("/")
        # S3-compatible services (R2, B2, MinIO...) refuse the checksums boto3 sends by default
        config = Config(
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 5, "mode": "standard"},
        )
        self.client = boto3.client("s3", config=config)
        self.redirects: dict = {}  # {old page's file: the address it leads to} (_redirects)
        self.sent = 0  # objects written by this deploy, for the message if it stops

    def plan(self, release: Path) -> Plan:
        self.redirects = redirect_pages(release)  # each old page gets its website redirect
        return super().plan(release)

    def key(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def remote_files(self) -> dict:
        keys = []
        # the prefix is a folder: "site/" is not "site-staging/"
        folder = f"{self.prefix}/" if self.prefix else ""
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=folder):
            keys += [item["Key"] for item in page.get("Contents", [])]
        start = len(folder)

        def sha(key):
            return key[start:], self.client.head_object(Bucket=self.bucket, Key=key)["Metadata"].get(
                "sha256", ""
            )

        with ThreadPoolExecutor(max_workers=8) as pool:
            return dict(pool.map(sha, keys))

    def upload(self, release: Path, path: str, settings) -> None:
        data = (release / path).read_bytes()
        extra = {
            "ContentType": content_type(path),
            "CacheControl": cache_control("/" + path, settings),
            "Metadata": {"sha256": hashlib.sha256(data).hexdigest()},
        }
        if path.endswith(".html"):
            # S3 itself sends no security headers: the CSP is in every page's <meta>; a CDN in front
            # can add the rest from the object's metadata
            extra["Metadata"].update({name.lower(): value for name, value in security_headers(settings)[1:]})
        if path in self.redirects:  # an old address: the S3 website endpoint answers 301 itself
            extra["WebsiteRedirectLocation"] = self.redirects[path]
        if is_text(path):  # S3 does not compress by itself
            data = gzip.compress(data, compresslevel=9, mtime=0)
            extra["ContentEncoding"] = "gzip"
        self.client.put_object(Bucket=self.bucket, Key=self.key(path), Body=data, **extra)
        self.sent += 1

    def delete(self, paths: list) -> None:
        for start in range(0, len(paths), 1000):
            chunk = [{"Key": self.key(p)} for p in paths[start : start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": chunk, "Quiet": True})


class SSHTarget:
    """rsync over SSH; compared by checksum (rsync -c), in the same three steps. It gets every
    file: the server's nginx reads _redirects.nginx from the site's folder."""

    def __init__(self, user_host: str, port: int | None, path: str, options: str):
        self.destination = f"{user_host}:{path.rstrip('/')}/"
        ssh = (
            ["ssh", "-o", "BatchMode=yes"] + (["-p", str(port)] if port else []) + shlex.split(options or "")
        )
        self.ssh = ssh
        self.user_host, self.port, self.path = user_host, port, path

    def describe(self) -> str:
        return f"ssh://{self.user_host}{f':{self.port}' if self.port else ''}{self.path}"

    def run_after(self, command: str, out) -> None:
        """A command on the server after the old addresses changed (nginx reads them when it
        loads: e.g. `sudo systemctl reload nginx`)."""
        proc = subprocess.run([*self.ssh, self.user_host, command], capture_output=True, text=True)
        if proc.returncode != 0:
            said = " ".join((proc.stderr or proc.stdout).split())[-300:]
            raise DeployError(
                f"the files are on {self.describe()}, but the command after the deploy failed "
                f"(`{command}`, exit status {proc.returncode}{': ' + said if said else ''}): run it there "
                "by hand, or fix DEPLOY_SSH_AFTER_REDIRECTS"
            )
        print(f"Ran `{command}` on the server (the old addresses changed).", file=out)

    def failure(self, stderr: str) -> DeployError:
        """rsync's or ssh's refusal, with what to do about it."""
        said = " ".join(stderr.split())[-400:]
        login = f"ssh{f' -p {self.port}' if self.port else ''} {self.user_host}"
        hints = (
            ("Host key verification failed", f"this machine does not know the server's host key yet: "
             f"run `{login}` once, compare the fingerprint it shows with the one your host gives, and "
             "answer yes (or add the key to ~/.ssh/known_hosts)"),
            ("REMOTE HOST IDENTIFICATION HAS CHANGED", "the server's host key is not the one this machine "
             "knew: ask your host whether it changed before you remove the old key (ssh-keygen -R)"),
            ("Permission denied", f"the server refused the login: check the user name and that your SSH key "
             f"is on the server (`{login}` must log in without a password)"),
            ("Connection refused", "nothing answers on that port: check the port in the target"),
            ("Could not resolve hostname", "the server's name is unknown: check the target's host name"),
            ("timed out", "the server did not answer: check the host name, the port and the network"),
            ("No such file or directory", "no such folder on the server: create it or fix the path"),
            ("rsync: command not found", "the server has no rsync: install it there (apt install rsync)"),
        )  # fmt: skip
        hint = next((fix for needle, fix in hints if needle.lower() in stderr.lower()), "")
        return DeployError(f"rsync to {self.describe()} failed: {said}" + (f". {hint}" if hint else ""))

    def rsync(self, release: Path, *arguments: str) -> list[str]:
        command = [
            "rsync",
            "-rlc",
            "--itemize-changes",
            "-e",
            shlex.join(self.ssh),
            *arguments,
            f"{release}/",
            self.destination,
        ]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            raise self.failure(proc.stderr)
        return [line for line in proc.stdout.splitlines() if line.strip()]

    EXCLUDED = [f"--exclude={name}" for name in NOT_PUBLISHED] + ["--exclude=_email/"]

    def send(self, release: Path, plan: Plan, settings, out) -> None:
        """What pages need, then the pages, then the deletions: three runs of rsync."""
        excluded = self.EXCLUDED
        assets = self.rsync(
            release, *excluded, "--exclude=*.html", "--exclude=*.xml", "--exclude=pagefind-entry.json"
        )
        pages = self.rsync(release, *excluded)
        gone = self.rsync(release, *excluded, "--delete-after") if plan.delete else []
        sent = [line for line in assets + pages if line[:2] in (">f", "<f")]
        print(
            f"Sent {len(sent)} file(s); deleted {len([g for g in gone if g.startswith('*deleting')])}.",
            file=out,
        )
        after = os.environ.get("DEPLOY_SSH_AFTER_REDIRECTS") or settings.get("DEPLOY_SSH_AFTER_REDIRECTS")
        if after and "_redirects.nginx" in plan.upload:
            self.run_after(after, out)

    def plan(self, release: Path) -> Plan:
        changes = self.rsync(release, "--dry-run", "--delete", *self.EXCLUDED)
        plan = Plan()
        for line in changes:
            flags, _, path = line.partition(" ")
            if flags.startswith("*deleting"):
                plan.delete.append(path.strip())
            elif flags[:2] in (">f", "<f"):
                plan.upload.append(path.strip())
        plan.upload.sort(key=upload_order)
        listing = subprocess.run(
            [*self.ssh, self.user_host, f"find {shlex.quote(self.path)} -type f | wc -l"],
            capture_output=True,
            text=True,
        )
        plan.remote_count = int(listing.stdout.strip() or 0) if listing.returncode == 0 else 0
        return plan


def target_for(url: str, settings: dict):
    parts = urlsplit(url)
    if parts.scheme == "s3":
        return S3Target(parts.netloc, parts.path)
    if parts.scheme == "ssh":
        user_host = f"{parts.username}@{parts.hostname}" if parts.username else parts.hostname
        options = os.environ.get("DEPLOY_SSH_OPTIONS") or settings.get("DEPLOY_SSH_OPTIONS", "")
        return SSHTarget(user_host, parts.port, parts.path, options)
    if parts.scheme in ("", "file"):
        return FolderTarget(Path(parts.path if parts.scheme else url))
    raise DeployError(f"'{url}' is not a target: use s3://bucket/prefix, ssh://user@host/path or a folder")


# --- the deploy --------------------------------------------------------------------------------


def release_to_deploy(public: Path, name: str | None) -> Path:
    releases = releases_folder(public)
    if name:
        release = releases / name
        if name.startswith(".") or "/" in name or not release.is_dir():
            names = sorted(p.name for p in releases.iterdir() if p.is_dir()) if releases.is_dir() else []
            kept = ", ".join(n for n in names if not n.startswith(".")) or "none"
            raise DeployError(f"there is no release '{name}' (kept releases: {kept})")
        return release
    if not public.is_symlink() or not public.resolve().is_dir():
        raise DeployError(
            f"{public} is not a published release: run `invoke publish` first (it checks the site)"
        )
    return public.resolve()


DEPLOYED_RECORD = "deployed.json"


def last_deploys(public: Path) -> dict:
    """{target: release name} of the last complete deploy to each target (releases/deployed.json)."""
    return read_json(releases_folder(public) / DEPLOYED_RECORD)


def record_deploy(public: Path, target_url: str) -> None:
    """Remember that the target has been given the release public/ points to (for `invoke
    go-live`, which deploys a newer one). A roll-back (--release) counts too: the operator's
    choice stands until the next publish."""
    releases = releases_folder(public)
    if releases.is_dir() and public.is_symlink():
        write_json(releases / DEPLOYED_RECORD, {**last_deploys(public), target_url: public.resolve().name})


def deploy(
    settings: dict,
    public: Path,
    target_url: str,
    release_name=None,
    dry_run=False,
    force=False,
    out=sys.stdout,
) -> int:
    from iomsite.tools.publish import embargo_refusal

    target = None
    try:
        release = release_to_deploy(public, release_name)
        refusal = embargo_refusal({}, release)
        if refusal:
            raise DeployError(refusal)
        target = target_for(target_url, settings)
        plan = target.plan(release)
        share = settings.get("DEPLOY_MAX_DELETE_SHARE", 0.25)
        print(
            f"Deploying {release.name} to {target.describe()}: {len(plan.upload)} file(s) to upload "
            f"({plan.bytes(release) / 1024:.0f} KB), {len(plan.delete)} to delete.",
            file=out,
        )
        if dry_run:
            for path in plan.upload:
                print(f"  upload  {path}", file=out)
            for path in plan.delete:
                print(f"  delete  {path}", file=out)
            print("Dry run: nothing was sent.", file=out)
            return 0
        if plan.delete and not force and len(plan.delete) > share * max(plan.remote_count, 1):
            raise DeployError(
                f"this would delete {len(plan.delete)} of the {plan.remote_count} files on the host, "
                "more than "
                f"{share:.0%}: check the target (or the release), then run again with --force if it is right"
            )
        target.send(release, plan, settings, out)
        record_deploy(public, target_url)
        print(f"Deployed {release.name} to {target.describe()}.", file=out)
        if release_name and release != public.resolve():
            print(
                f"Rolled back: {target.describe()} keeps {release.name} until the next publish, "
                "whose release `invoke go-live` deploys.",
                file=out,
            )
        return 0
    except DeployError as exc:
        print(f"Deploy stopped: {str(exc).rstrip('.')}.", file=out)
        return 1
    except Exception as exc:  # the host's own refusal (credentials, a missing bucket): plain words
        from botocore.exceptions import BotoCoreError, ClientError

        if isinstance(exc, (BotoCoreError, ClientError)):
            sent = getattr(target, "sent", 0)
            print(f"Deploy stopped: {storage_problem(exc, target_url)} {kept_on_host(sent)}", file=out)
            return 1
        raise


def storage_problem(exc, target_url: str) -> str:
    """What went wrong with the object storage, in plain words, with what to check."""
    from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

    said = str(exc).strip().rstrip(".")
    if isinstance(exc, EndpointConnectionError):
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or "AWS"
        return (
            f"the object storage could not be reached at {endpoint} ({said}): check AWS_ENDPOINT_URL "
            "(its host and port) and the network."
        )
    if isinstance(exc, NoCredentialsError):
        return "no credentials for the object storage: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."
    code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
    fixes = {
        "NoSuchBucket": f"there is no bucket '{urlsplit(target_url).netloc}': check the target's bucket name",
        "InvalidAccessKeyId": "the access key is not known there: check AWS_ACCESS_KEY_ID",
        "SignatureDoesNotMatch": "the secret key does not match the access key: check AWS_SECRET_ACCESS_KEY",
        "AccessDenied": "the key may not write to this bucket: ask for write access to it",
    }
    fix = fixes.get(code, "check the target, the endpoint and the credentials")
    return f"the object storage refused ({said}): {fix}."


def kept_on_host(sent: int) -> str:
    if not sent:
        return "Nothing was sent; the host keeps what it had."
    return (
        f"The host keeps what it had, plus the {sent} file(s) sent before (every page sent has the files it "
        "needs); deploy again once it is fixed to complete it."
    )


def main(argv=None) -> int:
    from pelican.settings import read_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default=str(ROOT / "publishconf.py"))
    parser.add_argument("--public", default=str(ROOT / "public"))
    parser.add_argument("--target", help="s3://bucket/prefix, ssh://user@host:port/path or a folder")
    parser.add_argument("--release", help="deploy this kept release (roll back) instead of public/")
    parser.add_argument("--dry-run", action="store_true", help="print the plan; send nothing")
    parser.add_argument(
        "--force", action="store_true", help="allow deleting more than DEPLOY_MAX_DELETE_SHARE"
    )
    parser.add_argument("--nginx", metavar="ROOT", help="print an nginx server block serving ROOT")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    if args.nginx:
        from iomsite.plugins.headers.rules import nginx_config

        print(nginx_config(settings, args.nginx))
        return 0
    target = args.target or settings.get("DEPLOY_TARGET")
    if not target:
        print("Deploy stopped: no target. Set DEPLOY_TARGET in publishconf.py or give --target.")
        return 1
    return deploy(settings, Path(args.public).absolute(), target, args.release, args.dry_run, args.force)


if __name__ == "__main__":
    sys.exit(main())
