<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-corpus.xsl (included by print.xsl): a teiCorpus file (another archive's, not
  the combined volume) as one print page: the corpus's title block and metadata, then
  every member as its own print page would show it, each from a new page, in the
  corpus's order (a nested teiCorpus likewise). Made from ed:prefixed-corpus, whose
  member keys (@ed:id) give every document and version its own ids.

  The combined volume (print-volume.xsl) is told apart by its members' @ed:id, which
  pipeline.render.volume sets.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="print-corpus" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/tei:teiCorpus[not(tei:TEI/@ed:id)]" priority="1">
    <xsl:call-template name="ed:print-page">
      <xsl:with-param name="title" select="ed:title(.)"/>
      <xsl:with-param name="description" select="normalize-space(tei:teiHeader/tei:profileDesc/tei:abstract)"/>
      <xsl:with-param name="class" select="'print corpus'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- (Matches as the page template above does, over print-volume.xsl's.) -->
  <xsl:template match="tei:teiCorpus[not(tei:TEI/@ed:id)]" mode="print-main" priority="1">
    <xsl:apply-templates select="ed:prefixed-corpus(.)" mode="print-corpus"/>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="print-corpus">
    <section class="corpus-section">
      <xsl:if test="@ed:id"><xsl:attribute name="id" select="@ed:id"/></xsl:if>
      <header class="doc-head corpus-head" data-running-title="{ed:shorten(ed:title(.), $ed:running-title-length)}">
        <xsl:if test="empty(parent::tei:teiCorpus)">
          <p class="edition-title">{$edition-title}</p>
        </xsl:if>
        <h1 class="doc-title">{ed:title(.)}</h1>
        <p class="corpus-count">{count(ed:documents(.))} {if (count(ed:documents(.)) = 1)
            then 'document' else 'documents'}</p>
      </header>
      <xsl:apply-templates select="tei:teiHeader" mode="print-metadata"/>
      <xsl:for-each select="tei:TEI | tei:teiCorpus">
        <div class="corpus-member">
          <xsl:apply-templates select="self::tei:TEI" mode="print-document"/>
          <xsl:apply-templates select="self::tei:teiCorpus" mode="print-corpus"/>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>
</xsl:stylesheet>
