<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-header.xsl (included by print.xsl): the title block of a document (edition name,
  date, title; the running heads' text), its metadata (the rows of ed:metadata as a
  definition list) and the legend of the editorial marks it uses.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="print-title-block" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="print-metadata" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="print-value" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="print-legend" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- ============================================================ title block -->

  <!-- Date and title; data-running-* feed the running heads (string-set in print.css),
       from the page after this one on. -->
  <xsl:template match="tei:TEI" mode="print-title-block">
    <xsl:variable name="date" as="xs:string?" select="ed:date-text(ed:document-date(.))"/>
    <xsl:variable name="title" as="element(tei:title)?"
        select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
    <header class="doc-head" data-running-title="{ed:shorten(ed:title(.), $ed:running-title-length)}"
        data-running-date="{$date}">
      <xsl:if test="empty(parent::tei:teiCorpus)">
        <p class="edition-title">{$edition-title}</p>
      </xsl:if>
      <xsl:if test="exists($date)">
        <p class="doc-date"><time datetime="{ed:date-iso(ed:document-date(.))}">{$date}</time></p>
      </xsl:if>
      <h1 class="doc-title">
        <xsl:call-template name="ed:print-lang">
          <xsl:with-param name="node" select="$title"/>
          <xsl:with-param name="outer" select="$ed:ui-lang"/>
        </xsl:call-template>
        <xsl:text>{ed:title(.)}</xsl:text>
        <xsl:variable name="versions" as="element(tei:text)*" select="ed:versions(.)"/>
        <xsl:if test="count($versions) = 1">
          <xsl:apply-templates select="ed:block-notes($versions)" mode="print-footnote"/>
        </xsl:if>
      </h1>
    </header>
  </xsl:template>

  <!-- A lang attribute when the node's language differs from the surrounding one. -->
  <xsl:template name="ed:print-lang">
    <xsl:param name="node" as="node()?"/>
    <xsl:param name="outer" as="xs:string"/>
    <xsl:if test="exists($node) and ed:lang($node) ne 'und' and ed:lang($node) ne $outer">
      <xsl:attribute name="lang" select="ed:lang($node)"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ metadata -->

  <!-- The header's rows (worked out once); a header with none is skipped as the mode
       skips what it has no rule for. -->
  <xsl:template match="tei:teiHeader" mode="print-metadata">
    <xsl:variable name="rows" as="map(*)*" select="ed:metadata(.., $languages)"/>
    <xsl:choose>
      <xsl:when test="exists($rows)">
        <section class="metadata">
          <h2>{ed:label('about')}</h2>
          <dl>
            <xsl:for-each select="$rows">
              <div class="row row-{?key}{if (?prose) then ' prose' else ''}">
                <dt>{?label}</dt>
                <xsl:variable name="href" as="xs:string?" select="?href"/>
                <xsl:for-each select="?values">
                  <dd>
                    <xsl:apply-templates select="." mode="print-value">
                      <xsl:with-param name="href" select="$href"/>
                    </xsl:apply-templates>
                  </dd>
                </xsl:for-each>
              </div>
            </xsl:for-each>
          </dl>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="@* | node()" mode="#current"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A string, linked when the row has an address (print.css prints the address). -->
  <xsl:template match=".[. instance of xs:anyAtomicType]" mode="print-value">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="exists(ed:safe-url($href))"><a href="{$href}">{.}</a></xsl:when>
      <xsl:otherwise>{.}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A version: its label. -->
  <xsl:template match="tei:text" mode="print-value">{ed:version-label(.)}</xsl:template>

  <!-- A paragraph or citation of the header: its id, language and inline marks. -->
  <xsl:template match="*" mode="print-value">
    <xsl:if test="@xml:id"><xsl:attribute name="id" select="@xml:id"/></xsl:if>
    <xsl:call-template name="ed:print-lang">
      <xsl:with-param name="node" select="."/>
      <xsl:with-param name="outer" select="$ed:ui-lang"/>
    </xsl:call-template>
    <xsl:apply-templates mode="html"/>
  </xsl:template>

  <!-- ============================================================ legend -->

  <xsl:template match="tei:TEI" mode="print-legend">
    <xsl:variable name="marks" as="xs:string*" select="ed:marks-used(ed:versions(.))"/>
    <xsl:if test="exists($marks)">
      <section class="legend">
        <h2>{ed:label('legend')}</h2>
        <dl>
          <xsl:for-each select="$marks">
            <div class="row">
              <dt><span class="mark {.}">{ed:mark-example(.)}</span></dt>
              <dd>{ed:mark-description(.)}</dd>
            </div>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
