"""The site's Pelican plugins (one package each, with register() and a README) and their small
shared libraries (datafiles, htmlparts). Installed as `iomsite.plugins`."""
