<?xml version="1.0" encoding="UTF-8"?>
<!--
  common.xsl: what things in the edition's TEI *are*, shared by every output format.

  Functions live in the project's namespace (ed: https://tei-edition.org/ns/ed); each
  format (html/, print/, txt/) imports this file and decides only how things look.

  Editorial marks read as follows in every format (the brackets are not in the TEI
  text; rendering puts them back):

    supplied           [his]
    gap (omitted)      […]
    gap (lost)         one □ per lost character when @quantity counts characters
                       (at most $ed:max-lost-marks, else [□ ×n]); [?] when the extent
                       is unknown
    sic                Suo-fei-da [sic]
    gloss              Wulumuqi [Urumqi]   (a space is added only when the text has none;
                       a gloss with @target, as FRUS writes terms, is plain text)
    pb                 //   (page break of the original, spaced as a word)
    lb break="no"      nothing: the word continues (Ки<lb break="no"/>тая reads Китая)
    lb                 a line break
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

  <xsl:include href="common-meta.xsl"/>
  <xsl:include href="common-header.xsl"/>
  <xsl:include href="common-names.xsl"/>
  <xsl:include href="common-text.xsl"/>
  <xsl:include href="common-corpus.xsl"/>
  <xsl:include href="common-versions.xsl"/>

  <!-- The stylesheets' constants (labels, name lists and their sets, marks, language
       names) are static variables: worked out once, when a stylesheet is compiled,
       instead of at the start of every run, which took a fifteenth of a
       single-version document's page and a sixth of its summary record. A static
       variable's expression may use only other static variables (declared before it)
       and the standard functions. -->

  <!-- Above this many lost characters, one mark with a count instead of a mark each. -->
  <xsl:variable name="ed:max-lost-marks" static="yes" as="xs:integer" select="20"/>
  <xsl:variable name="ed:lost-mark" static="yes" as="xs:string" select="'□'"/>

  <!-- ================================================================ marks -->

  <!-- A URL from the TEI as a page may use it in a link (href) or an image (src): only
       http, https, mailto, ftp, urn and doi addresses, fragments and relative paths;
       anything else (javascript:, data:, file: …) gives nothing, so the caller shows it
       as text. Browsers ignore control characters and spaces inside a scheme
       ("java&#9;script:"), so the test does too. -->
  <xsl:function visibility="public" name="ed:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="bare" select="replace(string($url), '[\p{Cc}\s]', '')"/>
    <xsl:variable name="scheme" select="lower-case(replace($bare, '^([A-Za-z][A-Za-z0-9+.\-]*):.*$', '$1'))"/>
    <xsl:sequence select="if (not($bare)) then ()
        else if (not(matches($bare, '^[A-Za-z][A-Za-z0-9+.\-]*:'))) then $url
        else if ($scheme = ('http', 'https', 'mailto', 'ftp', 'urn', 'doi')) then $url
        else ()"/>
  </xsl:function>

  <!-- The kind of editorial mark an element is, or () when it is none. -->
  <xsl:function visibility="public" name="ed:mark-kind" as="xs:string?">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if ($e/self::tei:supplied) then 'supplied'
        else if ($e/self::tei:gap[@reason = 'lost']) then 'lost'
        else if ($e/self::tei:gap) then 'omitted'
        else if ($e/parent::tei:choice or $e/parent::tei:app) then ed:reading-kind($e)
        else if ($e/self::tei:sic) then 'sic'
        else if ($e/self::tei:gloss[not(@target)]) then 'gloss'
        else if ($e/self::tei:pb) then 'pb'
        else if ($e/self::tei:del or $e/self::tei:add) then local-name($e)
        else ()"/>
  </xsl:function>

  <!-- What is written before a mark's own text: "[" for supplied, " [" for a gloss. -->
  <xsl:function visibility="public" name="ed:mark-open" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="kind" as="xs:string?" select="ed:mark-kind($e)"/>
    <xsl:sequence select="
        if ($kind = 'supplied') then '['
        else if ($kind = 'gloss') then
          (if (ed:ends-with-space(ed:text-before($e))) then '[' else ' [')
        else ''"/>
  </xsl:function>

  <!-- What is written after a mark's own text: "]" or " [sic]". -->
  <xsl:function visibility="public" name="ed:mark-close" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="kind" as="xs:string?" select="ed:mark-kind($e)"/>
    <xsl:sequence select="
        if ($kind = ('supplied', 'gloss')) then ']'
        else if ($kind = 'sic') then ' [sic]'
        else ''"/>
  </xsl:function>

  <!-- How a gap reads: an omission as the source printed it (@rend "[...]", or
       "content:••" as TEI Stylesheets write it), else "[…]"; □ marks or "[?]" for lost
       text. A @rend naming a style (letters) is not how the gap reads. -->
  <xsl:function visibility="public" name="ed:gap-text" as="xs:string">
    <xsl:param name="gap" as="element(tei:gap)"/>
    <xsl:variable name="n" as="xs:integer?" select="ed:lost-count($gap)"/>
    <xsl:sequence select="
        if (not($gap/@reason = 'lost')) then (ed:printed-gap($gap), '[…]')[1]
        else if (empty($n)) then '[?]'
        else if ($n gt $ed:max-lost-marks) then '[' || $ed:lost-mark || ' ×' || $n || ']'
        else string-join((1 to $n) ! $ed:lost-mark)"/>
  </xsl:function>

  <xsl:function name="ed:printed-gap" as="xs:string?">
    <xsl:param name="gap" as="element(tei:gap)"/>
    <xsl:variable name="rend" as="xs:string" select="normalize-space($gap/@rend)"/>
    <xsl:sequence select="if (starts-with($rend, 'content:')) then substring-after($rend, 'content:')[.]
        else $rend[. and not(matches(., '[\p{L}\p{N}]'))]"/>
  </xsl:function>

  <!-- The number of characters a lost gap stands for, when the encoder counted them. -->
  <xsl:function visibility="public" name="ed:lost-count" as="xs:integer?">
    <xsl:param name="gap" as="element(tei:gap)"/>
    <xsl:variable name="q" as="xs:string" select="string($gap/@quantity)"/>
    <xsl:sequence select="
        if ($q castable as xs:integer and xs:integer($q) gt 0
            and (empty($gap/@unit) or $gap/@unit = ('chars', 'char', 'characters')))
        then xs:integer($q) else ()"/>
  </xsl:function>

  <!-- A page break of the original: "//", spaced as a word unless it splits one. -->
  <xsl:function visibility="public" name="ed:pb-text" as="xs:string">
    <xsl:param name="pb" as="element(tei:pb)"/>
    <xsl:sequence select="if ($pb/@break = 'no') then '//' else ' // '"/>
  </xsl:function>

  <!-- True when the element joins two halves of a word (lb or pb with break="no"). -->
  <xsl:function name="ed:joins-word" as="xs:boolean">
    <xsl:param name="n" as="node()?"/>
    <xsl:sequence select="exists($n/self::tei:lb[@break = 'no'] | $n/self::tei:pb[@break = 'no'])"/>
  </xsl:function>

  <!-- True when whitespace next to the element is dropped (it spaces itself or joins):
       any pb or lb (those that join a word, ed:joins-word, among them). -->
  <xsl:function name="ed:eats-space" as="xs:boolean">
    <xsl:param name="n" as="node()?"/>
    <xsl:sequence select="exists($n/self::tei:pb | $n/self::tei:lb)"/>
  </xsl:function>

  <!-- A text node with whitespace runs collapsed and trimmed next to breaks.
       (String functions, not replace(): Saxon's regular expressions cost a hundred
       times more, and this runs for every text node of every format. ed:collapse-space's
       first test is made here too: most nodes have nothing to collapse, and the call
       costs more than the test.) -->
  <xsl:function name="ed:text" as="xs:string">
    <xsl:param name="t" as="text()"/>
    <xsl:variable name="s" as="xs:string" select="string($t)"/>
    <xsl:variable name="s" as="xs:string" select="
        if (not(contains($s, '  ') or contains($s, '&#10;') or contains($s, '&#9;')
                or contains($s, '&#13;'))) then $s else ed:collapse-space($s)"/>
    <xsl:variable name="s" as="xs:string"
        select="if (starts-with($s, ' ') and ed:eats-space($t/preceding-sibling::node()[1]))
                then substring($s, 2) else $s"/>
    <xsl:sequence
        select="if (ends-with($s, ' ') and ed:eats-space($t/following-sibling::node()[1]))
                then substring($s, 1, string-length($s) - 1) else $s"/>
  </xsl:function>

  <!-- Each run of whitespace as one space, at the ends too: replace($s, '\s+', ' ')
       (normalize-space and the ends put back). Most text has nothing to collapse: no
       tab, newline or carriage return and no two spaces together; it is returned as is. -->
  <xsl:function name="ed:collapse-space" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="
        if (not(contains($s, '  ') or contains($s, '&#10;') or contains($s, '&#9;')
                or contains($s, '&#13;'))) then $s
        else
          let $inner := normalize-space($s)
          return if ($inner eq '') then ' '
          else (if (ed:is-space(substring($s, 1, 1))) then ' ' else '') || $inner
               || (if (ed:is-space(substring($s, string-length($s)))) then ' ' else '')"/>
  </xsl:function>

  <!-- True for a whitespace character (\s: space, tab, newline, carriage return). -->
  <xsl:function name="ed:is-space" as="xs:boolean">
    <xsl:param name="c" as="xs:string"/>
    <xsl:sequence select="$c = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- The text just before a node inside its parent ('' at the start). -->
  <xsl:function name="ed:text-before" as="xs:string">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="string($n/preceding-sibling::node()[1])"/>
  </xsl:function>

  <xsl:function name="ed:ends-with-space" as="xs:boolean">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="ed:is-space(substring($s, string-length($s)))"/>
  </xsl:function>

  <!-- The marks a subtree uses, in legend order. -->
  <xsl:function visibility="public" name="ed:marks-used" as="xs:string*">
    <xsl:param name="root" as="node()*"/>
    <xsl:variable name="used" as="xs:string*"
        select="distinct-values($root/descendant-or-self::* ! ed:mark-kind(.))"/>
    <xsl:sequence select="$ed:mark-order[. = $used]"/>
  </xsl:function>

  <xsl:variable name="ed:mark-order" static="yes" as="xs:string*"
      select="('supplied', 'omitted', 'lost', 'sic', 'corr', 'reg', 'expan', 'variant',
               'alternative', 'del', 'add', 'gloss', 'pb')"/>

  <!-- An example of how the mark reads, for legends. -->
  <xsl:function visibility="public" name="ed:mark-example" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="($ed:mark-examples($kind), $kind)[1]"/>
  </xsl:function>

  <!-- (The maps are built once per run, not at each call: every mark's title asks.) -->
  <xsl:variable name="ed:mark-examples" static="yes" as="map(xs:string, xs:string)" select="map {
      'supplied': '[word]', 'omitted': '[…]', 'lost': $ed:lost-mark || $ed:lost-mark || ' or [?]',
      'sic': 'word [sic]', 'gloss': 'term [explanation]', 'pb': '//',
      'corr': 'word [correction]', 'reg': 'word [regular form]', 'expan': 'abbr. (expansion)',
      'variant': 'reading [witness: variant]', 'alternative': 'reading [alternative]',
      'del': '⟦deleted⟧', 'add': '\added/' }"/>

  <!-- What the mark means, in words for readers. -->
  <xsl:function visibility="public" name="ed:mark-description" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="($ed:mark-descriptions($kind), $kind)[1]"/>
  </xsl:function>

  <xsl:variable name="ed:mark-descriptions" static="yes" as="map(xs:string, xs:string)" select="map {
      'supplied': 'words supplied by the translator or editor',
      'omitted': 'text omitted by the translator or editor',
      'lost': 'characters lost in the source text: one ' || $ed:lost-mark
              || ' per character, [?] when the extent is unknown',
      'sic': 'reproduced as found in the source',
      'gloss': 'explanation of the preceding term, given by the translator',
      'pb': 'page break in the original',
      'corr': 'the editor’s correction of the preceding words',
      'reg': 'the regular form of the preceding words',
      'expan': 'the expansion of the preceding abbreviation',
      'variant': 'the reading of other witnesses (om.: they omit the words)',
      'alternative': 'another reading of the preceding words',
      'del': 'deleted in the source', 'add': 'added in the source' }"/>

  <!-- ================================================================ blocks -->

  <!-- TEI elements that stand as blocks of a version's text. -->
  <xsl:variable name="ed:block-names" static="yes" as="xs:string*" select="
      ('head', 'p', 'ab', 'opener', 'closer', 'postscript', 'note', 'list', 'lg',
       'table', 'quote', 'div', 'floatingText', 'figure', 'listBibl', 'sp', 'div1', 'div2',
       'div3', 'div4', 'div5', 'div6', 'div7', 'spGrp', 'castList', 'stage', 'l', 'titlePage',
       'trailer', 'argument', 'epigraph', 'docImprint', 'docTitle', 'bibl', 'biblStruct',
       'egXML', 'eg', 'fw', 'msDesc', 'listPerson', 'listPlace', 'listOrg', 'listEvent', 'cit')"/>

  <xsl:variable name="ed:block-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:block-names ! map:entry(., true()))"/>

  <!-- True when the element is a block: a known block name directly in a division. -->
  <xsl:function visibility="public" name="ed:is-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="map:contains($ed:block-set, local-name($e))
        and (ed:is-division($e/..) or exists($e/parent::tei:postscript))"/>
  </xsl:function>

  <!-- True when the element stands directly in a division (a block, known or not). -->
  <xsl:function name="ed:in-division" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="ed:is-division($e/..)"/>
  </xsl:function>

  <!-- Lines inside an opener or closer (dateline, salute, signed …), shown one a line. -->
  <xsl:variable name="ed:line-names" static="yes" as="xs:string*" select="
      ('dateline', 'salute', 'signed', 'byline', 'docDate', 'address', 'addrLine',
       'docAuthor', 'seg', 'label', 'head')"/>

  <xsl:variable name="ed:line-set" static="yes" as="map(xs:string, xs:boolean)"
      select="map:merge($ed:line-names ! map:entry(., true()))"/>

  <xsl:function name="ed:is-line" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="map:contains($ed:line-set, local-name($e)) and not(ed:is-block($e))
        and exists($e/parent::tei:opener | $e/parent::tei:closer | $e/parent::tei:address
                   | $e/parent::tei:postscript)"/>
  </xsl:function>

  <!-- A note that sits inside running text (a footnote), not as a block of its own. -->
  <xsl:function name="ed:is-inline-note" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="not(ed:is-block($note))"/>
  </xsl:function>

  <!-- The number of an inline note within its version (@n when given). -->
  <xsl:function name="ed:note-number" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="version" as="element()?" select="ed:version-of($note)"/>
    <!-- (A node's version is one of its ancestors: the notes before it in its version
         are found among the version's descendants, not the whole document's.) -->
    <xsl:variable name="before" as="element(tei:note)*"
        select="($version//tei:note[. &lt;&lt; $note] except $note/ancestor::tei:note)
                [ed:version-of(.) is $version][ed:is-inline-note(.)]"/>
    <xsl:sequence select="if ($note/@n) then string($note/@n) else string(count($before) + 1)"/>
  </xsl:function>

  <!-- What a note is called for readers: "Source", "Archival reference", else "Note". -->
  <xsl:function visibility="public" name="ed:note-label" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="ed:label(if ($note/@type = ('source', 'archival'))
        then 'note-' || $note/@type else 'note')"/>
  </xsl:function>

  <!-- An id for an element: its xml:id, else one made from its place in the tree. -->
  <xsl:function name="ed:id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="if ($e/@xml:id) then string($e/@xml:id) else ed:path-id($e)"/>
  </xsl:function>

  <!-- An id from the element's place in its document ("ed-2-1-4": the 4th child of the
       1st child of the 2nd child of the root), the same in every run while the file is
       unchanged, so that a URL fragment made from it keeps pointing at its element. -->
  <xsl:function name="ed:path-id" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="'ed-' || string-join($e/ancestor-or-self::*[parent::*]
        ! string(count(preceding-sibling::*) + 1), '-')"/>
  </xsl:function>

  <!-- ================================================================ languages -->

  <xsl:variable name="ed:language-names" static="yes" as="map(xs:string, xs:string)" select="map {
      'en': 'English', 'ru': 'Russian', 'zh': 'Chinese', 'zh-Hans': 'Chinese (simplified)',
      'zh-Hant': 'Chinese (traditional)', 'de': 'German', 'fr': 'French', 'ja': 'Japanese',
      'ko': 'Korean', 'es': 'Spanish', 'it': 'Italian', 'pl': 'Polish', 'cs': 'Czech',
      'hu': 'Hungarian', 'ro': 'Romanian', 'bg': 'Bulgarian', 'uk': 'Ukrainian',
      'vi': 'Vietnamese', 'mn': 'Mongolian', 'ar': 'Arabic', 'fa': 'Persian',
      'pt': 'Portuguese', 'sr': 'Serbian', 'hr': 'Croatian', 'sq': 'Albanian',
      'la': 'Latin', 'el': 'Greek', 'he': 'Hebrew', 'tr': 'Turkish', 'und': 'unknown language',
      'sl': 'Slovenian', 'nl': 'Dutch', 'sv': 'Swedish', 'da': 'Danish', 'no': 'Norwegian',
      'fi': 'Finnish', 'is': 'Icelandic', 'grc': 'Ancient Greek', 'lat': 'Latin',
      'eng': 'English', 'deu': 'German', 'ger': 'German', 'fra': 'French', 'fre': 'French',
      'ita': 'Italian', 'spa': 'Spanish', 'rus': 'Russian', 'zho': 'Chinese', 'slv': 'Slovenian',
      'enm': 'Middle English', 'ang': 'Old English', 'non': 'Old Norse' }"/>

  <!-- The English name of a language tag (the tag itself when unknown). -->
  <xsl:function visibility="public" name="ed:language-name" as="xs:string">
    <xsl:param name="ident" as="xs:string?"/>
    <xsl:sequence select="if (empty($ident) or $ident = '') then 'unknown language'
        else ($ed:language-names($ident), $ed:language-names(tokenize($ident, '-')[1]), $ident)[1]"/>
  </xsl:function>

  <!-- The name a document's header gives a language (langUsage), else the built-in one. -->
  <xsl:function visibility="public" name="ed:language-name" as="xs:string">
    <xsl:param name="ident" as="xs:string?"/>
    <xsl:param name="header" as="element(tei:teiHeader)?"/>
    <!-- (a header that only repeats the code, <language ident="eng">eng</language>, names nothing) -->
    <xsl:variable name="given" as="xs:string?" select="normalize-space(
        ($header/tei:profileDesc/tei:langUsage/tei:language[@ident = $ident])[1])[.][lower-case(.) ne lower-case($ident)]"/>
    <xsl:sequence select="($given, ed:language-name($ident))[1]"/>
  </xsl:function>

  <!-- ================================================================ dates -->

  <xsl:variable name="ed:months" static="yes" as="xs:string+" select="('January', 'February', 'March',
      'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December')"/>

  <!-- An ISO date (YYYY, YYYY-MM or YYYY-MM-DD, time ignored) as "1 January 1950",
       "January 1950" or "1950"; anything else is returned unchanged. -->
  <xsl:function visibility="public" name="ed:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <!-- (matches() then substrings: analyze-string builds a tree of its result, ten
         times the cost.) After the year, a month is "-MM" and a day "-DD" after it. -->
    <xsl:variable name="s" as="xs:string" select="string($iso)"/>
    <xsl:variable name="ok" as="xs:boolean" select="matches($s, '^-?\d{4}(-\d{2}(-\d{2})?)?(T.*)?$')"/>
    <xsl:variable name="year-length" as="xs:integer" select="if (starts-with($s, '-')) then 5 else 4"/>
    <xsl:variable name="rest" as="xs:string" select="substring($s, $year-length + 1)"/>
    <xsl:variable name="parts" as="xs:string*" select="if (not($ok)) then () else (
        substring($s, 1, $year-length),
        if (starts-with($rest, '-')) then substring($rest, 2, 2) else (),
        if (starts-with($rest, '-') and substring($rest, 4, 1) eq '-') then substring($rest, 5, 2) else ())"/>
    <xsl:variable name="y" as="xs:string?" select="$parts[1]"/>
    <xsl:variable name="m" as="xs:integer?" select="$parts[2][. castable as xs:integer] ! xs:integer(.)"/>
    <xsl:variable name="d" as="xs:integer?" select="$parts[3][. castable as xs:integer] ! xs:integer(.)"/>
    <xsl:sequence select="
        if (empty($y)) then string($iso)
        else if (exists($m) and not($m = 1 to 12)) then string($iso)
        else string-join(($d ! string(.), $ed:months[$m], $y), ' ')"/>
  </xsl:function>

  <!-- The ISO value of a TEI date element (@when, @from, @notBefore), or (). -->
  <xsl:function visibility="public" name="ed:date-iso" as="xs:string?">
    <xsl:param name="date" as="element()?"/>
    <xsl:sequence select="($date/@when, $date/@from, $date/@notBefore)[1] ! string(.)"/>
  </xsl:function>

  <!-- A TEI date element for readers: formatted from its ISO value, else its text. -->
  <xsl:function visibility="public" name="ed:date-text" as="xs:string?">
    <xsl:param name="date" as="element()?"/>
    <xsl:variable name="iso" as="xs:string?" select="ed:date-iso($date)"/>
    <xsl:sequence select="if (exists($iso)) then ed:format-date($iso)
                          else normalize-space($date)[.]"/>
  </xsl:function>

  <!-- ================================================================ plain text -->

  <!-- The plain-text reading of nodes: marks in brackets, whitespace tidied, lb as
       newline. Formats may override templates of mode ed:plain (e.g. for notes). -->
  <xsl:function visibility="public" name="ed:plain" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="raw" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="ed:plain"/>
    </xsl:variable>
    <xsl:sequence select="ed:tidy(string-join($raw))"/>
  </xsl:function>

  <!-- Single spaces, no space at the ends of lines, no blank lines, nothing around.
       (Most texts are one line: they skip the costly tokenize.) -->
  <xsl:function name="ed:tidy" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="if (not(contains($s, '&#10;'))) then normalize-space($s)
        else string-join(tokenize($s, '&#10;') ! normalize-space(.)[.], '&#10;')"/>
  </xsl:function>

  <xsl:mode name="ed:plain" on-no-match="text-only-copy" on-multiple-match="fail"/>

  <xsl:template match="text()" mode="ed:plain">{ed:text(.)}</xsl:template>

  <xsl:template match="tei:supplied | tei:sic | tei:gloss[not(@target)]" mode="ed:plain" priority="1">
    <xsl:sequence select="ed:mark-open(.)"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="ed:mark-close(.)"/>
  </xsl:template>

  <xsl:template match="tei:gap" mode="ed:plain" priority="1">{ed:gap-text(.) || (if (tei:desc) then ed:gap-desc(.) else '')}</xsl:template>
  <xsl:template match="tei:pb" mode="ed:plain" priority="1">{ed:pb-text(.)}</xsl:template>
  <xsl:template match="tei:lb" mode="ed:plain" priority="1">{if (@break = 'no') then '' else '&#10;'}</xsl:template>
  <xsl:template match="tei:note" mode="ed:plain" priority="1"/>

  <!-- A sentence of a paragraph is running text (as ed:is-phrase says of it): matched by
       name, it spares the rule below its three tests, at every sentence. -->
  <xsl:template match="tei:s[parent::tei:p]" mode="ed:plain">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- Lines of openers and closers, and blocks inside blocks, each on a line. -->
  <xsl:template match="*[ed:is-line(.) or ed:is-block(.) or not(ed:is-phrase(.))]" mode="ed:plain">
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates mode="#current"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:item" mode="ed:plain">
    <xsl:text>&#10;</xsl:text>
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
