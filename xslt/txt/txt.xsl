<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt.xsl: the plain-text edition of ONE version of a document ($version-lang): its
  parts in that language (ed:parts: the text, or the versions in that language, and
  source transcriptions). A teiCorpus gives one file per language too: the corpus's
  title and header block, then every document with a part in that language, each after
  a line "= = =".

  Layout, stable so that editions diff well: the title; a blank line; the header block
  ("Label: value", one a line, paragraphs of a row on indented lines); a blank line and
  "* * *"; the blocks of the text, one blank line between blocks, lines never wrapped;
  the version's notes; a final newline. Editorial marks read as common.xsl says.

  ed:txt-files gives the files of several languages from one run, each exactly as a run
  with that $version-lang gives it (pipeline.render.Renderer.txt: the document is read
  and its header worked out once, not once per language).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../common/common.xsl"/>
  <xsl:import href="txt-params.xsl"/>
  <xsl:include href="txt-header.xsl"/>
  <xsl:include href="txt-body.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:mode on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes">expected a TEI or teiCorpus element, found {name()}</xsl:message>
  </xsl:template>

  <!-- The file of one language: $version-lang, or the language ed:txt-files asks for. -->
  <xsl:template match="/tei:TEI | /tei:teiCorpus">
    <xsl:param name="ed:txt-lang" as="xs:string" select="$version-lang" tunnel="yes"/>
    <xsl:variable name="chosen" as="element()+" select="ed:selected-parts(., $ed:txt-lang)"/>
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:apply-templates select="." mode="txt-document">
        <xsl:with-param name="chosen" select="$chosen" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:value-of select="string-join($blocks[normalize-space(.)], '&#10;&#10;') || '&#10;'"/>
  </xsl:template>

  <xsl:mode name="txt-document" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- A document: title, header block, rule, then its parts in this file's language
       (what a text split into versions holds besides them goes with its first version). -->
  <xsl:template match="tei:TEI" mode="txt-document">
    <xsl:param name="chosen" as="element()+" tunnel="yes"/>
    <xsl:variable name="parts" as="element()*" select="ed:parts(.)[. intersect $chosen]"/>
    <xsl:if test="exists($parts)">
      <xsl:sequence select="ed:title(.)"/>
      <xsl:apply-templates select="tei:teiHeader" mode="txt-header">
        <xsl:with-param name="parts" select="$parts" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:sequence select="'* * *'"/>
      <xsl:if test="ed:versions(.)[1] intersect $parts">
        <xsl:apply-templates select="ed:frame(.)" mode="txt"/>
      </xsl:if>
      <xsl:apply-templates select="$parts" mode="txt"/>
    </xsl:if>
  </xsl:template>

  <!-- A corpus: its title and header block, then each of its documents that has a part
       in this file's language, under a rule of its own. -->
  <xsl:template match="tei:teiCorpus" mode="txt-document">
    <xsl:param name="chosen" as="element()+" tunnel="yes"/>
    <xsl:sequence select="ed:title(.)"/>
    <xsl:apply-templates select="tei:teiHeader" mode="txt-header"/>
    <xsl:for-each select="(tei:TEI | tei:teiCorpus)[exists(ed:documents(.) ! ed:parts(.) intersect $chosen)]">
      <xsl:sequence select="'= = ='"/>
      <xsl:apply-templates select="." mode="txt-document"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The parts in language $lang, or every part when all are in one language and $lang
       is ''; stops with a message when there is none. -->
  <xsl:function name="ed:selected-parts" as="element()+">
    <xsl:param name="root" as="element()"/>
    <xsl:param name="lang" as="xs:string"/>
    <xsl:variable name="parts" as="element()*" select="ed:documents($root) ! ed:parts(.)"/>
    <xsl:variable name="chosen" as="element()*" select="
        if ($lang = '' and count(distinct-values($parts ! ed:lang(.))) = 1) then $parts
        else $parts[ed:lang(.) = $lang]"/>
    <xsl:if test="empty($chosen)">
      <xsl:message terminate="yes">no version in language "{$lang}" (the document has: {
          string-join(distinct-values($parts ! ed:lang(.)), ', ')})</xsl:message>
    </xsl:if>
    <xsl:sequence select="$chosen"/>
  </xsl:function>

  <!-- The files of the languages $langs, in their order: for each, the text a run with
       that $version-lang writes (the document node is processed as such a run does).
       pipeline.render.Renderer.txt calls it as a named template (ed:txt-files). -->
  <xsl:template name="ed:txt-files" as="xs:string*">
    <xsl:param name="doc" as="document-node()" required="yes"/>
    <xsl:param name="langs" as="xs:string*" required="yes"/>
    <xsl:sequence select="ed:txt-files($doc, $langs)"/>
  </xsl:template>

  <xsl:function visibility="public" name="ed:txt-files" as="xs:string*">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="langs" as="xs:string*"/>
    <!-- (The document's metadata lines are the same in every file: made once.) -->
    <xsl:variable name="made" as="map(*)" select="map { 'of': $doc/*,
        'rows': array { ed:txt-rows($doc/*) } }"/>
    <xsl:for-each select="$langs">
      <xsl:variable name="file">
        <xsl:apply-templates select="$doc">
          <xsl:with-param name="ed:txt-lang" select="string(.)" tunnel="yes"/>
          <xsl:with-param name="ed:txt-metadata" select="$made" tunnel="yes"/>
        </xsl:apply-templates>
      </xsl:variable>
      <xsl:sequence select="string($file)"/>
    </xsl:for-each>
  </xsl:function>
</xsl:stylesheet>
