<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-summary.xsl: what the corpus-level pages need of one document, as a small XML
  record (pipeline.render.Renderer.summary). The index page and the registers page are
  made from these records, so a build keeps one record per document in memory, never the
  documents themselves. The search index reads the title and summary here and the
  document's text in its plain-text edition (pipeline.render.document), which is rendered
  anyway: a second plain reading of every version here cost as much as this whole record.

    <ed:summary id="…" title="…" title-lang="…" date="ISO" date-text="…" type="…" archive="…">
      <ed:language ident="en" name="English"/>…       versions (or langUsage) in order
      <ed:abstract>…</ed:abstract>                       the summary, plain
      <ed:entity kind="person" key="…" anchor="…" name="…" details="…">
        <ed:uri>…</ed:uri> <ed:mention id="…"/>
      </ed:entity>…
    </ed:summary>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:import href="../common/common.xsl"/>
  <xsl:import href="html-params.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:param name="doc-id" as="xs:string" select="''"/>

  <xsl:mode on-no-match="shallow-skip"/>

  <xsl:template match="/tei:TEI">
    <xsl:variable name="header" as="element(tei:teiHeader)?" select="tei:teiHeader"/>
    <xsl:variable name="date" as="element(tei:date)?" select="ed:document-date(.)"/>
    <xsl:variable name="ms" as="element(tei:msIdentifier)*"
        select="($header/tei:fileDesc/tei:sourceDesc//tei:msDesc)[1]/tei:msIdentifier"/>
    <xsl:variable name="versions" as="element(tei:text)*" select="ed:ordered-versions(., $languages)"/>
    <xsl:variable name="langs" as="xs:string*" select="
        let $v := distinct-values($versions ! ed:lang(.))[. ne 'und']
        return if (exists($v)) then $v
               else $header/tei:profileDesc/tei:langUsage/tei:language/@ident ! string(.)"/>
    <xsl:variable name="title" as="element(tei:title)?"
        select="($header/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
    <ed:summary id="{($doc-id[.], @xml:id, '')[1]}" title="{ed:title(.)}"
        title-lang="{if (exists($title)) then ed:lang($title) else 'und'}"
        date="{ed:date-iso($date)}" date-text="{ed:date-text($date)}"
        type="{string-join(distinct-values($header/tei:profileDesc/tei:textClass
               /tei:keywords[@scheme = '#documentType']/tei:term ! normalize-space(.)), '; ')}"
        archive="{(($ms/tei:repository, $ms/tei:institution) ! normalize-space(.))[.][1]}">
      <xsl:for-each select="$langs">
        <ed:language ident="{.}" name="{ed:language-name(., $header)}"/>
      </xsl:for-each>
      <xsl:for-each select="normalize-space($header/tei:profileDesc/tei:abstract)[.]">
        <ed:abstract>{.}</ed:abstract>
      </xsl:for-each>
      <xsl:call-template name="ed:summary-entities"/>
    </ed:summary>
  </xsl:template>

  <!-- A corpus: its title, the languages of all its documents, and their
       entities with the ids of the corpus page (made from ed:prefixed-corpus). -->
  <xsl:template match="/tei:teiCorpus">
    <xsl:variable name="corpus" as="element(tei:teiCorpus)" select="ed:prefixed-corpus(.)"/>
    <xsl:variable name="parts" as="element()*" select="ed:documents($corpus) ! ed:parts(.)"/>
    <xsl:variable name="title" as="element(tei:title)?"
        select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title)[1]"/>
    <ed:summary id="{($doc-id[.], @xml:id, '')[1]}" title="{ed:title(.)}"
        title-lang="{if (exists($title)) then ed:lang($title) else 'und'}" date="" date-text=""
        type="" archive="">
      <xsl:for-each select="distinct-values($parts ! ed:lang(.))[. ne 'und']">
        <ed:language ident="{.}" name="{ed:language-name(.)}"/>
      </xsl:for-each>
      <xsl:for-each select="ed:documents($corpus)">
        <xsl:call-template name="ed:summary-entities"/>
      </xsl:for-each>
    </ed:summary>
  </xsl:template>

  <xsl:template name="ed:summary-entities">
    <xsl:for-each select="ed:entities(.)">
      <ed:entity kind="{?kind}" key="{?key}" anchor="{?anchor}" name="{?name}"
          details="{?details}">
        <xsl:for-each select="?uris?*"><ed:uri>{.}</ed:uri></xsl:for-each>
        <xsl:for-each select="?mentions?*"><ed:mention id="{ed:id(.)}"/></xsl:for-each>
      </ed:entity>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
