<?xml version="1.0" encoding="UTF-8"?>
<!--
  print-params.xsl: the parameters of the print edition (HTML + CSS Paged Media for
  WeasyPrint). Mirrored one to one by pipeline.render.PrintOptions (a Python field is the
  parameter with "-" written "_").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The edition's name: first line of the title block, foot of every page, title of
       the combined volume. -->
  <xsl:param name="edition-title" as="xs:string" select="'TEI Edition'"/>

  <!-- Language tags in preferred order of the versions (see html-params.xsl): the order
       of the columns of a parallel document. -->
  <xsl:param name="languages" as="xs:string*" select="('en')"/>

  <!-- Font families in order of preference, as fontconfig names them. Families whose
       name contains "CJK" come first for Chinese, Japanese and Korean text; a CJK family
       ending in a region (SC, TC, HK, JP, KR) is switched to the region of the text's
       language: zh and zh-Hans SC, zh-Hant and zh-TW TC, zh-HK HK, ja JP, ko KR. -->
  <xsl:param name="fonts" as="xs:string*"
      select="('Noto Serif', 'Noto Serif CJK SC', 'Noto Sans CJK SC')"/>

  <!-- Whether the first page shows the legend of the editorial marks the text uses. -->
  <xsl:param name="show-legend" as="xs:boolean" select="true()"/>

  <!-- The CSS page size: A4, letter, "170mm 240mm" … -->
  <xsl:param name="page-size" as="xs:string" select="'A4'"/>

  <!-- Whether a document with several versions is printed in parallel columns (one row
       per aligned paragraph; notes at the end of their cell), or its versions one after
       another (notes as footnotes). -->
  <xsl:param name="parallel" as="xs:boolean" select="true()"/>
</xsl:stylesheet>
