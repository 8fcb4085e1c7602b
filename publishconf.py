"""Publishing settings: only what differs from pelicanconf.py."""

from pathlib import Path

from pelican.settings import load_source

# pelicanconf.py's settings, loaded the way Pelican loads a settings file (no sys.path change)
globals().update(
    {
        k: v
        for k, v in vars(load_source("pelicanconf", str(Path(__file__).with_name("pelicanconf.py")))).items()
        if k.isupper()
    }
)

SITEURL = SITE_PUBLIC_URL  # noqa: F821 (from pelicanconf.py)
RELATIVE_URLS = False

# Where `invoke deploy` sends the checked release (README, "Deploying"): s3://bucket/prefix,
# ssh://user@host:port/path or a folder. Credentials never go here: AWS_* in the environment
# (or a profile) for object storage, the SSH agent or ~/.ssh/config for a server.
DEPLOY_TARGET = None
DEPLOY_MAX_DELETE_SHARE = 0.25  # refuse to delete more than this share of the host's files without --force
# After an SSH deploy that changed the old addresses, a command run on the server, e.g.
# "sudo systemctl reload nginx" (nginx reads _redirects.nginx when it loads); None: nothing
DEPLOY_SSH_AFTER_REDIRECTS = None
PUBLISH_KEEP_RELEASES = 5  # releases kept in releases/ for rolling back
