<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-style.xsl (included by print.xsl): the generated part of the print style, after
  assets/print.css: page size, the edition's name at the foot of the page, and the font
  families per script and language.

  Chinese, Japanese and Korean share code points but not glyph shapes, so the CJK family
  follows the language: a family named "… SC" (or TC, HK, JP, KR) in $fonts is switched to
  the region of the text's lang (zh, zh-Hans SC; zh-Hant, zh-TW TC; zh-HK HK; ja JP;
  ko KR), as fontconfig names the faces of Noto Serif CJK.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- The running title is cut to this many characters (at a word). -->
  <xsl:variable name="ed:running-title-length" static="yes" as="xs:integer" select="70"/>

  <!-- CSS :lang() selectors in increasing precedence → the CJK region they print in. -->
  <xsl:variable name="ed:cjk-regions" static="yes" as="array(xs:string)*" select="
      (['zh', 'SC'], ['zh-Hans', 'SC'], ['zh-Hant', 'TC'], ['zh-TW', 'TC'], ['zh-HK', 'HK'],
       ['ja', 'JP'], ['ko', 'KR'])"/>

  <xsl:function name="ed:print-css" as="xs:string">
    <xsl:variable name="cjk" as="xs:string*" select="$fonts[contains(upper-case(.), 'CJK')]"/>
    <xsl:variable name="latin" as="xs:string*" select="$fonts[not(. = $cjk)]"/>
    <xsl:sequence select="string-join((
        '@page { size: ' || $page-size || ';',
        '  @bottom-left { content: ' || ed:css-string($edition-title) || '; } }',
        'html, [lang]:not(:lang(zh)):not(:lang(ja)):not(:lang(ko)) { font-family: '
            || ed:css-fonts(($latin, $cjk)) || '; }',
        $ed:cjk-regions ! (':lang(' || ?1 || ') { font-family: '
            || ed:css-fonts((ed:cjk-variants($cjk, ?2), $latin)) || '; }')),
        '&#10;')"/>
  </xsl:function>

  <!-- CJK families switched to a region: "Noto Serif CJK SC" → "Noto Serif CJK TC". -->
  <xsl:function name="ed:cjk-variants" as="xs:string*">
    <xsl:param name="families" as="xs:string*"/>
    <xsl:param name="region" as="xs:string"/>
    <xsl:sequence select="$families ! replace(., ' (SC|TC|HK|JP|KR)$', ' ' || $region)"/>
  </xsl:function>

  <!-- A CSS font-family list ending in the generic serif. -->
  <xsl:function name="ed:css-fonts" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="string-join((distinct-values($names) ! ed:css-string(.), 'serif'), ', ')"/>
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
