<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-parallel.xsl (included by html.xsl): the parallel view of a document with
  several versions, which is also its reading text.

  One column per version, in the preferred language order; one row per paragraph link
  (ed:parallel-rows), so corresponding paragraphs start at the same height and the
  columns scroll together. Units no link targets (an opener, a source note) stand in a
  row of their own where they occur. Every block and sentence keeps its TEI id as id and
  its counterparts' ids in data-corresp (html-body.xsl); assets/document.js highlights
  the counterparts of the sentence under the pointer or clicked, and switches columns
  on and off. On a narrow screen the cells of a row stack, each labelled with its
  version, so corresponding paragraphs follow each other.

  Without JavaScript every column shows and the toggles stay hidden.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:template name="ed:html-parallel">
    <xsl:param name="versions" as="element(tei:text)+"/>
    <xsl:variable name="rows" as="map(*)*"
        select="ed:parallel-rows($versions, ed:paragraph-links(.))"/>
    <section class="parallel" aria-labelledby="{ed:scoped-id(., 'ed-parallel')}" style="--columns: {count($versions)}">
      <h2 id="{ed:scoped-id(., 'ed-parallel')}" class="visually-hidden">{ed:label('parallel')}</h2>
      <fieldset class="pv-toggles" hidden="hidden">
        <legend>{ed:label('show-versions')}</legend>
        <xsl:for-each select="$versions">
          <label>
            <input type="checkbox" checked="checked" data-column="{position()}"/>
            <xsl:text> {ed:version-label(.)}</xsl:text>
          </label>
        </xsl:for-each>
      </fieldset>
      <div class="pv-grid">
        <div class="pv-row pv-head">
          <xsl:for-each select="$versions">
            <h2 class="pv-cell version-label" id="{ed:version-id(.)}" data-column="{position()}"
                lang="{$ed:ui-lang}">{ed:version-label(.)}</h2>
          </xsl:for-each>
        </div>
        <xsl:for-each select="$rows">
          <xsl:variable name="row" as="map(*)" select="."/>
          <div class="pv-row{if ($row?linked) then ' pv-linked' else ''}">
            <xsl:for-each select="$versions">
              <xsl:variable name="column" as="xs:integer" select="position()"/>
              <div class="pv-cell version-{(@type, 'text')[1]}" data-column="{$column}"
                  data-label="{ed:version-label(.)}" lang="{ed:lang(.)}">
                <xsl:if test="empty($row?cells($column))">
                  <xsl:attribute name="data-empty" select="'true'"/>
                </xsl:if>
                <xsl:apply-templates select="$row?cells($column)" mode="html"/>
              </div>
            </xsl:for-each>
          </div>
        </xsl:for-each>
        <xsl:if test="exists($versions//tei:note[ed:is-inline-note(.)])">
          <div class="pv-row pv-notes">
            <xsl:for-each select="$versions">
              <div class="pv-cell" data-column="{position()}" data-label="{ed:version-label(.)}"
                  lang="{ed:lang(.)}">
                <xsl:call-template name="ed:html-version-notes"/>
              </div>
            </xsl:for-each>
          </div>
        </xsl:if>
      </div>
    </section>
  </xsl:template>
</xsl:stylesheet>
