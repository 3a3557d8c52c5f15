<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-body.xsl (included by print.xsl): versions one after another, and the notes.

  The blocks and marks of the reading text are the screen edition's (html-body.xsl,
  mode "html"); only notes are overridden. Outside parallel columns a note is a footnote
  (float: footnote) where it stands: an empty anchor {id}-ref marks the call's place
  (the PDF keeps it as a named destination), the note's element carries its id and its
  number (data-n: ed:note-number, as on screen; print.css writes call and marker from
  it). Notes standing as blocks hang as footnotes on the version's heading, or on the
  title when the document has one version, marked *, **, …

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

  <xsl:mode name="print-version" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="print-footnote" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- ============================================================ versions -->

  <xsl:template match="tei:text" mode="print-version">
    <section class="version version-{(@type, 'text')[1]}" id="{ed:print-version-id(.)}" lang="{ed:lang(.)}">
      <xsl:if test="count(ed:versions(ancestor::tei:TEI[1])) gt 1">
        <h2 class="version-label" lang="{$ed:ui-lang}">
          <xsl:text>{ed:version-label(.)}</xsl:text>
          <xsl:apply-templates select="ed:block-notes(.)" mode="print-footnote"/>
        </h2>
      </xsl:if>
      <xsl:apply-templates select="tei:front | tei:body | tei:group | tei:back" mode="html"/>
    </section>
  </xsl:template>

  <!-- A transcription of the source's surfaces, after the versions; notes as footnotes. -->
  <xsl:template match="tei:sourceDoc" mode="print-version">
    <section class="version sourceDoc" lang="{ed:lang(.)}">
      <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
      <h2 class="version-label" lang="{$ed:ui-lang}">{ed:version-label(.)}</h2>
      <xsl:apply-templates mode="html"/>
    </section>
  </xsl:template>

  <!-- An image the TEI points to is named, not loaded: another archive's files rarely
       come with their images, and WeasyPrint fails a PDF whose image is missing.
       (Embedded images, binaryObject, are shown: their data is in the page.) -->
  <xsl:template match="tei:graphic" mode="html">
    <span class="graphic-ref">[{ed:label('image')}: {@url}]</span>
    <xsl:for-each select="tei:desc">
      <span class="graphic-desc"><xsl:apply-templates mode="html"/></span>
    </xsl:for-each>
  </xsl:template>

  <!-- The id of a version's section: its xml:id, else "{lang}-text" ("{doc}.{lang}-text"
       in a volume, whose ids are prefixed with the document's). -->
  <xsl:function name="ed:print-version-id" as="xs:string">
    <xsl:param name="text" as="element(tei:text)"/>
    <xsl:sequence select="($text/@xml:id ! string(.),
        string-join(($text/ancestor::tei:TEI[1]/@ed:id, ed:lang($text) || '-text'), '.'))[1]"/>
  </xsl:function>

  <!-- ============================================================ notes -->

  <!-- The notes of a version that stand as blocks (source, archival notes). -->
  <xsl:function name="ed:block-notes" as="element(tei:note)*">
    <xsl:param name="version" as="element(tei:text)"/>
    <xsl:sequence select="$version//tei:note[ed:is-block(.)][ed:version-of(.) is $version]"/>
  </xsl:function>

  <!-- A note's number in print: its number in the version, or *, **, … for block notes. -->
  <xsl:function name="ed:print-note-mark" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="if (ed:is-inline-note($note)) then ed:note-number($note) else
        string-join((1 to count($note/preceding::tei:note[ed:is-block(.)]
            [ed:version-of(.) is ed:version-of($note)]) + 1) ! '*')"/>
  </xsl:function>


  <!-- A block note: in place (a parallel cell, or outside the versions of a split
       text), else hung on a heading (see above). -->
  <xsl:template match="tei:note[ed:is-block(.)]" mode="html">
    <xsl:if test="ed:print-parallel(.) or empty(ed:version-of(.) intersect ed:versions(ancestor::tei:TEI[1]))">
      <aside class="block-note{@type ! (' note-' || .)}" lang="{ed:lang(.)}">
        <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
        <span class="note-label" lang="{$ed:ui-lang}">{ed:note-label(.)}: </span>
        <xsl:apply-templates mode="html"/>
      </aside>
    </xsl:if>
  </xsl:template>

  <!-- A note in running text: a footnote, or a call to the end of its parallel cell. -->
  <xsl:template match="tei:note" mode="html">
    <xsl:choose>
      <xsl:when test="ed:print-parallel(.)">
        <sup class="note-call" id="{ed:id(.)}-ref">{ed:print-note-mark(.)}</sup>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="." mode="print-footnote"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:note" mode="print-footnote">
    <span class="note-anchor" id="{ed:id(.)}-ref"/>
    <span class="footnote{@type ! (' note-' || .)}" id="{ed:id(.)}" data-n="{ed:print-note-mark(.)}"
        lang="{ed:lang(.)}">
      <xsl:if test="ed:is-block(.)">
        <span class="note-label" lang="{$ed:ui-lang}">{ed:note-label(.)}: </span>
      </xsl:if>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>

  <!-- The end of a parallel cell: the notes its units call, in order. -->
  <xsl:template name="ed:print-cell-notes">
    <xsl:param name="units" as="element()*"/>
    <xsl:variable name="notes" as="element(tei:note)*"
        select="$units/descendant::tei:note[ed:is-inline-note(.)]"/>
    <xsl:if test="exists($notes)">
      <div class="cell-notes">
        <xsl:for-each select="$notes">
          <p class="cell-note" id="{ed:id(.)}" lang="{ed:lang(.)}">
            <span class="note-n" lang="{$ed:ui-lang}">{ed:print-note-mark(.)}</span>
            <xsl:text> </xsl:text>
            <xsl:apply-templates mode="html"/>
          </p>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
