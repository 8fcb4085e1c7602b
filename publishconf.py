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
