<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-corpus.xsl (included by common.xsl): what a document's readable parts are, and
  a teiCorpus as one page.

  A document's parts are its versions (ed:versions) and its source transcriptions
  (sourceDoc: the text of the document's surfaces, line by line), shown after them.

  A teiCorpus renders as one page: its header, then every member TEI (and nested
  teiCorpus) in order, each with its own header and text. Members' ids would repeat
  (two letters each with a "p1"), so the page is made from a copy in which every
  member carries @ed:id, its key ("d2", or "d2-1" in a nested corpus: the member's
  place), and every xml:id and local pointer (#x) inside it is prefixed with "{key}.",
  as pipeline.render.volume does for the combined volume.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The readable parts of a document: its versions, then its source transcriptions. -->
  <xsl:function visibility="public" name="ed:parts" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ed:versions($tei), $tei/tei:sourceDoc"/>
  </xsl:function>

  <!-- The documents of a TEI or teiCorpus element, in order (a TEI: itself). -->
  <xsl:function visibility="public" name="ed:documents" as="element(tei:TEI)*">
    <xsl:param name="root" as="element()"/>
    <xsl:sequence select="$root/descendant-or-self::tei:TEI"/>
  </xsl:function>

  <!-- ================================================================ ids of a corpus -->

  <!-- Attributes that name a category rather than point at an element: kept as written. -->
  <xsl:variable name="ed:not-pointers" static="yes" as="xs:string*" select="('scheme', 'url', 'facs')"/>

  <!-- A copy of the corpus whose members have @ed:id and prefixed ids (see the top). -->
  <xsl:function visibility="public" name="ed:prefixed-corpus" as="element(tei:teiCorpus)">
    <xsl:param name="corpus" as="element(tei:teiCorpus)"/>
    <xsl:variable name="copy" as="document-node()">
      <xsl:document>
        <xsl:apply-templates select="$corpus" mode="ed:prefix-ids"/>
      </xsl:document>
    </xsl:variable>
    <xsl:sequence select="$copy/tei:teiCorpus"/>
  </xsl:function>

  <!-- The key of a member: "d" and its place among the members, nested places joined. -->
  <xsl:function name="ed:member-key" as="xs:string">
    <xsl:param name="member" as="element()"/>
    <xsl:sequence select="'d' || string-join($member/ancestor-or-self::*[parent::tei:teiCorpus]
        ! string(count(preceding-sibling::tei:TEI | preceding-sibling::tei:teiCorpus) + 1), '-')"/>
  </xsl:function>

  <xsl:mode name="ed:prefix-ids" on-no-match="shallow-copy" on-multiple-match="fail"/>

  <xsl:template match="tei:teiCorpus/tei:TEI | tei:teiCorpus/tei:teiCorpus" mode="ed:prefix-ids">
    <xsl:copy>
      <xsl:attribute name="ed:id" select="ed:member-key(.)"/>
      <xsl:apply-templates select="@*, node()" mode="#current">
        <xsl:with-param name="key" select="ed:member-key(.)" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="@xml:id" mode="ed:prefix-ids" priority="1">
    <xsl:param name="key" as="xs:string?" tunnel="yes"/>
    <xsl:attribute name="xml:id" select="string-join(($key, .), '.')"/>
  </xsl:template>

  <xsl:template match="@*[contains(., '#')][not(local-name() = $ed:not-pointers)]" mode="ed:prefix-ids">
    <xsl:param name="key" as="xs:string?" tunnel="yes"/>
    <xsl:attribute name="{name()}" namespace="{namespace-uri()}" select="string-join(
        tokenize(normalize-space(.)) ! (if (starts-with(., '#') and exists($key))
                                        then '#' || $key || '.' || substring(., 2) else .), ' ')"/>
  </xsl:template>
</xsl:stylesheet>
