<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-meta.xsl (included by common.xsl): what a document's header says, as an ordered
  list of rows every format shows in its own way (a definition list in HTML and print,
  "Label: value" lines in plain text).

  A row is a map:
    'key'    xs:string    stable name (date, citation, resp-translated-by …)
    'label'  xs:string    what readers see
    'values' item()+      strings, or TEI elements the format renders (tei:text stands
                          for a version; p and bibl keep their inline marks and ids)
    'href'   xs:string?   where the row links to (the online record, the licence)
    'prose'  xs:boolean   true when each value is a paragraph rather than a short item

  Absent header fields give no row: absent means unknown, never "N/A".
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ed:labels" static="yes" as="map(xs:string, xs:string)" select="map {
      'date': 'Date', 'event-date': 'Date of event', 'original-language': 'Original language',
      'versions': 'Versions', 'language': 'Language', 'archive': 'Archive', 'shelfmark': 'Archival reference',
      'classification': 'Classification', 'document-type': 'Document type',
      'citation': 'Citation', 'source': 'Source', 'record': 'Record', 'uploaded': 'Uploaded',
      'funder': 'Funding', 'summary': 'Summary', 'source-rights': 'Rights',
      'publisher': 'Publisher', 'licence': 'Licence', 'editorial': 'Editorial notes',
      'about': 'About this document', 'legend': 'Editorial marks', 'notes': 'Notes',
      'note': 'Note', 'note-source': 'Source', 'note-archival': 'Archival reference',
      'contents': 'Contents', 'documents': 'Documents', 'title': 'Title',
      'languages': 'Languages', 'undated': 'undated', 'untitled': 'Untitled document',
      'page': 'Page', 'of': 'of', 'filter': 'Filter the list', 'index': 'All documents',
      'this-version': 'This version', 'edition': 'Edition', 'other-versions': 'Other versions',
      'parallel': 'Parallel view', 'show-versions': 'Show', 'search': 'Search the texts',
      'all-languages': 'All languages', 'all-archives': 'All archives', 'all-types': 'All types',
      'language-filter': 'Language', 'archive-filter': 'Archive', 'type-filter': 'Type',
      'type': 'Type', 'registers': 'Persons and places', 'persons': 'Persons',
      'places': 'Places', 'organisations': 'Organisations', 'mentioned-in': 'Mentioned in',
      'no-results': 'No document matches.', 'source-transcription': 'Transcription of the source',
      'corpus': 'Corpus', 'image': 'image' }"/>

  <!-- The reader-facing label of a key (the key itself when there is none). -->
  <xsl:function visibility="public" name="ed:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($ed:labels($key), $ed:header-labels($key), $key)[1]"/>
  </xsl:function>

  <!-- The document's title, whitespace normalised (a label when it has none): the main
       title, else the first that names no series, journal or monograph it belongs to. -->
  <xsl:function visibility="public" name="ed:title" as="xs:string">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="titles" as="element(tei:title)*"
        select="$tei/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="title" as="element()?" select="($titles[@type = 'main'],
        $titles[@level = 'a'], $titles[not(@type) and not(@level = ('s', 'j', 'm'))], $titles)[1]"/>
    <xsl:sequence select="(ed:plain($title)[.], ed:label('untitled'))[1]"/>
  </xsl:function>

  <!-- The document's date element (creation/date type="document", else untyped). -->
  <xsl:function visibility="public" name="ed:document-date" as="element(tei:date)?">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="profile" as="element(tei:profileDesc)*" select="$tei/tei:teiHeader/tei:profileDesc"/>
    <xsl:variable name="dates" as="element(tei:date)*" select="$profile/tei:creation/tei:date"/>
    <!-- A letter's date is when it was sent (correspDesc, as letter editions encode it). -->
    <xsl:variable name="sent" as="element(tei:date)*"
        select="$profile/tei:correspDesc/tei:correspAction[@type = 'sent']/tei:date"/>
    <xsl:sequence select="($dates[@type = 'document'], $dates[not(@type)],
        $sent[exists(ed:date-iso(.))], $sent)[1]"/>
  </xsl:function>

  <!-- One metadata row, or () when it has no values. -->
  <xsl:function name="ed:row" as="map(*)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="values" as="item()*"/>
    <xsl:param name="href" as="xs:string?"/>
    <xsl:param name="prose" as="xs:boolean"/>
    <xsl:variable name="kept" as="item()*"
        select="$values[. instance of element(tei:text) or normalize-space(string(.))]"/>
    <xsl:sequence select="if (empty($kept)) then () else map {
        'key': $key, 'label': ed:label($key), 'values': $kept,
        'href': $href[normalize-space(.)], 'prose': $prose }"/>
  </xsl:function>

  <xsl:function name="ed:row" as="map(*)?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="values" as="item()*"/>
    <xsl:sequence select="ed:row($key, $values, (), false())"/>
  </xsl:function>

  <!-- The header of a document (TEI element) as rows, in reading order. -->
  <xsl:function visibility="public" name="ed:metadata" as="map(*)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ed:metadata($tei, ())"/>
  </xsl:function>

  <!-- The same, listing versions in the preferred language order. -->
  <xsl:function visibility="public" name="ed:metadata" as="map(*)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:param name="preferred" as="xs:string*"/>
    <xsl:variable name="h" as="element(tei:teiHeader)?" select="$tei/tei:teiHeader"/>
    <xsl:variable name="src" as="element(tei:sourceDesc)*" select="$h/tei:fileDesc/tei:sourceDesc"/>
    <xsl:variable name="msdesc" as="element(tei:msDesc)*" select="$src//tei:msDesc"/>
    <xsl:variable name="ms" as="element(tei:msIdentifier)*" select="$msdesc/tei:msIdentifier"/>
    <xsl:variable name="keywords" as="element(tei:keywords)*"
        select="$h/tei:profileDesc/tei:textClass/tei:keywords"/>
    <xsl:sequence select="
        ed:row('date', ed:date-text(ed:document-date($tei))),
        ed:row('event-date', ed:date-text(
            $h/tei:profileDesc/tei:creation/tei:date[@type = 'event'][1])),
        ed:row('original-language', ed:original-language($h)),
        ed:row(if (count(ed:versions($tei)) gt 1) then 'versions' else 'language',
            ed:ordered-versions($tei, $preferred)[count(ed:versions($tei)) gt 1 or ed:lang(.) ne 'und']),
        ed:row('archive', string-join(($ms/tei:settlement, $ms/tei:institution,
            $ms/tei:repository) ! normalize-space(.)[.], ', ')),
        ed:row('shelfmark', $ms/tei:idno[not(@type) or @type = 'shelfmark'] ! normalize-space(.)),
        ed:row('classification', $keywords[@scheme = '#classification']/tei:term ! normalize-space(.)),
        ed:row('document-type', $keywords[@scheme = '#documentType']/tei:term ! normalize-space(.)),
        ed:manuscript-rows($msdesc),
        ed:maker-rows($h),
        ed:correspondence-rows($h),
        ed:participant-row($h),
        ed:listed-rows($h),
        ed:keyword-row($h),
        ed:row('citation', $src/tei:bibl[@type = 'citation'], (), true()),
        ed:row('source', ($src/tei:bibl[not(@type = ('citation', 'record'))], $src/tei:biblStruct,
            $src/tei:p), (), true()),
        ed:witness-row($src),
        ed:record-row($h),
        ed:row('uploaded', ed:date-text($src/tei:bibl[@type = 'record']/tei:date[@type = 'uploaded'][1])),
        ed:resp-rows($h/tei:fileDesc/tei:titleStmt/tei:respStmt),
        ed:row('funder', $h/tei:fileDesc/tei:titleStmt/tei:funder ! normalize-space(.)),
        ed:row('summary', $h/tei:profileDesc/tei:abstract/(tei:p, .[not(tei:p)]), (), true()),
        ed:row('source-rights', $h/tei:fileDesc/tei:publicationStmt/tei:availability/tei:p, (), true()),
        ed:row('publisher', $h/tei:fileDesc/tei:publicationStmt/tei:publisher ! normalize-space(.)),
        ed:publication-rows($h),
        ed:licence-row($h),
        ed:row('editorial', $h/tei:encodingDesc/tei:editorialDecl/(tei:p, .[not(tei:p)]), (), true())"/>
  </xsl:function>

  <!-- The language of the original: the name of textLang/@mainLang, else its text. -->
  <xsl:function name="ed:original-language" as="xs:string?">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="tl" as="element(tei:textLang)?"
        select="($h/tei:fileDesc/tei:sourceDesc//tei:msContents/tei:textLang)[1]"/>
    <xsl:sequence select="if ($tl/@mainLang) then ed:language-name(string($tl/@mainLang), $h)
                          else normalize-space($tl)[.]"/>
  </xsl:function>

  <!-- The online record: its id (or its address), linked to its address. -->
  <xsl:function name="ed:record-row" as="map(*)?">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="rec" as="element(tei:bibl)*"
        select="$h/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'record']"/>
    <xsl:variable name="pub" as="element(tei:publicationStmt)*" select="$h/tei:fileDesc/tei:publicationStmt"/>
    <xsl:variable name="id" as="xs:string?"
        select="($rec/tei:idno[@type = 'record'], $pub/tei:idno[@type = 'record'])[1] ! normalize-space(.)"/>
    <xsl:variable name="uri" as="xs:string?" select="($rec/tei:idno[@type = 'URI'],
        $rec/tei:ref/@target, $pub/tei:idno[@type = 'URI'])[1] ! normalize-space(.)"/>
    <xsl:sequence select="ed:row('record', ($id, $uri)[1], $uri, false())"/>
  </xsl:function>

  <xsl:function name="ed:licence-row" as="map(*)?">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="licence" as="element(tei:licence)?"
        select="($h/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence)[1]"/>
    <xsl:sequence select="ed:row('licence', (normalize-space($licence)[.],
        string($licence/@target))[1], string($licence/@target), false())"/>
  </xsl:function>

  <!-- One row per role ("Translated by": every translator), in order of first mention. -->
  <xsl:function name="ed:resp-rows" as="map(*)*">
    <xsl:param name="stmts" as="element(tei:respStmt)*"/>
    <xsl:for-each-group select="$stmts" group-by="normalize-space(tei:resp[1])">
      <xsl:variable name="role" as="xs:string" select="current-grouping-key()"/>
      <xsl:variable name="label" as="xs:string"
          select="upper-case(substring($role, 1, 1)) || substring($role, 2)"/>
      <xsl:variable name="names" as="xs:string*" select="current-group()/(* except tei:resp)
          ! normalize-space(.)[.]"/>
      <xsl:sequence select="if (empty($names) or $role = '') then ()
          else map { 'key': 'resp-' || replace(lower-case($role), '\W+', '-'), 'label': $label,
                     'values': $names, 'href': (), 'prose': false() }"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- A row value as plain text (for formats that show no markup). -->
  <xsl:function visibility="public" name="ed:value-text" as="xs:string">
    <xsl:param name="value" as="item()"/>
    <xsl:sequence select="
        if ($value instance of element(tei:text)) then ed:version-label($value)
        else if ($value instance of element(tei:date)) then string(ed:date-text($value))
        else if ($value instance of node()) then ed:plain($value)
        else string($value)"/>
  </xsl:function>
</xsl:stylesheet>
