<?xml version="1.0" encoding="UTF-8"?>
<!--
  html.xsl: the screen edition (static HTML5, no server).

  Input: a TEI document → its page; a teiCorpus → one page of all its documents
  (html-corpus.xsl); <ed:index> or <ed:registers> of the documents'
  summary records (html-summary.xsl, gathered by pipeline.render.Renderer) → the index
  page or the registers page. Pages link their CSS and scripts
  relatively (assets/edition.css), so the caller writes the assets next to them.

  Customise by importing this file and overriding a template; do not edit it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../common/common.xsl"/>
  <xsl:import href="html-params.xsl"/>
  <xsl:include href="html-header.xsl"/>
  <xsl:include href="html-body.xsl"/>
  <xsl:include href="html-index.xsl"/>
  <xsl:include href="html-parallel.xsl"/>
  <xsl:include href="html-registers.xsl"/>
  <xsl:include href="html-generic.xsl"/>
  <xsl:include href="html-corpus.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- The document's id in the edition (its output name); set by the Renderer. -->
  <xsl:param name="doc-id" as="xs:string" select="''"/>

  <!-- The language of labels and other text the edition adds. -->
  <xsl:variable name="ed:ui-lang" static="yes" as="xs:string" select="'en'"/>

  <xsl:mode on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes">expected a TEI or teiCorpus element, found {name()}</xsl:message>
  </xsl:template>

  <xsl:template match="/tei:TEI">
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:versions(.)"/>
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="description" select="normalize-space(tei:teiHeader/tei:profileDesc/tei:abstract)"/>
      <xsl:with-param name="class" select="'document-page' || (if (count($versions) gt 1) then ' several-versions' else '')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="html-main">
    <main id="ed-main" class="document">
      <xsl:apply-templates select="." mode="html-document"/>
    </main>
  </xsl:template>

  <!-- A document page: head, site header and footer around its main element, which
       the context element makes in mode html-main. (Written straight into the page:
       made first as a parameter, it was built as a tree and then copied, a twentieth of
       the page's time.) -->
  <xsl:mode name="html-main" on-no-match="fail"/>

  <xsl:template name="ed:html-page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:param name="class" as="xs:string"/>
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <title>{$title} — {$edition-title}</title>
        <xsl:if test="$description">
          <meta name="description" content="{$description}"/>
        </xsl:if>
        <xsl:call-template name="ed:html-head-links"/>
        <script src="assets/document.js" defer="defer"></script>
      </head>
      <body class="{$class}" data-doc-id="{($doc-id[.], @xml:id, '')[1]}">
        <xsl:call-template name="ed:html-skip-link"/>
        <xsl:call-template name="ed:html-site-header"/>
        <xsl:apply-templates select="." mode="html-main"/>
        <xsl:call-template name="ed:html-site-footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:mode name="html-document" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- A document: its head, then its versions in parallel (several) or its text beside
       the panels (one); source transcriptions after them. -->
  <xsl:template match="tei:TEI" mode="html-document">
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:ordered-versions(., $languages)"/>
    <xsl:apply-templates select="." mode="html-doc-head"/>
    <xsl:choose>
      <xsl:when test="count($versions) gt 1">
        <details class="apparatus apparatus-wide" open="open">
          <summary>{ed:label('about')}</summary>
          <div class="apparatus-panels">
            <xsl:call-template name="ed:html-apparatus"/>
          </div>
        </details>
        <xsl:apply-templates select="tei:text[exists(ed:frame(current()))]" mode="html-frame"/>
        <xsl:call-template name="ed:html-parallel">
          <xsl:with-param name="versions" select="$versions"/>
        </xsl:call-template>
        <xsl:apply-templates select="tei:sourceDoc" mode="html"/>
      </xsl:when>
      <xsl:otherwise>
        <div class="layout">
          <div class="reading">
            <xsl:apply-templates select="$versions, tei:sourceDoc" mode="html"/>
          </div>
          <aside class="apparatus">
            <xsl:call-template name="ed:html-apparatus"/>
          </aside>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- What a text split into versions holds besides them (front, group heads, back). -->
  <xsl:mode name="html-frame" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:template match="tei:text" mode="html-frame">
    <section class="version version-frame" lang="{ed:lang(.)}">
      <xsl:apply-templates select="ed:frame(ancestor::tei:TEI[1])" mode="html"/>
      <xsl:call-template name="ed:html-version-notes"/>
    </section>
  </xsl:template>

  <!-- The panels beside (or above) the text: metadata, legend, registers. -->
  <xsl:template name="ed:html-apparatus">
    <xsl:apply-templates select="tei:teiHeader" mode="html-header"/>
    <xsl:if test="$show-legend">
      <xsl:call-template name="ed:html-legend"/>
    </xsl:if>
    <xsl:call-template name="ed:html-document-registers"/>
  </xsl:template>

  <xsl:template name="ed:html-skip-link">
    <a class="skip-link" href="#ed-main">Skip to the text</a>
  </xsl:template>

  <xsl:template name="ed:html-head-links">
    <link rel="stylesheet" href="assets/edition.css"/>
  </xsl:template>

  <xsl:template name="ed:html-site-header">
    <header class="site">
      <a class="site-title" href="index.html">{$edition-title}</a>
      <nav class="site-nav" aria-label="Edition">
        <a href="index.html">{ed:label('index')}</a>
        <a href="registers.html">{ed:label('registers')}</a>
      </nav>
    </header>
  </xsl:template>

  <xsl:template name="ed:html-site-footer">
    <footer class="site">
      <p><a href="index.html">{ed:label('index')}</a> · {$edition-title}</p>
    </footer>
  </xsl:template>
</xsl:stylesheet>
