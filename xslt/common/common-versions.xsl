<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-versions.xsl (included by common.xsl): the versions of a document (a text, or
  the texts of a group in several languages), their order and labels, and the rows of
  a parallel view of them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- ================================================================ versions -->

  <!-- The versions of a document. A text whose group holds texts in several languages
       (or typed original, transcription, translation) is split into versions: each
       text of it that holds a body (not a group). Any other text is one version, texts
       grouped in it (an anthology) included. -->
  <xsl:function visibility="public" name="ed:versions" as="element(tei:text)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/tei:text ! (if (ed:is-split(.))
        then descendant::tei:text[not(tei:group)] else .)"/>
  </xsl:function>

  <!-- True when a document's text is split into versions (see ed:versions). -->
  <xsl:function name="ed:is-split" as="xs:boolean">
    <xsl:param name="text" as="element(tei:text)"/>
    <xsl:sequence select="exists($text/tei:group) and (
        count(distinct-values($text//tei:text[not(tei:group)] ! ed:lang(.))) gt 1
        or exists($text//tei:text/@type[. = ('original', 'transcription', 'translation')]))"/>
  </xsl:function>

  <!-- The version (tei:text) a node belongs to: the document's text when it is not split
       into versions, or what of it stands outside them (its front, back, group heads);
       in a source transcription, the sourceDoc. -->
  <xsl:function name="ed:version-of" as="element()?">
    <xsl:param name="n" as="node()"/>
    <xsl:variable name="top" as="element(tei:text)?" select="$n/ancestor-or-self::tei:text[last()]"/>
    <xsl:sequence select="if (empty($top)) then $n/ancestor-or-self::tei:sourceDoc[1]
        else if (not(ed:is-split($top))) then $top
        else ($n/ancestor-or-self::tei:text[not(tei:group)][1], $top)[1]"/>
  </xsl:function>

  <!-- What a split text holds besides its versions: front, the heads of its groups, back. -->
  <xsl:function visibility="public" name="ed:frame" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/tei:text[ed:is-split(.)]/(tei:front, .//tei:group/*[not(self::tei:text
        or self::tei:group)], tei:back)"/>
  </xsl:function>

  <!-- The language of a node: the nearest xml:lang, or 'und'. -->
  <xsl:function visibility="public" name="ed:lang" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="($n/ancestor-or-self::*[@xml:lang][1]/@xml:lang ! string(.), 'und')[1]"/>
  </xsl:function>

  <!-- The versions in the preferred language order, then in document order. -->
  <xsl:function visibility="public" name="ed:ordered-versions" as="element(tei:text)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="preferred" as="xs:string*"/>
    <xsl:perform-sort select="ed:versions($tei)">
      <xsl:sort select="ed:language-rank(ed:lang(.), $preferred)"/>
    </xsl:perform-sort>
  </xsl:function>

  <!-- Where a language stands in a preference list (exact tag first, then its primary
       subtag: 'zh' ranks 'zh-Hans'); languages not listed come last. -->
  <xsl:function visibility="public" name="ed:language-rank" as="xs:integer">
    <xsl:param name="lang" as="xs:string"/>
    <xsl:param name="preferred" as="xs:string*"/>
    <xsl:variable name="primary" as="xs:string" select="tokenize($lang, '-')[1]"/>
    <xsl:sequence select="(index-of($preferred, $lang), index-of($preferred, $primary), 1000)[1]"/>
  </xsl:function>

  <!-- "English translation", "Russian transcription", or just the language name (of a
       sourceDoc: "Transcription of the source"). -->
  <xsl:function visibility="public" name="ed:version-label" as="xs:string">
    <xsl:param name="text" as="element()"/>
    <xsl:variable name="name" as="xs:string"
        select="ed:language-name(ed:lang($text), $text/ancestor::tei:TEI[1]/tei:teiHeader)"/>
    <xsl:sequence select="if ($text/self::tei:sourceDoc) then ed:label('source-transcription')
        else if ($text/@type) then $name || ' ' || $text/@type else $name"/>
  </xsl:function>

  <!-- ================================================================ parallel rows -->

  <!-- The units of a version laid out in a parallel view: every element standing
       directly in its body, front, back or a div (divs themselves are opened), in
       document order. Nothing of the text is outside them. -->
  <xsl:function visibility="public" name="ed:units" as="element()*">
    <xsl:param name="version" as="element(tei:text)"/>
    <xsl:sequence select="$version/(tei:front | tei:body | tei:back)/descendant-or-self::*
        [ed:is-division(.)]/*[not(ed:is-division(.))]"/>
  </xsl:function>

  <!-- The paragraph alignment of a document: the links of its
       linkGrp[@type='alignment'][@subtype='paragraph'], in order. -->
  <xsl:function visibility="public" name="ed:paragraph-links" as="element(tei:link)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="$tei/tei:standOff/tei:linkGrp[@type = 'alignment'][@subtype = 'paragraph']
        /tei:link"/>
  </xsl:function>

  <!-- The rows of a parallel view of $versions (in the order of the columns).

       Each row is a map: 'linked' (true for a row of one paragraph link), 'cells' (an
       array with, per version, the units of that version in the row, possibly none).
       A row of a link holds the units it targets; units no link targets stand in a row
       of their own before the next linked row of their version (or at the end), so
       corresponding paragraphs start together and every unit appears exactly once, in
       its version's order. When the links cross (a version's units would leave their
       order), there is one row holding every version whole. -->
  <xsl:function visibility="public" name="ed:parallel-rows" as="map(*)*">
    <xsl:param name="versions" as="element(tei:text)*"/>
    <xsl:param name="links" as="element(tei:link)*"/>
    <xsl:variable name="index" as="map(xs:string, xs:integer)" select="map:merge(
        for $i in 1 to count($links) return
          for $t in tokenize(normalize-space($links[$i]/@target))[starts-with(., '#')]
          return map { substring($t, 2): $i },
        map { 'duplicates': 'use-first' })"/>
    <xsl:variable name="all-units" as="array(element()*)*" select="$versions ! array { ed:units(.) }"/>
    <!-- Per version: a row key per unit (2k for the units of link k, 2k - 1 for those
         waiting for link k; 2K + 1 for those after the last link). -->
    <xsl:variable name="keyed" as="array(xs:integer*)*" select="
        for $units in $all-units return
          let $links-of := $units?* ! ($index(string(@xml:id)), 0)[1]
          return array { ed:row-keys($links-of, count($links) + 1) }"/>
    <xsl:variable name="ordered" as="xs:boolean" select="every $k in $keyed satisfies
        (every $i in 2 to array:size($k) satisfies $k($i - 1) le $k($i))"/>
    <xsl:choose>
      <xsl:when test="$ordered and exists($links)">
        <!-- Per version: its units by row key, in order (one pass, not one per row). -->
        <xsl:variable name="by-key" as="map(xs:integer, element()*)*" select="
            for $v in 1 to count($versions) return
              let $units := $all-units[$v], $keys := $keyed[$v]
              return map:merge((1 to array:size($units)) ! map { $keys(.): $units(.) },
                               map { 'duplicates': 'combine' })"/>
        <xsl:for-each select="sort(distinct-values($keyed ! array:flatten(.)))">
          <xsl:variable name="key" as="xs:integer" select="."/>
          <xsl:sequence select="map {
              'linked': $key mod 2 = 0,
              'cells': array:join($by-key ! [ .($key) ]) }"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="map { 'linked': false(),
            'cells': array:join($versions ! [ ed:units(.) ]) }"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Row keys of a version's units from the link index of each (0: none). -->
  <xsl:function name="ed:row-keys" as="xs:integer*">
    <xsl:param name="links-of" as="xs:integer*"/>
    <xsl:param name="after-last" as="xs:integer"/>
    <xsl:sequence select="
        for $i in 1 to count($links-of)
        return if ($links-of[$i] gt 0) then 2 * $links-of[$i]
               else 2 * (($links-of[position() ge $i][. gt 0])[1], $after-last)[1] - 1"/>
  </xsl:function>
</xsl:stylesheet>
