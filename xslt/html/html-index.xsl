<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-index.xsl (included by html.xsl): the index page, from <ed:index> holding one
  summary record per document (html-summary.xsl; gathered by pipeline.render.Renderer).

  A table of every document: date, title with its summary, type, languages; sorted by
  date (undated last), then title. Every document is a plain link, so the page works
  without JavaScript; assets/index.js adds sorting by date and title, filters by
  language, archive and type, and full-text search over every version through the
  prebuilt index in search/ (script files, so it also works from file:).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/ed:index" priority="2">
    <xsl:variable name="docs" as="element(ed:summary)*" select="ed:summary"/>
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <title>{$edition-title}</title>
        <xsl:call-template name="ed:html-head-links"/>
        <!-- index.js defines edSearch, which search/meta.js calls: keep this order. -->
        <script src="assets/index.js" defer="defer"></script>
        <xsl:if test="@search = 'yes'">
          <script src="search/meta.js" defer="defer"></script>
        </xsl:if>
      </head>
      <body class="index-page">
        <xsl:call-template name="ed:html-skip-link"/>
        <xsl:call-template name="ed:html-site-header"/>
        <main id="ed-main" class="index">
          <h1>{$edition-title}</h1>
          <p class="count" aria-live="polite">
            <span id="shown">{count($docs)} {if (count($docs) = 1) then 'document' else 'documents'}</span>
          </p>
          <form class="search" role="search" hidden="hidden" onsubmit="return false">
            <p>
              <label for="query">{ed:label('search')}</label>
              <input type="search" id="query" autocomplete="off" spellcheck="false"/>
            </p>
            <xsl:call-template name="ed:html-index-filter">
              <xsl:with-param name="key" select="'language'"/>
              <xsl:with-param name="values" select="$docs/ed:language"/>
            </xsl:call-template>
            <xsl:call-template name="ed:html-index-filter">
              <xsl:with-param name="key" select="'archive'"/>
              <xsl:with-param name="values" select="$docs/@archive[.]"/>
            </xsl:call-template>
            <xsl:call-template name="ed:html-index-filter">
              <xsl:with-param name="key" select="'type'"/>
              <xsl:with-param name="values" select="$docs/@type[.]"/>
            </xsl:call-template>
            <p class="search-status" id="search-status" aria-live="polite"></p>
          </form>
          <table class="documents" id="documents">
            <thead>
              <tr>
                <th scope="col" class="date" data-sort="date">{ed:label('date')}</th>
                <th scope="col" class="title" data-sort="text">{ed:label('title')}</th>
                <th scope="col" class="type">{ed:label('type')}</th>
                <th scope="col" class="languages">{ed:label('languages')}</th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$docs" mode="html-index">
                <xsl:sort select="(string(@date)[.], '~')[1]"/> <!-- undated last -->
                <xsl:sort select="lower-case(@title)"/>
              </xsl:apply-templates>
            </tbody>
          </table>
          <p class="no-results" id="no-results" hidden="hidden">{ed:label('no-results')}</p>
        </main>
        <xsl:call-template name="ed:html-site-footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- A select of the distinct values of a field (hidden with a single value). -->
  <xsl:template name="ed:html-index-filter">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="values" as="node()*"/>
    <xsl:variable name="options" as="map(xs:string, xs:string)*">
      <xsl:for-each-group select="$values" group-by="if (self::ed:language) then @ident else string(.)">
        <xsl:sort select="lower-case(if (self::ed:language) then @name else string(.))"/>
        <xsl:sequence select="map { 'value': string(current-grouping-key()),
            'label': if (self::ed:language) then string(@name) else string(.) }"/>
      </xsl:for-each-group>
    </xsl:variable>
    <p class="filter">
      <xsl:if test="count($options) lt 2"><xsl:attribute name="hidden" select="'hidden'"/></xsl:if>
      <label for="filter-{$key}">{ed:label($key || '-filter')}</label>
      <select id="filter-{$key}" data-filter="{$key}">
        <option value="">{ed:label(map { 'language': 'all-languages', 'archive': 'all-archives',
                                         'type': 'all-types' }($key))}</option>
        <xsl:for-each select="$options">
          <option value="{?value}">{?label}</option>
        </xsl:for-each>
      </select>
    </p>
  </xsl:template>

  <xsl:template match="ed:summary" mode="html-index">
    <tr id="doc-{@id}" data-doc="{@id}" data-date="{@date}"
        data-language="{string-join(ed:language/@ident, ' ')}" data-archive="{@archive}"
        data-type="{@type}">
      <td class="date">
        <xsl:choose>
          <xsl:when test="@date-text[.]"><time datetime="{@date}">{@date-text}</time></xsl:when>
          <xsl:otherwise><span class="undated">{ed:label('undated')}</span></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="title">
        <a href="{@id}.html">
          <xsl:if test="not(@title-lang = ('und', '', $ed:ui-lang))">
            <xsl:attribute name="lang" select="@title-lang"/>
          </xsl:if>
          <xsl:text>{@title}</xsl:text>
        </a>
        <xsl:for-each select="ed:abstract">
          <p class="abstract">{.}</p>
        </xsl:for-each>
      </td>
      <td class="type">{@type}</td>
      <td class="languages">{string-join(ed:language/@name, ', ')}</td>
    </tr>
  </xsl:template>
</xsl:stylesheet>
