<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-header.xsl (included by common.xsl): the rows of ed:metadata (common-meta.xsl)
  for the header fields of other archives' TEI: authors and editors, letters
  (correspDesc), casts and participants (particDesc), persons and places listed in the
  header, manuscripts (msDesc beyond its identifier), witnesses, structured citations,
  publication facts and keywords. A row only where the header encodes the fact.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:variable name="ed:header-labels" static="yes" as="map(xs:string, xs:string)" select="map {
      'author': 'Author', 'editor': 'Editor', 'participants': 'Participants',
      'correspondence': 'Correspondence', 'sent': 'Sent', 'received': 'Received',
      'forwarded': 'Forwarded', 'redirected': 'Redirected', 'transmitted': 'Transmitted',
      'ms-contents': 'Contents of the manuscript', 'physical': 'Physical description',
      'origin': 'Origin', 'witnesses': 'Witnesses', 'publication-date': 'Published',
      'pub-place': 'Place of publication', 'identifier': 'Identifier',
      'publication': 'Publication', 'keywords': 'Keywords', 'series': 'Series',
      'edition-statement': 'Edition of the source', 'collection': 'Collection' }"/>

  <!-- The rows about who made the document: authors and editors of the title statement. -->
  <xsl:function name="ed:maker-rows" as="map(*)*">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="stmt" as="element(tei:titleStmt)*" select="$h/tei:fileDesc/tei:titleStmt"/>
    <xsl:sequence select="ed:row('author', $stmt/tei:author ! ed:names(.)),
                          ed:row('editor', $stmt/tei:editor ! ed:names(.))"/>
  </xsl:function>

  <!-- The names in an author or editor: each name it holds, else its text. -->
  <xsl:function name="ed:names" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="parts" as="element()*" select="$e/(tei:persName | tei:name | tei:orgName)"/>
    <xsl:sequence select="(if (exists($parts)) then $parts else $e) ! ed:plain(.)"/>
  </xsl:function>

  <!-- One row per action of a letter (sent, received …): who, where, when. -->
  <xsl:function name="ed:correspondence-rows" as="map(*)*">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:for-each select="$h/tei:profileDesc/tei:correspDesc/tei:correspAction">
      <xsl:variable name="type" as="xs:string" select="(@type[. = map:keys($ed:header-labels)],
          'correspondence')[1]" xmlns:map="http://www.w3.org/2005/xpath-functions/map"/>
      <xsl:variable name="facts" as="xs:string*" select="(
          string-join((tei:persName | tei:name | tei:orgName) ! ed:plain(.), '; '),
          string-join((tei:placeName | tei:settlement) ! ed:plain(.), '; '),
          string-join(tei:date ! ed:correspondence-date(.), '; '))[normalize-space()]"/>
      <xsl:sequence select="ed:row($type, string-join($facts, ', '))"/>
    </xsl:for-each>
  </xsl:function>

  <!-- A date of a letter: its text as the edition gives it, else its ISO value. -->
  <xsl:function name="ed:correspondence-date" as="xs:string?">
    <xsl:param name="date" as="element(tei:date)"/>
    <xsl:sequence select="(normalize-space($date)[.], ed:date-text($date),
        ($date/@notBefore, $date/@notAfter) ! ed:format-date(.) => string-join('–'))[.][1]"/>
  </xsl:function>

  <!-- The participants (a play's cast): each person or group with the facts given. -->
  <xsl:function name="ed:participant-row" as="map(*)?">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:sequence select="ed:row('participants',
        $h/tei:profileDesc/tei:particDesc//(tei:person | tei:personGrp) ! ed:person-line(.))"/>
  </xsl:function>

  <!-- "Emilia Galotti (female)", "Schnitzler, Arthur (15 May 1862–21 October 1931; …)". -->
  <xsl:function name="ed:person-line" as="xs:string">
    <xsl:param name="p" as="element()"/>
    <xsl:variable name="facts" as="xs:string*" select="(lower-case($p/@sex)[.],
        ed:entity-details($p)[.], normalize-space($p/@role)[.])"/>
    <xsl:sequence select="ed:entity-name($p) || (if (exists($facts))
        then ' (' || string-join($facts, '; ') || ')' else '')"/>
  </xsl:function>

  <!-- Persons and places listed in the header outside the participants. -->
  <xsl:function name="ed:listed-rows" as="map(*)*">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="lists" as="element()*" select="$h//(tei:listPerson | tei:listPlace)
        [not(ancestor::tei:particDesc)]"/>
    <xsl:sequence select="ed:row('persons', $lists/self::tei:listPerson//(tei:person | tei:personGrp)
                                 ! ed:person-line(.)),
                          ed:row('places', $lists/self::tei:listPlace//tei:place ! ed:person-line(.))"/>
  </xsl:function>

  <!-- A manuscript beyond its identifier: contents, physical form, origin. -->
  <xsl:function name="ed:manuscript-rows" as="map(*)*">
    <xsl:param name="ms" as="element(tei:msDesc)*"/>
    <xsl:variable name="contents" as="element(tei:msContents)*" select="$ms/tei:msContents"/>
    <xsl:variable name="items" as="xs:string*" select="$contents/tei:msItem
        ! string-join((tei:locus, tei:author, tei:title) ! ed:plain(.), ' ')[normalize-space()]"/>
    <xsl:variable name="physical" as="element()*" select="$ms/tei:physDesc/(
        tei:objectDesc/tei:supportDesc/(tei:support, tei:extent), tei:objectDesc/tei:layoutDesc,
        tei:handDesc/(tei:summary, tei:p), tei:p)"/>
    <xsl:sequence select="
        ed:row('collection', $ms/tei:msIdentifier/tei:collection ! ed:plain(.)),
        ed:row('ms-contents', ($contents/(tei:summary, tei:p) ! ed:plain(.), $items[position() le 12])),
        ed:row('physical', ($physical ! ed:plain(.),
            $ms/tei:physDesc/tei:objectDesc/@form ! string(.),
            $ms/tei:physDesc/tei:handDesc/@hands ! (string(.) || ' hand(s)'))),
        ed:row('origin', $ms/tei:history/tei:origin ! ed:plain(.))"/>
  </xsl:function>

  <!-- The witnesses of an apparatus or of a letter: "FR: Les Mystères de Paris". -->
  <xsl:function name="ed:witness-row" as="map(*)?">
    <xsl:param name="src" as="element(tei:sourceDesc)*"/>
    <xsl:sequence select="ed:row('witnesses', $src/tei:listWit//tei:witness
        ! (let $text := ed:plain(node()[not(self::tei:msDesc)])
           return string-join((normalize-space(@n)[.], $text), ': ')[$text]))"/>
  </xsl:function>

  <!-- Facts of the publication the header does not give elsewhere. -->
  <xsl:function name="ed:publication-rows" as="map(*)*">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="pub" as="element(tei:publicationStmt)*" select="$h/tei:fileDesc/tei:publicationStmt"/>
    <xsl:sequence select="
        ed:row('pub-place', $pub/tei:pubPlace ! ed:plain(.)),
        ed:row('publication-date', $pub/tei:date ! ed:date-text(.)),
        ed:row('identifier', $pub/tei:idno[not(@type = ('record', 'URI'))]
            ! string-join((@type ! string(.), normalize-space(.)), ': ')),
        ed:row('publication', $pub/tei:p, (), true()),
        ed:row('series', $h/tei:fileDesc/tei:seriesStmt/(tei:title, tei:p) ! ed:plain(.)),
        ed:row('edition-statement', $h/tei:fileDesc/tei:editionStmt/(tei:edition, tei:p) ! ed:plain(.))"/>
  </xsl:function>

  <!-- Keywords of schemes other than the edition's own (classification, document type). -->
  <xsl:function name="ed:keyword-row" as="map(*)?">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:sequence select="ed:row('keywords', $h/tei:profileDesc/tei:textClass/(
        tei:keywords[not(@scheme = ('#classification', '#documentType'))]/(tei:term, tei:list/tei:item),
        tei:classCode) ! ed:plain(.))"/>
  </xsl:function>
</xsl:stylesheet>
