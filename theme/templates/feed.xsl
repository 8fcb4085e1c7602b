<?xml version="1.0" encoding="UTF-8"?>
{# Shown when a feed is opened in a browser: a readable page instead of raw XML (Atom or RSS). #}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
<xsl:output method="html" encoding="UTF-8" indent="yes"/>
<xsl:template match="/">
<html lang="{{ current_lang() }}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title><xsl:value-of select="atom:feed/atom:title|rss/channel/title"/></title>
<link rel="stylesheet" href="{{ SITEURL }}/{{ STYLESHEET_URL }}"/>
</head>
<body>
<main id="main">
<p class="notice">{{ _('This is a web feed. To subscribe, copy the address of this page from the address bar into your feed reader.') }} <a href="{{ SITEURL }}/{{ lang_prefix(current_lang()) }}subscribe/">{{ _('What is a feed?') }}</a></p>
<h1><xsl:value-of select="atom:feed/atom:title|rss/channel/title"/></h1>
<xsl:for-each select="atom:feed/atom:entry|rss/channel/item">
<article class="card">
  <h2 class="card__title"><a><xsl:attribute name="href"><xsl:value-of select="atom:link[@rel='alternate']/@href|link"/></xsl:attribute><xsl:value-of select="atom:title|title"/></a></h2>
  <p class="card__meta"><xsl:value-of select="substring(atom:published|pubDate, 1, 10)"/></p>
  <p class="card__summary"><xsl:value-of select="atom:summary|description"/></p>
</article>
</xsl:for-each>
</main>
</body>
</html>
</xsl:template>
</xsl:stylesheet>
