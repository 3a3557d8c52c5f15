<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-body.xsl (included by print.xsl): notes as footnotes. Everything else in the
  reading text is the screen edition's (html-body.xsl, mode "html").

  WeasyPrint: never put break-inside: avoid on a block holding a footnote (it misplaces
  the note); print.css keeps that rule off headings and paragraphs.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="print-footnote" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- The notes of a version that stand as blocks (source, archival notes). -->
  <xsl:function name="ed:block-notes" as="element(tei:note)*">
    <xsl:param name="version" as="element(tei:text)"/>
    <xsl:sequence select="$version//tei:note[ed:is-block(.)][ed:version-of(.) is $version]"/>
  </xsl:function>

  <!-- A version's heading, carrying its block notes as footnotes. -->
  <xsl:template name="ed:html-version-heading">
    <xsl:if test="count(ed:versions(root(.)/*)) gt 1">
      <h2 class="version-label" lang="{$ed:ui-lang}">
        <xsl:text>{ed:version-label(.)}</xsl:text>
        <xsl:apply-templates select="ed:block-notes(.)" mode="print-footnote"/>
      </h2>
    </xsl:if>
  </xsl:template>

  <!-- Footnotes replace the list of notes at the end of a version. -->
  <xsl:template name="ed:html-version-notes"/>

  <!-- Block notes were hung on the heading; nothing stays in the flow. -->
  <xsl:template match="tei:note[ed:is-block(.)]" mode="html"/>

  <!-- A note in running text: a footnote where it stands. -->
  <xsl:template match="tei:note" mode="html">
    <xsl:apply-templates select="." mode="print-footnote"/>
  </xsl:template>

  <xsl:template match="tei:note" mode="print-footnote">
    <span class="footnote{@type ! (' note-' || .)}" lang="{ed:lang(.)}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <xsl:if test="ed:is-block(.)">
        <span class="note-label" lang="{$ed:ui-lang}">{ed:note-label(.)}: </span>
      </xsl:if>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>
</xsl:stylesheet>
