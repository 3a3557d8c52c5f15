<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: the print edition, HTML with CSS Paged Media for WeasyPrint (pipeline.render.
  render_pdf turns it into PDF).

  Input: a TEI document → its print page; a teiCorpus of whole TEI documents, each with
  @ed:id (built by pipeline.render.volume) → the combined volume: title page, contents
  with page numbers, then every document from a new page; any other teiCorpus → one
  page of its documents (print-corpus.xsl).

  It imports html/html.xsl for the reading text only (mode "html": blocks, marks); the
  page, the title block, the metadata, the versions and the notes are its own:

  - running heads from named strings set on each document's head (short title, date),
    "Page x of y" at the foot (assets/print.css, plus a small generated style for fonts,
    page size and the edition's name);
  - one version, or several with $parallel false: notes as footnotes (float: footnote)
    where they stand, numbered as in the screen edition; notes standing as blocks
    (source and archival notes) on the title (one version) or on the version's heading;
  - several versions with $parallel true: a table, one column per version and one row
    per ed:parallel-rows, so corresponding paragraphs start together. WeasyPrint places
    footnotes from table cells (and grid items) on the wrong page, so a cell keeps its
    notes at its end, under the paragraphs that call them; block notes stay in place.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../html/html.xsl"/>
  <xsl:import href="print-params.xsl"/>
  <xsl:include href="print-header.xsl"/>
  <xsl:include href="print-body.xsl"/>
  <xsl:include href="print-parallel.xsl"/>
  <xsl:include href="print-volume.xsl"/>
  <xsl:include href="print-corpus.xsl"/>
  <xsl:include href="print-style.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- No data-corresp (html-body.xsl): nothing on paper highlights counterparts. -->
  <xsl:variable name="ed:show-counterparts" as="xs:boolean" select="false()"/>

  <!-- No titles on marks (html-body.xsl): no tooltip shows on paper or in a PDF; the
       page's legend describes the marks. -->
  <xsl:variable name="ed:show-mark-titles" as="xs:boolean" select="false()"/>

  <xsl:mode name="print-document" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/tei:TEI">
    <xsl:call-template name="ed:print-page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="description"
          select="normalize-space(tei:teiHeader/tei:profileDesc/tei:abstract)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="print-main">
    <xsl:apply-templates select="." mode="print-document"/>
  </xsl:template>

  <!-- The HTML page around a document, a corpus or the volume; its body is what the
       context element makes in mode print-main (written straight into the page, not
       built first as a parameter and copied). -->
  <xsl:mode name="print-main" on-no-match="fail"/>

  <xsl:template name="ed:print-page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="description" as="xs:string"/>
    <xsl:param name="class" as="xs:string" select="'print'"/>
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="generator" content="tei-edition"/>
        <title>{$title}</title>
        <xsl:if test="$description">
          <meta name="description" content="{$description}"/>
        </xsl:if>
        <link rel="stylesheet" href="assets/print.css"/>
        <style>{ed:print-css()}</style>
      </head>
      <body class="{$class}">
        <xsl:apply-templates select="." mode="print-main"/>
      </body>
    </html>
  </xsl:template>

  <!-- One document: title block, metadata, legend, then its text. -->
  <xsl:template match="tei:TEI" mode="print-document">
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:ordered-versions(., $languages)"/>
    <article class="document{if (ed:print-parallel(.)) then ' parallel-document' else ''}"
        id="{ed:print-doc-id(.)}" data-doc-id="{ed:print-doc-id(.)}">
      <xsl:apply-templates select="." mode="print-title-block"/>
      <xsl:apply-templates select="tei:teiHeader" mode="print-metadata"/>
      <xsl:if test="$show-legend">
        <xsl:apply-templates select="." mode="print-legend"/>
      </xsl:if>
      <xsl:for-each select="tei:text[exists(ed:frame(current()))]">
        <section class="version version-frame" lang="{ed:lang(.)}">
          <xsl:apply-templates select="ed:frame(ancestor::tei:TEI[1])" mode="html"/>
        </section>
      </xsl:for-each>
      <xsl:choose>
        <xsl:when test="ed:print-parallel(.)">
          <xsl:apply-templates select="." mode="print-parallel"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$versions" mode="print-version"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="tei:sourceDoc" mode="print-version"/>
    </article>
  </xsl:template>

  <!-- The document's id in the edition: @ed:id in a volume, else the doc-id parameter. -->
  <xsl:function name="ed:print-doc-id" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($tei/@ed:id ! string(.), $doc-id[.], $tei/@xml:id ! string(.), 'document')[1]"/>
  </xsl:function>

  <!-- True when the document (of any node) is printed in parallel columns. -->
  <xsl:function name="ed:print-parallel" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="tei" as="element()?" select="$n/ancestor-or-self::tei:TEI[1]"/>
    <xsl:sequence select="$parallel and count(ed:versions($tei)) gt 1"/>
  </xsl:function>
</xsl:stylesheet>
