<?xml version="1.0" encoding="UTF-8"?>
<!--
  txt-params.xsl: the parameters of the plain-text edition. Mirrored one to one by
  pipeline.render.TxtOptions (a Python field is the parameter with "-" written "_").
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    exclude-result-prefixes="#all">

  <!-- The edition's name, given in the header block. -->
  <xsl:param name="edition-title" as="xs:string" select="'TEI Edition'"/>

  <!-- The version to write, by its xml:lang exactly as written (en, ru, zh-Hans). Empty:
       the document's only version (an error when it has several). -->
  <xsl:param name="version-lang" as="xs:string" select="''"/>

  <!-- Show the page breaks of the original as "//" (true), or read through them (false:
       a word split across the break is joined, a spaced break reads as one space). -->
  <xsl:param name="show-page-breaks" as="xs:boolean" select="true()"/>
</xsl:stylesheet>
