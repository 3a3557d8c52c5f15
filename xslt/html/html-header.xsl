<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-header.xsl (included by html.xsl): the head of a document page (date, title,
  versions) and the metadata panel: the rows of ed:metadata as a definition list.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html-doc-head" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="html-header" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="html-value" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- ============================================================ page head -->

  <xsl:template match="tei:TEI" mode="html-doc-head">
    <xsl:param name="ed:level" as="xs:integer" select="1" tunnel="yes"/>
    <xsl:variable name="date" as="element(tei:date)?" select="ed:document-date(.)"/>
    <xsl:variable name="title" as="element(tei:title)?"
        select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
    <header class="doc-head">
      <xsl:if test="exists(ed:date-text($date))">
        <p class="doc-date"><time datetime="{ed:date-iso($date)}">{ed:date-text($date)}</time></p>
      </xsl:if>
      <xsl:element name="h{min(($ed:level, 6))}">
        <xsl:attribute name="class" select="'doc-title'"/>
        <xsl:call-template name="ed:html-lang"><xsl:with-param name="node" select="$title"/></xsl:call-template>
        <xsl:apply-templates select="." mode="html-title-content"/>
      </xsl:element>
      <xsl:call-template name="ed:html-versions-nav"/>
    </header>
  </xsl:template>

  <!-- What the h1 holds: the title (print adds footnotes here). -->
  <xsl:mode name="html-title-content" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:template match="tei:TEI" mode="html-title-content">{ed:title(.)}</xsl:template>

  <xsl:template name="ed:html-versions-nav">
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:ordered-versions(., $languages)"/>
    <xsl:if test="count($versions) gt 1">
      <nav class="versions-nav" aria-label="{ed:label('versions')}">
        <xsl:for-each select="$versions">
          <a href="#{ed:version-id(.)}">{ed:version-label(.)}</a>
        </xsl:for-each>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The HTML id of a version's section: its xml:id, else "{lang}-text" (in a corpus
       page prefixed with the member's key). -->
  <xsl:function name="ed:version-id" as="xs:string">
    <xsl:param name="text" as="element(tei:text)"/>
    <xsl:sequence select="($text/@xml:id ! string(.), ed:scoped-id($text, ed:lang($text) || '-text'))[1]"/>
  </xsl:function>

  <!-- A lang attribute when the node's language differs from the page's. -->
  <xsl:template name="ed:html-lang">
    <xsl:param name="node" as="node()?"/>
    <xsl:if test="exists($node) and ed:lang($node) ne 'und' and ed:lang($node) ne $ed:ui-lang">
      <xsl:attribute name="lang" select="ed:lang($node)"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ metadata -->

  <!-- The header's rows (worked out once: they are the costliest part of the page's head);
       a header with none is skipped as the mode skips what it has no rule for. -->
  <xsl:template match="tei:teiHeader" mode="html-header">
    <xsl:variable name="rows" as="map(*)*" select="ed:metadata(.., $languages)"/>
    <xsl:choose>
      <xsl:when test="exists($rows)">
        <section class="metadata" aria-labelledby="{ed:scoped-id(., 'ed-about')}">
          <h2 id="{ed:scoped-id(., 'ed-about')}">{ed:label('about')}</h2>
          <dl>
            <xsl:for-each select="$rows">
              <xsl:call-template name="ed:html-row">
                <xsl:with-param name="row" select="."/>
              </xsl:call-template>
            </xsl:for-each>
          </dl>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="@* | node()" mode="#current"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:html-row">
    <xsl:param name="row" as="map(*)"/>
    <div class="row row-{$row?key}{if ($row?prose) then ' prose' else ''}">
      <dt>{$row?label}</dt>
      <xsl:for-each select="$row?values">
        <dd>
          <xsl:apply-templates select="." mode="html-value">
            <xsl:with-param name="href" select="$row?href" tunnel="yes"/>
          </xsl:apply-templates>
        </dd>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- A string value, linked when the row has an address. -->
  <xsl:template match=".[. instance of xs:anyAtomicType]" mode="html-value">
    <xsl:param name="href" as="xs:string?" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="exists(ed:safe-url($href))"><a href="{$href}">{.}</a></xsl:when>
      <xsl:otherwise>{.}</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A version: a link to its section on the page. -->
  <xsl:template match="tei:text" mode="html-value">
    <a href="#{ed:version-id(.)}">{ed:version-label(.)}</a>
  </xsl:template>

  <!-- A paragraph or citation of the header: its id, language and inline marks. -->
  <xsl:template match="*" mode="html-value">
    <xsl:call-template name="ed:html-attrs">
      <xsl:with-param name="outer-lang" select="$ed:ui-lang"/>
    </xsl:call-template>
    <xsl:apply-templates mode="html"/>
  </xsl:template>

  <!-- ============================================================ legend -->

  <xsl:template name="ed:html-legend">
    <xsl:variable name="marks" as="xs:string*" select="ed:marks-used(ed:versions(.))"/>
    <xsl:if test="exists($marks)">
      <section class="legend" aria-labelledby="{ed:scoped-id(., 'ed-legend')}">
        <h2 id="{ed:scoped-id(., 'ed-legend')}">{ed:label('legend')}</h2>
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
