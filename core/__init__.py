"""What several plugins and the tools share, below them: the build's clock, the declarations
a plugin makes to the incremental layer, data-file loading, language pages, the build report.
Installed as `iomsite.core`. Core imports nothing of `iomsite.plugins` or `iomsite.tools`."""
