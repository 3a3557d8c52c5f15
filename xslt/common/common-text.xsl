<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-text.xsl (included by common.xsl): the text model of TEI the edition did not
  write itself (other archives' files), shared by every format. Nothing of a text is
  left out: every element shows its text, known or not; formats decide only how.

  Readings of one place, in reading order (the first plain, each other after it):

    choice        the source's form first (sic, orig, abbr, am), the editor's after
                  (TEI does not order a choice's children):
                  tyop [typo] (corr), vertue [virtue] (reg), Dr (Doctor) (expan)
    app           as encoded (lemma first where there is one); each further reading in
                  brackets with its witnesses' sigla: butchery [FR: bûchers], an empty
                  reading [FR: om.]
    subst         as encoded: a deletion then an addition, each marked
    del           ⟦struck⟧
    add           \added/
    gap/desc      the gap's mark, then its description: […]⟨illegible⟩
    egXML         the example's markup, escaped (tags shown as text)
    formula       MathML as MathML on screen, its tokens spaced in plain text

  Block or phrase: an element is a phrase (inline) when it stands in running text: its
  parent holds text of its own, or is itself a phrase; else it is a block (its own line
  in plain text, a box on screen). Divisions and the elements listed in
  $ed:container-names hold blocks only.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:key name="ed:ids" match="*[@xml:id]" use="string(@xml:id)"/>

  <!-- ================================================================ divisions -->

  <!-- Elements whose children are the blocks of a text. -->
  <xsl:variable name="ed:division-names" static="yes" as="xs:string*" select="
      ('body', 'front', 'back', 'div', 'div1', 'div2', 'div3', 'div4', 'div5', 'div6', 'div7')"/>

  <!-- The name lists as sets, for the tests every element goes through: a look-up in a
       map costs a tenth of comparing a name with each name of a list (=). -->
  <xsl:variable name="ed:division-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:division-names ! map:entry(., true()))"/>

  <xsl:function visibility="public" name="ed:is-division" as="xs:boolean">
    <xsl:param name="e" as="node()?"/>
    <xsl:sequence select="exists($e/self::tei:*) and map:contains($ed:division-set, local-name($e))"/>
  </xsl:function>

  <!-- Elements that hold blocks, never running text of their own, besides divisions. -->
  <xsl:variable name="ed:container-names" static="yes" as="xs:string*" select="
      ('text', 'group', 'floatingText', 'lg', 'list', 'listBibl', 'table', 'row', 'sp',
       'spGrp', 'castList', 'castGroup', 'figure', 'titlePage', 'opener', 'closer',
       'postscript', 'sourceDoc', 'surfaceGrp', 'surface', 'zone', 'msDesc',
       'listPerson', 'listPlace', 'listOrg', 'listEvent', 'person', 'place', 'org')"/>

  <xsl:variable name="ed:container-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:container-names ! map:entry(., true()))"/>

  <!-- Phrase elements: named things, highlighting, marks, parts of citations. They are
       inline even where they stand alone in an element with no text of its own (a hi
       alone in a head), but not in a container (a persName alone in a closer is a line). -->
  <xsl:variable name="ed:phrase-names" static="yes" as="xs:string*" select="
      ('hi', 'emph', 'foreign', 'term', 'title', 'date', 'time', 'name', 'persName',
       'placeName', 'orgName', 'geogName', 'roleName', 'forename', 'surname', 'addName',
       'genName', 'nameLink', 'rs', 'num', 'measure', 'soCalled', 'mentioned', 'distinct',
       'q', 'said', 'gloss', 'abbr', 'expan', 'am', 'ex', 'sic', 'corr', 'orig', 'reg',
       'choice', 'supplied', 'unclear', 'damage', 'add', 'del', 'subst', 'gap', 'seg',
       'w', 'pc', 'c', 'g', 's', 'ref', 'ptr', 'gi', 'att', 'val', 'tag', 'code', 'ident',
       'idno', 'lb', 'pb', 'cb', 'gb', 'milestone', 'anchor', 'note', 'app', 'lem', 'rdg',
       'space', 'surplus', 'secl', 'handShift', 'metamark', 'restore', 'retrace', 'index',
       'formula', 'graphic', 'email', 'affiliation', 'country', 'region', 'settlement',
       'district', 'bloc', 'street', 'postCode', 'geo', 'catchwords', 'signatures', 'bibl',
       'analytic', 'monogr', 'series', 'imprint', 'author', 'editor', 'biblScope', 'pubPlace',
       'publisher', 'role', 'roleDesc', 'actor')"/>

  <xsl:variable name="ed:phrase-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:phrase-names ! map:entry(., true()))"/>

  <!-- True when the element stands in running text (see the top of this file). -->
  <xsl:function visibility="public" name="ed:is-phrase" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="parent" as="element()?" select="$e/.."/>
    <xsl:variable name="tei-parent" as="xs:boolean" select="exists($parent/self::tei:*)"/>
    <xsl:sequence select="
        if (empty($parent) or ed:is-division($parent)) then false()
        else if (exists($parent/text()[normalize-space()])) then true()
        else if (exists($e/self::tei:*) and map:contains($ed:phrase-set, local-name($e))
                 and not($tei-parent and map:contains($ed:container-set, local-name($parent)))) then true()
        else if ($tei-parent and (map:contains($ed:container-set, local-name($parent))
                                  or local-name($parent) = ('TEI', 'teiCorpus'))) then false()
        else if ($tei-parent and map:contains($ed:phrase-set, local-name($parent))) then true()
        else ed:is-phrase($parent)"/>
  </xsl:function>

  <!-- Elements whose parts are written one after another without space in many files
       (<persName><forename>A</forename><surname>B</surname></persName>): a space is put
       between two such parts when the file has none. -->
  <xsl:variable name="ed:spaced-names" static="yes" as="xs:string*" select="
      ('persName', 'name', 'orgName', 'placeName', 'author', 'editor', 'respStmt', 'imprint',
       'analytic', 'monogr', 'series', 'castItem', 'role', 'address', 'location', 'birth',
       'death', 'person', 'place', 'bibl', 'msIdentifier', 'titleStmt', 'publicationStmt',
       'correspAction')"/>

  <xsl:variable name="ed:spaced-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:spaced-names ! map:entry(., true()))"/>

  <xsl:function visibility="public" name="ed:needs-space-before" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/preceding-sibling::node()[1][self::*])
        and exists($e/parent::tei:*) and map:contains($ed:spaced-set, local-name($e/..))"/>
  </xsl:function>

  <!-- ================================================================ readings -->

  <!-- The forms of the source in a choice (read first). -->
  <xsl:variable name="ed:source-forms" static="yes" as="xs:string*" select="('sic', 'orig', 'abbr', 'am')"/>

  <!-- The readings of a choice, app or subst in reading order (see the top). -->
  <xsl:function visibility="public" name="ed:readings" as="element()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:choice)
        then ($e/*[local-name() = $ed:source-forms], $e/*[not(local-name() = $ed:source-forms)])
        else $e/*"/>
  </xsl:function>

  <!-- What a reading is, for its brackets and the legend: corr, reg, expan, variant, or
       'alternative'; () for the first reading of its place. -->
  <xsl:function visibility="public" name="ed:reading-kind" as="xs:string?">
    <xsl:param name="r" as="element()"/>
    <xsl:variable name="place" as="element()" select="$r/.."/>
    <xsl:sequence select="
        if ($place/self::tei:subst or $r is ed:readings($place)[1]) then ()
        else if ($r/self::tei:corr or $r/self::tei:reg) then local-name($r)
        else if ($r/self::tei:expan or $r/self::tei:ex) then 'expan'
        else if ($r/self::tei:rdg or $r/self::tei:lem or $r/self::tei:rdgGrp) then 'variant'
        else 'alternative'"/>
  </xsl:function>

  <!-- Written before a reading's text: " (" for an expansion, " [" for others, with the
       witnesses of a variant: " [FR: ". -->
  <xsl:function visibility="public" name="ed:reading-open" as="xs:string">
    <xsl:param name="r" as="element()"/>
    <xsl:variable name="kind" as="xs:string?" select="ed:reading-kind($r)"/>
    <xsl:variable name="sigla" as="xs:string*" select="ed:sigla($r)"/>
    <xsl:sequence select="
        if (empty($kind)) then ''
        else if ($kind = 'expan') then ' ('
        else if ($kind = 'variant' and exists($sigla)) then ' [' || string-join($sigla, ' ') || ': '
        else ' ['"/>
  </xsl:function>

  <xsl:function visibility="public" name="ed:reading-close" as="xs:string">
    <xsl:param name="r" as="element()"/>
    <xsl:variable name="kind" as="xs:string?" select="ed:reading-kind($r)"/>
    <xsl:sequence select="
        if (empty($kind)) then ''
        else if ($kind = 'expan') then ')'
        else ']'"/>
  </xsl:function>

  <!-- What stands for an empty reading (a witness omits the words). -->
  <xsl:function visibility="public" name="ed:reading-empty" as="xs:string">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="if (normalize-space($r) or $r/*) then '' else 'om.'"/>
  </xsl:function>

  <!-- The sigla of a reading's witnesses: each @wit pointer as its witness's @n (or the
       id pointed to when there is no such witness). -->
  <xsl:function visibility="public" name="ed:sigla" as="xs:string*">
    <xsl:param name="r" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($r/@wit)) ! (
        let $id := if (starts-with(., '#')) then substring(., 2) else .
        return (key('ed:ids', $id, root($r))/@n[normalize-space()] ! normalize-space(.), $id)[1])"/>
  </xsl:function>

  <!-- ================================================================ transcription marks -->

  <!-- Deletions and additions of the source's writer. -->
  <xsl:function visibility="public" name="ed:edit-open" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:del) then '⟦' else if ($e/self::tei:add) then '\' else ''"/>
  </xsl:function>

  <xsl:function visibility="public" name="ed:edit-close" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/self::tei:del) then '⟧' else if ($e/self::tei:add) then '/' else ''"/>
  </xsl:function>

  <!-- What a gap's description adds after its mark: "⟨illegible⟩", or ''. -->
  <xsl:function visibility="public" name="ed:gap-desc" as="xs:string">
    <xsl:param name="gap" as="element(tei:gap)"/>
    <xsl:variable name="desc" as="xs:string" select="normalize-space(string-join($gap/tei:desc, ' '))"/>
    <xsl:sequence select="if ($desc) then '⟨' || $desc || '⟩' else ''"/>
  </xsl:function>

  <!-- ================================================================ examples, formulae -->

  <!-- The markup of an egXML example as text: its content serialized, without the
       examples namespace declarations. -->
  <xsl:function visibility="public" name="ed:example-markup" as="xs:string">
    <xsl:param name="eg" as="element()"/>
    <xsl:variable name="xml" as="xs:string" select="string-join($eg/node() ! (
        if (. instance of element()) then serialize(., map { 'method': 'xml', 'omit-xml-declaration': true() })
        else if (. instance of text()) then serialize(., map { 'method': 'xml', 'omit-xml-declaration': true() })
        else ''))"/>
    <xsl:sequence select="replace(replace($xml, ' xmlns(:\w+)?=&quot;[^&quot;]*&quot;', ''), '^\s*\n|\s+$', '')"/>
  </xsl:function>

  <!-- MathML as a line of text: its tokens (mi, mn, mo, mtext …) spaced. -->
  <xsl:function visibility="public" name="ed:math-text" as="xs:string">
    <xsl:param name="math" as="element()"/>
    <xsl:sequence select="string-join($math//text()[normalize-space()] ! normalize-space(.), ' ')"/>
  </xsl:function>

  <!-- ================================================================ plain text -->

  <xsl:template match="tei:choice | tei:app | tei:subst" mode="ed:plain" priority="1">
    <xsl:for-each select="ed:readings(.)">
      <xsl:sequence select="ed:reading-open(.)"/>
      <xsl:apply-templates select="if (self::tei:del or self::tei:add) then . else node()" mode="#current"/>
      <xsl:sequence select="ed:reading-empty(.)[ed:reading-kind(current())]"/>
      <xsl:sequence select="ed:reading-close(.)"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:del | tei:add" mode="ed:plain" priority="1">
    <xsl:sequence select="ed:edit-open(.)"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="ed:edit-close(.)"/>
  </xsl:template>

  <xsl:template match="tei:egXML | *:egXML" mode="ed:plain" priority="2">
    <xsl:text>&#10;{ed:example-markup(.)}&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="*:math" mode="ed:plain" priority="2">{ed:math-text(.)}</xsl:template>

  <!-- Data, not text: an embedded file reads as what it is. -->
  <xsl:template match="tei:binaryObject" mode="ed:plain" priority="1">
    <xsl:text>[{(@mimeType, 'binary data')[1]}]</xsl:text>
  </xsl:template>

  <!-- The parts of a structured citation (analytic, monogr, series …) end as sentences. -->
  <xsl:template match="tei:biblStruct/*[preceding-sibling::*]" mode="ed:plain" priority="0.8">
    <xsl:text>. </xsl:text>
    <xsl:next-match/>
  </xsl:template>

  <!-- A part of a name or citation after another part with no space between. -->
  <xsl:template match="*[ed:needs-space-before(.)]" mode="ed:plain" priority="0.75">
    <xsl:text> </xsl:text>
    <xsl:next-match/>
  </xsl:template>

  <xsl:template match="tei:space" mode="ed:plain" priority="1">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- Cells of a row side by side, a row a line. -->
  <xsl:template match="tei:cell" mode="ed:plain" priority="1">
    <xsl:if test="preceding-sibling::tei:cell"> | </xsl:if>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
