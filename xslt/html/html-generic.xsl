<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-generic.xsl (included by html.xsl): TEI the edition did not write itself, mode
  "html". Readings, transcription marks and examples read as common-text.xsl says; the
  elements of drama, verse, tables, bibliographies, figures, title pages and source
  transcriptions get their own boxes; anything else keeps its text in a div (a block)
  or a span (in running text, ed:is-phrase) whose class names the TEI element:
  "tei-unknown tei-{name}" for elements no stylesheet knows, so that CSS can style them.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html-reading" on-no-match="shallow-skip" on-multiple-match="fail"/>
  <xsl:mode name="html-cast" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <!-- TEI elements this chapter or html-body.xsl render as boxes or spans of their own
       name (no "tei-unknown"): known, only not given a special layout. -->
  <xsl:variable name="ed:known-names" static="yes" as="xs:string*" select="
      ($ed:phrase-names, $ed:block-names, $ed:container-names, $ed:line-names,
       'docTitle', 'titlePart', 'byline', 'docAuthor', 'docImprint', 'docDate', 'argument',
       'epigraph', 'trailer', 'cit', 'speaker', 'role', 'roleDesc', 'castItem', 'actor',
       'analytic', 'monogr', 'series', 'imprint', 'author', 'editor', 'respStmt', 'resp',
       'biblScope', 'pubPlace', 'publisher', 'edition', 'extent', 'line', 'desc', 'figDesc',
       'item', 'cell', 'witDetail', 'rdgGrp', 'msIdentifier', 'msContents', 'msItem',
       'physDesc', 'history', 'origin', 'provenance', 'birth', 'death', 'occupation',
       'location', 'sex', 'event', 'relation', 'listRelation')"/>

  <xsl:variable name="ed:known-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:known-names ! map:entry(., true()))"/>

  <!-- True when the element is shown as an HTML block (div, p, ul, table …): inside a
       paragraph it turns the paragraph into a div. Notes do not count: their text goes
       to the end of the version. -->
  <xsl:function name="ed:html-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="not(ed:is-phrase($e))
        or exists($e/self::tei:list | $e/self::tei:table | $e/self::tei:lg | $e/self::tei:l
                  | $e/self::tei:sp | $e/self::tei:castList | $e/self::tei:figure
                  | $e/self::tei:floatingText | $e/self::*:egXML[not(ed:is-phrase($e))]
                  | $e/self::tei:eg | $e/self::tei:p | $e/self::tei:ab | $e/self::tei:quote[tei:p | tei:lg])"/>
  </xsl:function>

  <!-- True when an element holds an HTML block (ed:html-block) outside its notes. An
       element whose parent has text of its own (and is no division) is a phrase (as
       ed:is-phrase says first), so only its name can make it a block: most elements of
       running text are settled so, without ed:is-phrase. -->
  <xsl:function name="ed:html-holds-blocks" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e//*[not(self::tei:note)]
        [if (../text()[normalize-space()] and not(ed:is-division(..)))
         then exists(self::tei:list | self::tei:table | self::tei:lg | self::tei:l | self::tei:sp
                     | self::tei:castList | self::tei:figure | self::tei:floatingText | self::tei:eg
                     | self::tei:p | self::tei:ab | self::tei:quote[tei:p | tei:lg])
         else ed:html-block(.)]
        [not(ancestor::tei:note[. >> $e])])"/>
  </xsl:function>

  <!-- A space between two parts of a name or a citation written without one
       (<forename>A</forename><surname>B</surname> reads "A B"). -->
  <xsl:template name="ed:html-part-space">
    <xsl:if test="ed:needs-space-before(.)"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <!-- ============================================================ unknown elements -->

  <xsl:template match="*" mode="html" priority="-1">
    <xsl:call-template name="ed:html-part-space"/>
    <xsl:element name="{if (ed:is-phrase(.) and not(ed:html-holds-blocks(.))) then 'span' else 'div'}">
      <xsl:attribute name="class" select="(if (self::tei:* and map:contains($ed:known-set, local-name())) then ''
          else 'tei-unknown ') || 'tei-' || local-name()"/>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ readings -->

  <!-- A choice, apparatus entry or substitution: its readings in reading order, each
       after the first in its brackets (common-text.xsl). -->
  <xsl:template match="tei:choice | tei:app | tei:subst" mode="html">
    <span class="{local-name()}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates select="ed:readings(.)" mode="html-reading"/>
    </span>
  </xsl:template>

  <xsl:template match="*" mode="html-reading">
    <xsl:variable name="kind" as="xs:string?" select="ed:reading-kind(.)"/>
    <xsl:variable name="open" as="xs:string" select="ed:reading-open(.)"/>
    <xsl:if test="starts-with($open, ' ')"><xsl:text> </xsl:text></xsl:if>
    <span class="choice-part choice-part-{local-name()}{$kind ! (' mark ' || .)}">
      <xsl:call-template name="ed:html-mark-title"><xsl:with-param name="kind" select="$kind"/></xsl:call-template>
      <xsl:if test="not(self::tei:del or self::tei:add)">
        <xsl:call-template name="ed:html-attrs"/>
      </xsl:if>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="replace($open, '^ ', '')"/></xsl:call-template>
      <xsl:choose>
        <xsl:when test="self::tei:del or self::tei:add">
          <xsl:apply-templates select="." mode="html"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates mode="html"/>
          <xsl:if test="exists($kind)">{ed:reading-empty(.)}</xsl:if>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="ed:reading-close(.)"/></xsl:call-template>
    </span>
  </xsl:template>

  <xsl:template match="tei:del | tei:add" mode="html">
    <xsl:element name="{if (self::tei:del) then 'del' else 'ins'}">
      <xsl:attribute name="class" select="'mark ' || local-name()"/>
      <xsl:call-template name="ed:html-mark-title"><xsl:with-param name="kind" select="local-name()"/></xsl:call-template>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="ed:edit-open(.)"/></xsl:call-template>
      <xsl:apply-templates mode="html"/>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="ed:edit-close(.)"/></xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ examples, formulae, data -->

  <xsl:template match="*:egXML" mode="html">
    <xsl:variable name="code" as="element()">
      <code class="egXML-code">{ed:example-markup(.)}</code>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="ed:is-phrase(.)"><span class="egXML"><xsl:sequence select="$code"/></span></xsl:when>
      <xsl:otherwise><pre class="egXML"><xsl:sequence select="$code"/></pre></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:eg" mode="html">
    <pre class="eg"><xsl:call-template name="ed:html-attrs"/><xsl:value-of select="."/></pre>
  </xsl:template>

  <xsl:template match="tei:formula" mode="html">
    <xsl:element name="{if (ed:is-phrase(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'formula' || @notation ! (' formula-' || .)"/>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <!-- MathML is HTML's own: shown as it is, but only MathML: elements of other
       namespaces inside it give their text, and no attribute can run script or load
       anything (on…, href and src only with a safe address). An element named math in
       any other namespace is not MathML (XHTML smuggled in as "math" would reach the
       page): it is shown as an unknown element. -->
  <xsl:template match="mml:math" mode="html">
    <xsl:apply-templates select="." mode="ed:mathml"/>
  </xsl:template>

  <xsl:template match="mml:*" mode="ed:mathml">
    <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
      <xsl:apply-templates select="@*" mode="ed:mathml"/>
      <xsl:apply-templates mode="ed:mathml"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="*" mode="ed:mathml">
    <xsl:apply-templates mode="ed:mathml"/>
  </xsl:template>
  <xsl:template match="@*" mode="ed:mathml">
    <xsl:variable name="name" select="lower-case(local-name())"/>
    <xsl:if test="namespace-uri() = '' and not(starts-with($name, 'on'))
        and (not($name = ('href', 'src', 'style')) or ($name != 'style' and exists(ed:safe-url(.))))">
      <xsl:copy/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="text()" mode="ed:mathml">
    <xsl:copy/>
  </xsl:template>

  <!-- An embedded image is shown; other embedded files are named by their type. -->
  <xsl:template match="tei:binaryObject" mode="html">
    <xsl:choose>
      <xsl:when test="starts-with(@mimeType, 'image/') and (not(@encoding) or @encoding = 'base64')
          and ed:is-base64(.)">
        <img class="binaryObject" alt="{normalize-space(string-join(ancestor::tei:figure[1]/tei:figDesc))}"
            src="data:{@mimeType};base64,{replace(., '\s+', '')}"/>
      </xsl:when>
      <xsl:otherwise><span class="binaryObject">[{(@mimeType, 'binary data')[1]}]</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An image, its description (desc) shown under it. -->
  <!-- True when the text is whole base64 data (a truncated copy would fail the page). -->
  <xsl:function name="ed:is-base64" as="xs:boolean">
    <xsl:param name="data" as="xs:string"/>
    <xsl:variable name="s" as="xs:string" select="replace($data, '\s+', '')"/>
    <xsl:sequence select="string-length($s) mod 4 = 0 and matches($s, '^[A-Za-z0-9+/]+={0,2}$')"/>
  </xsl:function>

  <xsl:template match="tei:graphic" mode="html">
    <xsl:variable name="alt" select="normalize-space(string-join((tei:desc,
        ancestor::tei:figure[1]/tei:figDesc), ' '))"/>
    <xsl:choose>
      <xsl:when test="exists(ed:safe-url(@url))">
        <img class="graphic" src="{@url}" alt="{$alt}"/>
      </xsl:when>
      <xsl:otherwise><span class="graphic-ref">[{ed:label('image')}: {@url}]</span></xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="tei:desc">
      <span class="graphic-desc"><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates mode="html"/></span>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:space" mode="html">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- ============================================================ drama, verse -->

  <xsl:template match="tei:sp | tei:lg | tei:l | tei:speaker | tei:stage | tei:castList
      | tei:spGrp | tei:floatingText | tei:titlePage | tei:fw | tei:argument | tei:epigraph
      | tei:trailer | tei:group | tei:text[not(ed:version-of(.) is .)]" mode="html">
    <xsl:element name="{if (ed:is-phrase(.) and not(ed:html-holds-blocks(.))) then 'span' else 'div'}">
      <xsl:attribute name="class" select="string-join((local-name(), @type ! (local-name(..) || '-' || .)), ' ')"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates select="." mode="html-cast"/>
    </xsl:element>
  </xsl:template>

  <!-- The content of a box: a cast list as a list of its items, anything else as is. -->
  <xsl:template match="*" mode="html-cast">
    <xsl:apply-templates mode="html"/>
  </xsl:template>

  <xsl:template match="tei:castList | tei:castGroup" mode="html-cast">
    <xsl:apply-templates select="tei:head" mode="html"/>
    <ul class="cast">
      <xsl:for-each select="* except tei:head">
        <li class="{local-name()}">
          <xsl:call-template name="ed:html-attrs"/>
          <xsl:apply-templates select="." mode="html-cast"/>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template match="tei:castList/tei:head | tei:castGroup/tei:head" mode="html">
    <div class="cast-head"><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates mode="html"/></div>
  </xsl:template>

  <!-- ============================================================ tables -->

  <xsl:template match="tei:table" mode="html">
    <table class="table">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:for-each select="tei:head">
        <caption><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates mode="html"/></caption>
      </xsl:for-each>
      <xsl:apply-templates select="* except tei:head" mode="html"/>
    </table>
  </xsl:template>

  <xsl:template match="tei:row" mode="html">
    <tr><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates select="*" mode="html"/></tr>
  </xsl:template>

  <xsl:template match="tei:cell" mode="html">
    <xsl:element name="{if (@role = 'label' or ../@role = 'label') then 'th' else 'td'}">
      <xsl:if test="@cols castable as xs:integer"><xsl:attribute name="colspan" select="@cols"/></xsl:if>
      <xsl:if test="@rows castable as xs:integer"><xsl:attribute name="rowspan" select="@rows"/></xsl:if>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <!-- ============================================================ figures, bibliographies -->

  <xsl:template match="tei:figure" mode="html">
    <figure class="figure">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </figure>
  </xsl:template>

  <xsl:template match="tei:figure/tei:head" mode="html" priority="1">
    <figcaption class="head"><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates mode="html"/></figcaption>
  </xsl:template>

  <xsl:template match="tei:figDesc" mode="html">
    <span class="figDesc"><xsl:call-template name="ed:html-attrs"/><xsl:apply-templates mode="html"/></span>
  </xsl:template>

  <!-- A structured citation: its parts in order, separated as a citation is. -->
  <xsl:template match="tei:biblStruct" mode="html">
    <xsl:element name="{if (ed:is-phrase(.)) then 'span' else 'div'}">
      <xsl:attribute name="class" select="'biblStruct'"/>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:for-each select="*">
        <xsl:apply-templates select="." mode="html"/>
        <xsl:if test="position() ne last()">. </xsl:if>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:analytic | tei:monogr | tei:series | tei:imprint" mode="html">
    <span class="{local-name()}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:for-each select="node()[not(self::text()[not(normalize-space())])]">
        <xsl:if test="position() gt 1 and . instance of element()">, </xsl:if>
        <xsl:apply-templates select="." mode="html"/>
      </xsl:for-each>
    </span>
  </xsl:template>

  <!-- ============================================================ source transcriptions -->

  <xsl:template match="tei:sourceDoc" mode="html">
    <section class="sourceDoc" lang="{ed:lang(.)}">
      <xsl:call-template name="ed:html-attrs"/>
      <h2 class="version-label" lang="{$ed:ui-lang}">{ed:label('source-transcription')}</h2>
      <xsl:apply-templates mode="html"/>
      <xsl:call-template name="ed:html-version-notes"/>
    </section>
  </xsl:template>

  <xsl:template match="tei:surfaceGrp | tei:surface | tei:zone | tei:line" mode="html">
    <div class="{local-name()}">
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>
</xsl:stylesheet>
