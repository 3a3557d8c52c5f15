<?xml version="1.0" encoding="UTF-8"?>
<!--
  print.xsl: the print edition, HTML with CSS Paged Media for WeasyPrint (pipeline.render.
  render_pdf turns it into PDF).

  It is a customisation of the screen edition: it imports html/html.xsl (and through it
  common/) and overrides what paper needs differently: no site navigation, running heads
  and "Page x of y" (assets/print.css plus a small generated style for fonts, page size
  and the running title), every note a footnote (float: footnote): notes inside running
  text where they stand, notes standing as blocks (source and archival notes) on the
  heading of their version, or on the title of a single-version document.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../html/html.xsl"/>
  <xsl:import href="print-params.xsl"/>
  <xsl:include href="print-header.xsl"/>
  <xsl:include href="print-body.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
      include-content-type="no"/>

  <!-- The running title is cut to this many characters (at a word). -->
  <xsl:variable name="ed:running-title-length" as="xs:integer" select="70"/>

  <xsl:template match="/tei:TEI">
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="generator" content="tei-edition"/>
        <title>{ed:title(.)}</title>
        <xsl:for-each select="normalize-space(tei:teiHeader/tei:profileDesc/tei:abstract)[.]">
          <meta name="description" content="{.}"/>
        </xsl:for-each>
        <link rel="stylesheet" href="assets/print.css"/>
        <style>{ed:print-css(.)}</style>
      </head>
      <body class="print{if (count(ed:versions(.)) gt 1) then ' several-versions' else ''}" data-doc-id="{($doc-id[.], @xml:id, '')[1]}">
        <xsl:apply-templates select="." mode="html-doc-head"/>
        <xsl:apply-templates select="tei:teiHeader" mode="html-header"/>
        <xsl:if test="$show-legend">
          <xsl:call-template name="ed:html-legend"/>
        </xsl:if>
        <xsl:apply-templates select="ed:ordered-versions(., $languages)" mode="html"/>
      </body>
    </html>
  </xsl:template>

  <!-- The generated part of the style: fonts, page size, running title. -->
  <xsl:function name="ed:print-css" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="cjk" as="xs:string*" select="$fonts[contains(upper-case(.), 'CJK')]"/>
    <xsl:variable name="latin" as="xs:string*" select="$fonts[not(. = $cjk)]"/>
    <xsl:sequence select="string-join((
        '@page { size: ' || $page-size || '; }',
        '@page { @top-left { content: ' || ed:css-string($edition-title) || '; }',
        '  @top-right { content: '
            || ed:css-string(ed:shorten(ed:title($tei), $ed:running-title-length)) || '; } }',
        'body { font-family: ' || ed:css-fonts(($latin, $cjk)) || '; }',
        ':lang(zh), :lang(ja), :lang(ko) { font-family: ' || ed:css-fonts(($cjk, $latin)) || '; }',
        ':where(:lang(zh), :lang(ja), :lang(ko))'
            || ' :where([lang]:not(:lang(zh)):not(:lang(ja)):not(:lang(ko))) { font-family: '
            || ed:css-fonts(($latin, $cjk)) || '; }'),
        '&#10;')"/>
  </xsl:function>

  <!-- A CSS font-family list ending in the generic serif. -->
  <xsl:function name="ed:css-fonts" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="string-join(($names ! ed:css-string(.), 'serif'), ', ')"/>
  </xsl:function>

  <!-- A CSS string literal. -->
  <xsl:function name="ed:css-string" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="'&quot;' || replace(replace(normalize-space($s), '\\', '\\\\'),
        '&quot;', '\\&quot;') || '&quot;'"/>
  </xsl:function>

  <!-- At most $max characters, cut at a word and ended with "…". -->
  <xsl:function name="ed:shorten" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="max" as="xs:integer"/>
    <xsl:sequence select="if (string-length($s) le $max) then $s
        else replace(substring($s, 1, $max), '\s+\S*$', '') || ' …'"/>
  </xsl:function>
</xsl:stylesheet>
