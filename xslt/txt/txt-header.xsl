<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt-header.xsl (included by txt.xsl): the header block, one "Label: value" line per
  row of ed:metadata; several short values are joined with "; ", paragraphs of a prose
  row (summary, citation, editorial notes) go on lines of their own, indented by two
  spaces. The "Versions" row becomes "This version" and "Other versions".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="txt-header" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:teiHeader" mode="txt-header">
    <xsl:param name="parts" as="element()*" tunnel="yes"/>
    <!-- (ed:txt-files makes the rows of the document it writes once for all its files) -->
    <xsl:param name="ed:txt-metadata" as="map(*)?" tunnel="yes" select="()"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:for-each select="if ($ed:txt-metadata?of is ..) then $ed:txt-metadata?rows?*
          else ed:txt-rows(..)">
        <xsl:sequence select="if (. instance of xs:string) then . else ed:txt-version-lines($parts)"/>
      </xsl:for-each>
      <xsl:sequence select="ed:label('edition') || ': ' || $edition-title"/>
      <xsl:sequence select="ed:txt-legend($parts)"/>
    </xsl:variable>
    <xsl:sequence select="string-join($lines, '&#10;')"/>
  </xsl:template>

  <!-- The metadata rows of a document as lines, but for the rows of its versions and
       language, which each file writes as its own (left as maps). -->
  <xsl:function name="ed:txt-rows" as="item()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ed:metadata($tei)
        ! (if (?key = ('versions', 'language')) then . else ed:txt-row(.))"/>
  </xsl:function>

  <!-- One row as "Label: value" (prose values after the first on indented lines). -->
  <xsl:function name="ed:txt-row" as="xs:string">
    <xsl:param name="row" as="map(*)"/>
    <xsl:variable name="values" as="xs:string*" select="$row?values ! ed:value-text(.)"/>
    <xsl:variable name="href" as="xs:string?"
        select="$row?href[not(. = $values)] ! (' &lt;' || . || '&gt;')"/>
    <xsl:sequence select="$row?label || ': ' || (if ($row?prose)
        then string-join($values, '&#10;  ') else string-join($values, '; ')) || $href"/>
  </xsl:function>

  <xsl:function name="ed:txt-version-lines" as="xs:string*">
    <xsl:param name="parts" as="element()*"/>
    <xsl:variable name="others" as="element(tei:text)*"
        select="ed:versions($parts[1]/ancestor::tei:TEI[1]) except $parts"/>
    <xsl:sequence select="(ed:label('this-version') || ': '
        || string-join($parts ! ed:txt-version(.), '; '))[exists($parts)]"/>
    <xsl:sequence select="(ed:label('other-versions') || ': '
        || string-join($others ! ed:txt-version(.), '; '))[exists($others)]"/>
  </xsl:function>

  <!-- "Chinese translation (zh-Hans)". -->
  <xsl:function name="ed:txt-version" as="xs:string">
    <xsl:param name="version" as="element()"/>
    <xsl:sequence select="ed:version-label($version) || ' (' || ed:lang($version) || ')'"/>
  </xsl:function>

  <!-- The marks this version shows: "Editorial marks: [word] = words supplied …; …"
       (page breaks only when shown). -->
  <xsl:function name="ed:txt-legend" as="xs:string?">
    <xsl:param name="version" as="element()*"/>
    <xsl:variable name="marks" as="xs:string*"
        select="ed:marks-used($version)[. ne 'pb' or $show-page-breaks]"/>
    <xsl:sequence select="(ed:label('legend') || ': ' || string-join($marks !
        (ed:txt-mark-example(., $version) || ' = ' || ed:mark-description(.)), '; '))
        [exists($marks)]"/>
  </xsl:function>

  <!-- How a mark reads, as the version writes it: an omission as its source printed
       it when every omission of the version was printed alike ("[...]"); lost text as
       "□" when every loss is counted in marks, "[?]" when none is. -->
  <xsl:function name="ed:txt-mark-example" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="version" as="element()*"/>
    <xsl:variable name="gaps" as="element(tei:gap)*" select="$version//tei:gap[ed:mark-kind(.) = $kind]"/>
    <xsl:variable name="omitted" as="xs:string*" select="distinct-values($gaps ! ed:gap-text(.))"/>
    <xsl:variable name="counts" as="xs:integer*" select="$gaps ! ed:lost-count(.)"/>
    <xsl:sequence select="
        if ($kind = 'omitted' and count($omitted) = 1) then $omitted
        else if ($kind = 'lost' and count($counts) = count($gaps) and max($counts) le $ed:max-lost-marks)
          then $ed:lost-mark
        else if ($kind = 'lost' and empty($counts)) then '[?]'
        else ed:mark-example($kind)"/>
  </xsl:function>
</xsl:stylesheet>
