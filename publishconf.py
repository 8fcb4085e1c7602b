"""Publishing settings: only what differs from pelicanconf.py."""
import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = SITE_PUBLIC_URL  # noqa: F405
RELATIVE_URLS = False
