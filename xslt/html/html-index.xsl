<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-index.xsl (included by html.xsl): the index page, from a teiCorpus whose TEI
  children hold each document's header and the skeleton of its versions (see
  pipeline.render.Renderer.index). @ed:id on a TEI child is the document's id in the
  edition (its page is "{id}.html"); without it, its xml:id.

  The table is sorted by date (undated last), then title. Every document is linked with
  a plain <a href="{id}.html">, so the page works without JavaScript; assets/index.js
  adds filtering and sorting.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html-index" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/tei:teiCorpus">
    <xsl:variable name="docs" as="element(tei:TEI)*" select="tei:TEI"/>
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <title>{$edition-title}</title>
        <xsl:call-template name="ed:html-head-links"/>
        <script src="assets/index.js" defer="defer"></script>
      </head>
      <body class="index-page">
        <xsl:call-template name="ed:html-site-header"/>
        <main id="ed-main" class="index">
          <h1>{$edition-title}</h1>
          <p class="count">{count($docs)} {if (count($docs) = 1) then 'document' else 'documents'}</p>
          <p class="filter" hidden="hidden">
            <label for="filter">{ed:label('filter')}</label>
            <xsl:text> </xsl:text>
            <input type="search" id="filter" autocomplete="off"/>
          </p>
          <table class="documents" id="documents">
            <thead>
              <tr>
                <th scope="col" data-sort="date">{ed:label('date')}</th>
                <th scope="col" data-sort="text">{ed:label('title')}</th>
                <th scope="col" data-sort="text">{ed:label('languages')}</th>
              </tr>
            </thead>
            <tbody>
              <xsl:apply-templates select="$docs" mode="html-index">
                <xsl:sort select="(ed:date-iso(ed:document-date(.)), '~')[1]"/>
                <xsl:sort select="lower-case(ed:title(.))"/>
              </xsl:apply-templates>
            </tbody>
          </table>
        </main>
        <xsl:call-template name="ed:html-site-footer"/>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="html-index">
    <xsl:variable name="id" as="xs:string" select="string((@ed:id, @xml:id)[1])"/>
    <xsl:variable name="date" as="element(tei:date)?" select="ed:document-date(.)"/>
    <xsl:variable name="title" as="element(tei:title)?"
        select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
    <tr id="doc-{$id}" data-date="{ed:date-iso($date)}">
      <td class="date">
        <xsl:choose>
          <xsl:when test="exists(ed:date-text($date))">
            <time datetime="{ed:date-iso($date)}">{ed:date-text($date)}</time>
          </xsl:when>
          <xsl:otherwise><span class="undated">{ed:label('undated')}</span></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="title">
        <a href="{$id}.html">
          <xsl:call-template name="ed:html-lang"><xsl:with-param name="node" select="$title"/></xsl:call-template>
          <xsl:text>{ed:title(.)}</xsl:text>
        </a>
      </td>
      <td class="languages">{string-join(ed:document-languages(.) ! ed:language-name(., current()/tei:teiHeader), ', ')}</td>
    </tr>
  </xsl:template>

  <!-- The languages of a document's versions in the preferred order (langUsage when the
       document shows no versions). -->
  <xsl:function name="ed:document-languages" as="xs:string*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="versions" as="xs:string*"
        select="ed:ordered-versions($tei, $languages) ! ed:lang(.)"/>
    <xsl:sequence select="if (exists($versions[. ne 'und'])) then distinct-values($versions)
        else $tei/tei:teiHeader/tei:profileDesc/tei:langUsage/tei:language/@ident ! string(.)"/>
  </xsl:function>
</xsl:stylesheet>
