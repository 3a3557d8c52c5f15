<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-params.xsl: the parameters of the HTML edition. Mirrored one to one by
  pipeline.render.HtmlOptions: a Python field name is the parameter name with "-"
  written "_" (edition-title ↔ edition_title).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The edition's name, shown on every page and in page titles. -->
  <xsl:param name="edition-title" as="xs:string" select="'TEI Edition'"/>

  <!-- Language tags in preferred order: versions are shown in this order ('zh' also
       ranks 'zh-Hans'); languages not listed follow in document order. -->
  <xsl:param name="languages" as="xs:string*" select="('en')"/>

  <!-- Whether a document page shows the legend of the editorial marks it uses. -->
  <xsl:param name="show-legend" as="xs:boolean" select="true()"/>
</xsl:stylesheet>
