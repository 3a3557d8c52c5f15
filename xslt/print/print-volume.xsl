<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-volume.xsl (included by print.xsl): the combined volume of a corpus.

  Input: a teiCorpus whose TEI children are whole documents in the volume's order, each
  with @ed:id (its id in the edition) and its ids and local pointers prefixed with
  "{id}." so that they stay unique (pipeline.render.volume builds it).

  Output: a title page with the edition's name and the contents (every document's date
  and title, its page number from target-counter), then every document as its own
  print page would show it, each from a new page, by date (undated last), then by id. The running heads follow the
  document of the page.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template match="/tei:teiCorpus">
    <xsl:call-template name="ed:print-page">
      <xsl:with-param name="title" select="$edition-title"/>
      <xsl:with-param name="description" select="''"/>
      <xsl:with-param name="class" select="'print volume'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:teiCorpus" mode="print-main">
    <xsl:variable name="documents" as="element(tei:TEI)*" select="ed:volume-order(tei:TEI)"/>
    <header class="volume-head">
      <h1 class="volume-title">{$edition-title}</h1>
      <p class="volume-count">{count($documents)} {if (count($documents) = 1) then 'document'
        else 'documents'}</p>
    </header>
    <nav class="contents">
      <h2>{ed:label('contents')}</h2>
      <ol>
        <xsl:for-each select="$documents">
          <li>
            <a href="#{ed:print-doc-id(.)}">
              <span class="toc-date">{ed:date-text(ed:document-date(.))}</span>
              <xsl:text> </xsl:text>
              <span class="toc-title">{ed:title(.)}</span>
            </a>
          </li>
        </xsl:for-each>
      </ol>
    </nav>
    <xsl:apply-templates select="$documents" mode="print-document"/>
  </xsl:template>

  <!-- The documents by date (undated last), then by id. -->
  <xsl:function name="ed:volume-order" as="element(tei:TEI)*">
    <xsl:param name="documents" as="element(tei:TEI)*"/>
    <xsl:perform-sort select="$documents">
      <xsl:sort select="empty(ed:date-iso(ed:document-date(.)))"/>
      <xsl:sort select="ed:date-iso(ed:document-date(.))"/>
      <xsl:sort select="ed:print-doc-id(.)"/>
    </xsl:perform-sort>
  </xsl:function>
</xsl:stylesheet>
