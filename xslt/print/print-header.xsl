<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-header.xsl (included by print.xsl): the title block of the first page. The
  metadata list and the legend are the screen edition's (html-header.xsl); here only
  what differs on paper.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The edition's name above the date and title. -->
  <xsl:template match="tei:TEI" mode="html-doc-head">
    <p class="edition-title">{$edition-title}</p>
    <xsl:next-match/>
  </xsl:template>

  <!-- The title; a single-version document hangs its block notes on it as footnotes. -->
  <xsl:template match="tei:TEI" mode="html-title-content">
    <xsl:next-match/>
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:versions(.)"/>
    <xsl:if test="count($versions) = 1">
      <xsl:apply-templates select="ed:block-notes($versions)" mode="print-footnote"/>
    </xsl:if>
  </xsl:template>

  <!-- On paper the versions follow one another: no navigation. -->
  <xsl:template name="ed:html-versions-nav"/>
</xsl:stylesheet>
