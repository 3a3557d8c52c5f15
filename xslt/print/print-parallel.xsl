<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-parallel.xsl (included by print.xsl): the versions of a document side by side.

  A table: one column per version in the preferred order, the versions' labels in the
  head (repeated on every page), one row per ed:parallel-rows, so that the paragraphs of
  one alignment link start at the same height. WeasyPrint splits a long row across pages
  and keeps the columns together; it does not place footnotes from table cells on the
  page of their call, so each cell ends with the notes its paragraphs call (numbered as
  on screen), and block notes (source, archival) stand in their row.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="print-parallel" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:TEI" mode="print-parallel">
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:ordered-versions(., $languages)"/>
    <table class="parallel columns-{count($versions)}">
      <colgroup>
        <xsl:for-each select="$versions"><col class="version-column"/></xsl:for-each>
      </colgroup>
      <thead>
        <tr>
          <xsl:for-each select="$versions">
            <th scope="col" id="{ed:print-version-id(.)}" class="version-label" lang="{$ed:ui-lang}"
                data-lang="{ed:lang(.)}">{ed:version-label(.)}</th>
          </xsl:for-each>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="ed:parallel-rows($versions, ed:paragraph-links(.))">
          <xsl:variable name="row" as="map(*)" select="."/>
          <tr class="{if ($row?linked) then 'linked' else 'unlinked'}">
            <xsl:for-each select="1 to count($versions)">
              <xsl:variable name="units" as="element()*" select="$row?cells(current())"/>
              <td lang="{ed:lang($versions[current()])}">
                <xsl:apply-templates select="$units" mode="html"/>
                <xsl:call-template name="ed:print-cell-notes">
                  <xsl:with-param name="units" select="$units"/>
                </xsl:call-template>
              </td>
            </xsl:for-each>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
</xsl:stylesheet>
