<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt.xsl: the plain-text edition of ONE version of a document ($version-lang).

  Layout, stable so that editions diff well: the title; a blank line; the header block
  ("Label: value", one a line, paragraphs of a row on indented lines); a blank line and
  "* * *"; the blocks of the text, one blank line between blocks, lines never wrapped;
  the version's notes; a final newline. Editorial marks read as common.xsl says.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../common/common.xsl"/>
  <xsl:import href="txt-params.xsl"/>
  <xsl:include href="txt-header.xsl"/>
  <xsl:include href="txt-body.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:mode on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes">expected a TEI element, found {name()}</xsl:message>
  </xsl:template>

  <xsl:template match="/tei:TEI">
    <xsl:variable name="version" as="element(tei:text)" select="ed:selected-version(.)"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:sequence select="ed:title(.)"/>
      <xsl:apply-templates select="tei:teiHeader" mode="txt-header">
        <xsl:with-param name="version" select="$version" tunnel="yes"/>
      </xsl:apply-templates>
      <xsl:sequence select="'* * *'"/>
      <xsl:apply-templates select="$version" mode="txt"/>
    </xsl:variable>
    <xsl:value-of select="string-join($parts[normalize-space(.)], '&#10;&#10;') || '&#10;'"/>
  </xsl:template>

  <!-- The version $version-lang names, or the only one; stops with a message otherwise. -->
  <xsl:function name="ed:selected-version" as="element(tei:text)">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:versions($tei)"/>
    <xsl:variable name="chosen" as="element(tei:text)*" select="
        if ($version-lang = '' and count($versions) = 1) then $versions
        else $versions[ed:lang(.) = $version-lang]"/>
    <xsl:if test="empty($chosen)">
      <xsl:message terminate="yes">no version in language "{$version-lang}" (the document has: {
          string-join($versions ! ed:lang(.), ', ')})</xsl:message>
    </xsl:if>
    <xsl:sequence select="$chosen[1]"/>
  </xsl:function>
</xsl:stylesheet>
