"""The site's Pelican plugins, one package each, with register() and a README. Installed as
`iomsite.plugins`; what they share is in `iomsite.core` (core/)."""
