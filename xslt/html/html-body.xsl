<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-body.xsl (included by html.xsl): the reading text, mode "html".

  Each version is a <section lang="…">; every element standing for a TEI block or
  sentence carries id = its xml:id and, where aligned, data-corresp = the ids of its
  counterparts (screen pages only: $ed:show-counterparts). Editorial marks read as
  common.xsl says, wrapped in <span class="mark {kind}"> so the screen can style them.
  Notes standing as blocks stay in place (<aside>); notes inside running text become
  numbered endnotes of their version. Elements without a template here are
  html-generic.xsl's.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:mode name="html" on-no-match="text-only-copy" on-multiple-match="fail"/>

  <!-- Alignment links by the ids they point to. -->
  <xsl:key name="ed:links" match="tei:link"
      use="tokenize(@target)[starts-with(., '#')] ! substring(., 2)"/>

  <!-- Whether aligned elements carry data-corresp, the ids of their counterparts, which
       the screen page's script highlights (print.xsl: no; a printed page has no use for
       them, and they were 15% of a parallel print page's bytes, a fifth of its time). -->
  <xsl:variable name="ed:show-counterparts" as="xs:boolean" select="true()"/>

  <!-- Whether editorial marks carry a title, their description as a tooltip (print.xsl:
       no; paper and PDF show no tooltips, and the print page's legend describes the
       marks it uses). -->
  <xsl:variable name="ed:show-mark-titles" as="xs:boolean" select="true()"/>

  <!-- The counterparts of each aligned id of the transformed document (its data-corresp),
       made once per run instead of each sentence and paragraph asking the key and removing
       duplicates in turn (6% of a parallel page's time). Elements of any other tree ask
       the key. -->
  <xsl:variable name="ed:input" as="node()?">
    <xsl:try select="root(.)"><xsl:catch select="()"/></xsl:try>
  </xsl:variable>

  <xsl:variable name="ed:input-corresp" as="map(xs:string, xs:string*)">
    <xsl:map>
      <xsl:for-each-group select="$ed:input//tei:link"
          group-by="tokenize(@target)[starts-with(., '#')] ! substring(., 2)">
        <xsl:map-entry key="current-grouping-key()" select="distinct-values(
            current-group()/tokenize(@target) ! substring(., 2))[. ne current-grouping-key()]"/>
      </xsl:for-each-group>
    </xsl:map>
  </xsl:variable>

  <!-- id, lang (when it changes) and data-corresp of the context element. $outer-lang is
       the language around it: its parent's (the page's for the root) unless given. -->
  <xsl:template name="ed:html-attrs">
    <xsl:param name="outer-lang" as="xs:string?" select="()"/>
    <xsl:if test="not(@xml:id) and ed:is-block(.)">
      <xsl:attribute name="id" select="ed:id(.)"/>
    </xsl:if>
    <xsl:if test="@xml:id">
      <xsl:attribute name="id" select="@xml:id"/>
      <xsl:variable name="corresp" as="xs:string*" select="
          if (not($ed:show-counterparts)) then ()
          else if (root(.) is $ed:input) then $ed:input-corresp(string(@xml:id))
          else distinct-values(key('ed:links', string(@xml:id))/tokenize(@target)
                               ! substring(., 2))[. ne current()/@xml:id]"/>
      <xsl:if test="exists($corresp)">
        <xsl:attribute name="data-corresp" select="$corresp"/>
      </xsl:if>
    </xsl:if>
    <!-- (An element without xml:lang of its own speaks its parent's language: no lang.) -->
    <xsl:variable name="lang" as="xs:string?"
        select="if (exists($outer-lang) or @xml:lang or empty(parent::*)) then ed:lang(.) else ()"/>
    <xsl:if test="exists($lang) and $lang ne 'und'
        and $lang ne ($outer-lang, if (parent::*) then ed:lang(..) else $ed:ui-lang)[1]">
      <xsl:attribute name="lang" select="$lang"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ versions -->

  <xsl:template match="tei:text" mode="html">
    <section class="version version-{(@type, 'text')[1]}" id="{ed:version-id(.)}" lang="{ed:lang(.)}">
      <xsl:if test="@corresp">
        <xsl:attribute name="data-corresp"
            select="tokenize(@corresp) ! (if (starts-with(., '#')) then substring(., 2) else .)"/>
      </xsl:if>
      <xsl:call-template name="ed:html-version-heading"/>
      <xsl:apply-templates mode="html"/>
      <xsl:call-template name="ed:html-version-notes"/>
    </section>
  </xsl:template>

  <!-- The version's label, when the document has several. -->
  <xsl:template name="ed:html-version-heading">
    <xsl:if test="count(ed:versions(ancestor::tei:TEI[1])) gt 1">
      <h2 class="version-label" lang="{$ed:ui-lang}">{ed:version-label(.)}</h2>
    </xsl:if>
  </xsl:template>

  <!-- The version's notes from inside the running text, as a numbered list. -->
  <xsl:template name="ed:html-version-notes">
    <xsl:variable name="notes" as="element(tei:note)*"
        select=".//tei:note[ed:is-inline-note(.)][ed:version-of(.) is current()]"/>
    <xsl:if test="exists($notes)">
      <section class="notes">
        <h3 lang="{$ed:ui-lang}">{ed:label('notes')}</h3>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{ed:id(.)}" class="note">
              <xsl:if test="@type"><xsl:attribute name="data-type" select="@type"/></xsl:if>
              <span class="note-n">{ed:note-number(.)}</span>
              <xsl:text> </xsl:text>
              <xsl:apply-templates mode="html"/>
              <xsl:text> </xsl:text>
              <a class="note-back" href="#{ed:id(.)}-ref" aria-label="back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ blocks -->

  <xsl:template match="tei:body | tei:front | tei:back | tei:div | tei:div1 | tei:div2 | tei:div3
      | tei:div4 | tei:div5 | tei:div6 | tei:div7" mode="html">
    <div class="{local-name()}{@type ! (' ' || local-name(..) || '-' || .)}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:head[ed:is-block(.)]" mode="html">
    <h3 class="head">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </h3>
  </xsl:template>

  <!-- A paragraph; a <div class="p"> when it holds blocks HTML forbids in <p>. -->
  <xsl:template match="tei:p" mode="html">
    <xsl:element name="{if (ed:html-holds-blocks(.)) then 'div' else 'p'}">
      <xsl:attribute name="class" select="'p'"/>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:ab" mode="html">
    <div class="{local-name()}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </div>
  </xsl:template>

  <!-- Lines of openers and closers (dateline, salute, signed …): one a line. -->
  <xsl:template match="*[ed:is-line(.)]" mode="html">
    <span class="line {local-name()}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>

  <xsl:template match="tei:list" mode="html">
    <ul class="list{@type ! (' list-' || .)}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates select="*" mode="html-list"/>
    </ul>
  </xsl:template>

  <!-- Children of a list: items are list items; labels and heads get one of their own. -->
  <xsl:mode name="html-list" on-no-match="shallow-skip" on-multiple-match="fail"/>

  <xsl:template match="tei:item" mode="html-list">
    <xsl:apply-templates select="." mode="html"/>
  </xsl:template>

  <xsl:template match="*" mode="html-list">
    <li class="list-{local-name()}">
      <xsl:apply-templates select="." mode="html"/>
    </li>
  </xsl:template>

  <xsl:template match="tei:item" mode="html">
    <li>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </li>
  </xsl:template>

  <!-- A note standing as a block (a source or archival note): in place. -->
  <xsl:template match="tei:note[ed:is-block(.)]" mode="html">
    <aside class="note block-note{@type ! (' note-' || .)}">
      <xsl:call-template name="ed:html-attrs"/>
      <span class="note-label" lang="{$ed:ui-lang}">{ed:note-label(.)}</span>
      <xsl:text> </xsl:text>
      <xsl:apply-templates mode="html"/>
    </aside>
  </xsl:template>

  <!-- A note inside running text: a numbered call linking to the version's notes. -->
  <xsl:template match="tei:note" mode="html">
    <sup class="note-ref" id="{ed:id(.)}-ref"><a href="#{ed:id(.)}">{ed:note-number(.)}</a></sup>
  </xsl:template>

  <!-- ============================================================ marks -->

  <xsl:template match="tei:supplied | tei:sic | tei:gloss[not(@target)]" mode="html">
    <xsl:variable name="kind" as="xs:string" select="ed:mark-kind(.)"/>
    <span class="mark {$kind}">
      <xsl:call-template name="ed:html-mark-title"><xsl:with-param name="kind" select="$kind"/></xsl:call-template>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="ed:mark-open(.)"/></xsl:call-template>
      <xsl:apply-templates mode="html"/>
      <xsl:call-template name="ed:html-bracket"><xsl:with-param name="text" select="ed:mark-close(.)"/></xsl:call-template>
    </span>
  </xsl:template>

  <!-- A mark's title, its description (a reader sees it on pointing at the mark), when
       the page shows titles ($ed:show-mark-titles); none when $kind is empty (no mark). -->
  <xsl:template name="ed:html-mark-title">
    <xsl:param name="kind" as="xs:string?"/>
    <xsl:if test="$ed:show-mark-titles and exists($kind)">
      <xsl:attribute name="title" select="ed:mark-description($kind)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ed:html-bracket">
    <xsl:param name="text" as="xs:string"/>
    <xsl:if test="$text"><span class="bracket">{$text}</span></xsl:if>
  </xsl:template>

  <!-- (A translation that lost characters has hundreds of gaps: a gap without a
       description does not ask for one.) -->
  <xsl:template match="tei:gap" mode="html">
    <xsl:variable name="kind" as="xs:string" select="ed:mark-kind(.)"/>
    <xsl:variable name="linked" as="xs:boolean" select="starts-with(@corresp, '#')"/>
    <xsl:element name="{if ($linked) then 'a' else 'span'}">
      <xsl:attribute name="class" select="'mark gap ' || $kind"/>
      <xsl:call-template name="ed:html-mark-title"><xsl:with-param name="kind" select="$kind"/></xsl:call-template>
      <xsl:if test="$linked"><xsl:attribute name="href" select="@corresp"/></xsl:if>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:sequence select="ed:gap-text(.)"/>
      <xsl:if test="tei:desc">
        <xsl:for-each select="ed:gap-desc(.)[.]"><span class="gap-desc">{.}</span></xsl:for-each>
      </xsl:if>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:pb" mode="html">
    <xsl:variable name="text" as="xs:string" select="ed:pb-text(.)"/>
    <xsl:if test="starts-with($text, ' ')"><xsl:text> </xsl:text></xsl:if>
    <span class="mark pb">
      <xsl:call-template name="ed:html-mark-title"><xsl:with-param name="kind" select="'pb'"/></xsl:call-template>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:if test="@n"><xsl:attribute name="data-n" select="@n"/></xsl:if>
      <xsl:text>//</xsl:text>
    </span>
    <xsl:if test="ends-with($text, ' ')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="tei:lb" mode="html">
    <xsl:if test="not(@break = 'no')"><br/></xsl:if>
  </xsl:template>

  <!-- ============================================================ phrases -->

  <xsl:template match="tei:hi" mode="html">
    <xsl:element name="{if (contains(@rend, 'bold')) then 'strong' else 'em'}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </xsl:element>
  </xsl:template>

  <!-- A link; a pointer to an id the page does not show (in the header, or in no
       element at all, as excerpts of other archives' files have) is not a link, nor is
       an address a page must not follow (javascript:, file: …; see ed:safe-url). -->
  <xsl:template match="tei:ref[@target] | tei:ptr[@target]" mode="html">
    <xsl:variable name="target" as="xs:string" select="string(tokenize(@target)[1])"/>
    <xsl:variable name="linked" as="xs:boolean" select="if (starts-with($target, '#'))
        then ed:shown-id(., substring($target, 2)) else exists(ed:safe-url($target))"/>
    <xsl:element name="{if ($linked) then 'a' else 'span'}">
      <xsl:if test="$linked">
        <xsl:attribute name="href" select="$target"/>
      </xsl:if>
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
      <xsl:if test="self::tei:ptr">{@target}</xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- True when an element with this xml:id is in the document's text (shown with it). -->
  <xsl:function name="ed:shown-id" as="xs:boolean">
    <xsl:param name="from" as="node()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="exists(key('ed:ids', $id, root($from))
        [ancestor::tei:text or ancestor::tei:sourceDoc])"/>
  </xsl:function>

  <!-- A sentence: a span that carries its id and counterparts (the page highlights them). -->
  <xsl:template match="tei:s" mode="html">
    <span class="s">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>

  <!-- A name that points to a register entry or an authority: listed in the registers
       panel, which links back to it by its id. -->
  <xsl:template match="(tei:persName | tei:placeName | tei:orgName | tei:name | tei:rs)
      [ed:name-targets(.)][not(ancestor::tei:person | ancestor::tei:place | ancestor::tei:org)]" mode="html">
    <span class="name name-{ed:entity-kind(.)}" id="{ed:id(.)}">
      <xsl:call-template name="ed:html-attrs"/>
      <xsl:apply-templates mode="html"/>
    </span>
  </xsl:template>

  <xsl:template match="text()" mode="html">{ed:text(.)}</xsl:template>

  <!-- Metadata and alignment are not reading text. -->
  <xsl:template match="tei:teiHeader | tei:standOff | tei:linkGrp" mode="html"/>
</xsl:stylesheet>
