<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-corpus.xsl (included by html.xsl): a teiCorpus as one page.

  The corpus's title and the main facts of its header, a list of its documents, then
  every member as an article: its own head, metadata panel and text, as its own page
  would show them (a nested teiCorpus likewise, one level down). The page is made from
  ed:prefixed-corpus, so that every id stays unique on it (common-corpus.xsl).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html-corpus" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/tei:teiCorpus">
    <xsl:call-template name="ed:html-page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="description" select="normalize-space(tei:teiHeader/tei:profileDesc/tei:abstract)"/>
      <xsl:with-param name="class" select="'document-page corpus-page'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="html-main">
    <main id="ed-main" class="document corpus">
      <xsl:apply-templates select="ed:prefixed-corpus(.)" mode="html-corpus"/>
    </main>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="html-corpus">
    <xsl:param name="ed:level" as="xs:integer" select="1" tunnel="yes"/>
    <xsl:variable name="members" as="element()*" select="tei:TEI | tei:teiCorpus"/>
    <header class="doc-head corpus-head">
      <xsl:element name="h{min(($ed:level, 6))}">
        <xsl:attribute name="class" select="'doc-title'"/>
        <xsl:call-template name="ed:html-lang">
          <xsl:with-param name="node" select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
        </xsl:call-template>
        <xsl:text>{ed:title(.)}</xsl:text>
      </xsl:element>
      <p class="corpus-count">{count(ed:documents(.))} {if (count(ed:documents(.)) = 1)
          then 'document' else 'documents'}</p>
    </header>
    <div class="corpus-apparatus apparatus">
      <xsl:apply-templates select="tei:teiHeader" mode="html-header"/>
    </div>
    <nav class="contents corpus-contents" aria-label="{ed:label('documents')}">
      <ol>
        <xsl:for-each select="$members">
          <li><a href="#{@ed:id}">{ed:title(.)}</a></li>
        </xsl:for-each>
      </ol>
    </nav>
    <xsl:for-each select="$members">
      <article class="corpus-member" id="{@ed:id}">
        <xsl:apply-templates select="." mode="html-member">
          <xsl:with-param name="ed:level" select="$ed:level + 1" tunnel="yes"/>
        </xsl:apply-templates>
      </article>
    </xsl:for-each>
  </xsl:template>

  <xsl:mode name="html-member" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:TEI" mode="html-member">
    <xsl:apply-templates select="." mode="html-document"/>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="html-member">
    <xsl:apply-templates select="." mode="html-corpus"/>
  </xsl:template>

  <!-- An id of the page made unique among the members: prefixed with the member's key. -->
  <xsl:function name="ed:scoped-id" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="string-join(($n/ancestor-or-self::*[@ed:id][1]/@ed:id, $id), '.')"/>
  </xsl:function>
</xsl:stylesheet>
