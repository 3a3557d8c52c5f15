<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt-body.xsl (included by txt.xsl): the text of a version as blocks, mode "txt".

  Every element standing in a division is a block (known or not: unknown elements keep
  their text); divisions only hold blocks. A block reads as ed:plain gives it: marks in
  brackets, lines of openers and closers and lb on lines of their own.

  Page breaks of the original read "//" where they stand ($show-page-breaks), or not at
  all: then a spaced break reads as one space and a break inside a word (pb or lb with
  break="no") joins its halves, so that "материке <pb/>Ки<lb break="no"/>тая" reads
  "материке Китая".

  Notes inside running text (footnotes) read "[1]" where they stand and follow the text
  under "Notes" as "[1] text". Notes standing as blocks (a source or archival note) stay
  where they stand, a block of their own labelled by their kind ("Source: …",
  "Archival reference: …"), without brackets:
    - square brackets in the text mean words of the translator or editor (the legend
      says so), so a note in brackets would read as supplied words; the label says
      what the block is instead, as the screen edition's labelled aside does;
    - in place, because that is where the source printed it (the Chinese translation
      opens with the publication it was taken from), and the plain text keeps the
      source's reading order: the ingest round-trip check compares the source's words
      with it in order.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="txt" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:text[ed:version-of(.) is .] | tei:sourceDoc" mode="txt">
    <xsl:sequence select="ed:version-label(.)[current()/self::tei:sourceDoc]"/>
    <xsl:apply-templates mode="txt"/>
    <xsl:variable name="notes" as="element(tei:note)*"
        select=".//tei:note[ed:is-inline-note(.)][ed:version-of(.) is current()]"/>
    <xsl:if test="exists($notes)">
      <xsl:sequence select="ed:label('notes')"/>
      <xsl:sequence select="$notes ! ('[' || ed:note-number(.) || '] ' || ed:plain(node()))"/>
    </xsl:if>
  </xsl:template>

  <!-- Divisions, groups of texts and the texts in them (an anthology) hold blocks. -->
  <xsl:template match="*[ed:is-division(.)] | tei:group | tei:text | tei:surfaceGrp | tei:surface"
      mode="txt">
    <xsl:apply-templates mode="txt"/>
  </xsl:template>

  <!-- Any other element in a division is one block. -->
  <xsl:template match="*" mode="txt" priority="-1">
    <xsl:sequence select="ed:plain(node())"/>
  </xsl:template>

  <!-- An example of markup is one block: the markup itself (ed:example-markup). -->
  <xsl:template match="*:egXML" mode="txt">
    <xsl:sequence select="ed:plain(.)"/>
  </xsl:template>

  <!-- A gap standing between blocks (an omitted passage) is a block of its own. -->
  <xsl:template match="tei:gap" mode="txt">
    <xsl:sequence select="ed:plain(.)"/>
  </xsl:template>

  <!-- A page break between blocks: "//" on a line of its own, or nothing. -->
  <xsl:template match="tei:pb" mode="txt">
    <xsl:sequence select="'//'[$show-page-breaks]"/>
  </xsl:template>

  <!-- A note standing as a block: labelled, in place (see above). -->
  <xsl:template match="tei:note" mode="txt">
    <xsl:sequence select="ed:note-label(.) || ': ' || ed:plain(node())"/>
  </xsl:template>

  <!-- Text standing loose in a division is a block too. -->
  <xsl:template match="text()[normalize-space(.)]" mode="txt">
    <xsl:sequence select="normalize-space(.)"/>
  </xsl:template>

  <xsl:template match="text()" mode="txt" priority="-1"/>

  <!-- In running text a note is its number in brackets. -->
  <xsl:template match="tei:note[ed:is-inline-note(.)]" mode="ed:plain">
    <xsl:text>[{ed:note-number(.)}]</xsl:text>
  </xsl:template>

  <!-- A page break in running text, shown or read through (ed:tidy then collapses the
       space it leaves with any space around it). -->
  <xsl:template match="tei:pb" mode="ed:plain">
    <xsl:sequence select="if ($show-page-breaks) then ed:pb-text(.)
        else if (@break = 'no') then '' else ' '"/>
  </xsl:template>
</xsl:stylesheet>
