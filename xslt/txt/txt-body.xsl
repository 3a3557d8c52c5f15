<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt-body.xsl (included by txt.xsl): the text of a version as blocks, mode "txt".

  Every element standing in a division is a block (known or not: unknown elements keep
  their text); divisions only hold blocks. A block reads as ed:plain gives it: marks in
  brackets, lines of openers and closers and lb on lines of their own. Notes standing as
  blocks read "[text]" in place; notes inside running text read "[1]" and follow the
  text under "Notes".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="txt" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:text" mode="txt">
    <xsl:apply-templates mode="txt"/>
    <xsl:variable name="notes" as="element(tei:note)*"
        select=".//tei:note[ed:is-inline-note(.)][ed:version-of(.) is current()]"/>
    <xsl:if test="exists($notes)">
      <xsl:sequence select="ed:label('notes')"/>
      <xsl:sequence select="$notes ! ('[' || ed:note-number(.) || '] ' || ed:plain(node()))"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:body | tei:front | tei:back | tei:div" mode="txt">
    <xsl:apply-templates mode="txt"/>
  </xsl:template>

  <!-- Any other element in a division is one block. -->
  <xsl:template match="*" mode="txt" priority="-1">
    <xsl:sequence select="ed:plain(node())"/>
  </xsl:template>

  <!-- A gap standing between blocks (an omitted passage) is a block of its own. -->
  <xsl:template match="tei:gap" mode="txt">
    <xsl:sequence select="ed:plain(.)"/>
  </xsl:template>

  <xsl:template match="tei:note[ed:is-block(.)]" mode="txt">
    <xsl:sequence select="'[' || ed:plain(node()) || ']'"/>
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
</xsl:stylesheet>
