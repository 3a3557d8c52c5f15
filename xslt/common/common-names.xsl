<?xml version="1.0" encoding="UTF-8"?>
<!--
  common-names.xsl (included by common.xsl): persons, places and organisations as a
  document encodes them, for registers.

  An entity is a map:
    'kind'      'person' | 'place' | 'org'
    'anchor'    an id for the entity's entry on a page ("reg-" + the entry's xml:id, or
                made from the place of its first element)
    'key'       what identifies it across documents: its first authority URI, else
                kind + name in lower case
    'name'      the name readers see ("Schnitzler, Arthur" for surname + forename)
    'details'   a short line: dates of birth and death, a place's country or location
    'uris'      (an array) authority links (idno of type URI/URL/VIAF/GND/wikidata/geonames, or an
                absolute @ref)
    'mentions'  (an array) the names in the text (persName, placeName, orgName, name, rs) that
                point to it, in document order

  Entities come from list entries (listPerson/person, personGrp, listPlace/place,
  listOrg/org anywhere in the document) and from names in the text whose @ref, @key or
  @corresp points somewhere no list entry answers (an authority URI, an entry of another
  file): those group by their first target. Names pointing nowhere are not entities.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <!-- (Sequences are held in arrays: Saxon 12 fails on a map entry whose value is a
       sequence still being evaluated.) -->
  <xsl:variable name="ed:entity-kinds" static="yes" as="xs:string*" select="('person', 'place', 'org')"/>

  <!-- Where a name in the text points: its @ref, @corresp and @key tokens ('#x' for a
       local id; a bare @key is taken as a local id too). -->
  <xsl:function visibility="public" name="ed:name-targets" as="xs:string*">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="distinct-values((
        tokenize(normalize-space($name/@ref)), tokenize(normalize-space($name/@corresp)),
        tokenize(normalize-space($name/@key)) ! (if (contains(., ':') or starts-with(., '#'))
                                                   then . else '#' || .)))"/>
  </xsl:function>

  <!-- person, place or org for a name or an entry; '' for an rs or name whose @type
       says something else (a work, an event) or nothing. -->
  <xsl:function visibility="public" name="ed:entity-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="
        if ($e/self::tei:person or $e/self::tei:personGrp or $e/self::tei:persName) then 'person'
        else if ($e/self::tei:place or $e/self::tei:placeName) then 'place'
        else if ($e/self::tei:org or $e/self::tei:orgName) then 'org'
        else if (lower-case($e/@type) = ('person', 'persname', 'people')) then 'person'
        else if (lower-case($e/@type) = ('place', 'placename', 'settlement', 'country')) then 'place'
        else if (lower-case($e/@type) = ('org', 'orgname', 'organisation', 'organization')) then 'org'
        else ''"/>
  </xsl:function>

  <!-- The names in a document's text that point somewhere. -->
  <xsl:function name="ed:text-names" as="element()*">
    <xsl:param name="tei" as="element()"/>
    <xsl:sequence select="ed:versions($tei)//(tei:persName | tei:placeName | tei:orgName
        | tei:name | tei:rs)[exists(ed:name-targets(.))][ed:entity-kind(.)]
        [not(ancestor::tei:person | ancestor::tei:place | ancestor::tei:org
             | ancestor::tei:personGrp)]"/>
  </xsl:function>

  <!-- Every entity of a document (see the top of this file), entries first. -->
  <xsl:function visibility="public" name="ed:entities" as="map(*)*">
    <xsl:param name="tei" as="element()"/>
    <xsl:variable name="entries" as="element()*" select="$tei//(tei:person | tei:personGrp
        | tei:place | tei:org)[ancestor::tei:listPerson | ancestor::tei:listPlace
        | ancestor::tei:listOrg]"/>
    <xsl:variable name="names" as="element()*" select="ed:text-names($tei)"/>
    <xsl:variable name="listed" as="xs:string*" select="$entries/@xml:id ! ('#' || .)"/>
    <xsl:for-each select="$entries">
      <xsl:variable name="id" as="xs:string?" select="@xml:id"/>
      <xsl:variable name="uris" as="xs:string*" select="distinct-values((
          tei:idno[lower-case(@type) = ('uri', 'url', 'viaf', 'gnd', 'wikidata', 'geonames')
                   or starts-with(normalize-space(.), 'http')] ! normalize-space(.),
          tokenize(normalize-space(@ref))[starts-with(., 'http')]))[starts-with(., 'http')]"/>
      <xsl:variable name="name" as="xs:string" select="ed:entity-name(.)"/>
      <xsl:variable name="mentions" as="element()*"
          select="if (empty($id)) then () else $names[ed:name-targets(.) = '#' || $id]"/>
      <xsl:map>
        <xsl:map-entry key="'kind'" select="ed:entity-kind(.)"/>
        <xsl:map-entry key="'anchor'" select="'reg-' || ($id, ed:path-id(.))[1]"/>
        <xsl:map-entry key="'key'" select="($uris[1], ed:entity-kind(.) || ':' || lower-case($name))[1]"/>
        <xsl:map-entry key="'name'" select="$name"/>
        <xsl:map-entry key="'details'" select="ed:entity-details(.)"/>
        <xsl:map-entry key="'uris'" select="array { $uris }"/>
        <xsl:map-entry key="'mentions'" select="array { $mentions }"/>
      </xsl:map>
    </xsl:for-each>
    <xsl:for-each-group select="$names[not(ed:name-targets(.) = $listed)]"
        group-by="ed:name-targets(.)[1]">
      <xsl:variable name="target" as="xs:string" select="current-grouping-key()"/>
      <xsl:variable name="name" as="xs:string" select="ed:plain(current-group()[1]/node())"/>
      <xsl:sequence select="map {
          'kind': ed:entity-kind(current-group()[1]),
          'anchor': 'reg-' || ed:path-id(current-group()[1]),
          'key': if (starts-with($target, 'http')) then $target
                 else ed:entity-kind(current-group()[1]) || ':' || lower-case($name),
          'name': $name,
          'details': '',
          'uris': array { $target[starts-with(., 'http')] },
          'mentions': array { current-group() } }"/>
    </xsl:for-each-group>
  </xsl:function>

  <!-- The name of a list entry: its preferred (or first) name; "surname, forename"
       when the name is made of those parts. -->
  <xsl:function visibility="public" name="ed:entity-name" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="names" as="element()*"
        select="$e/(tei:persName, tei:placeName, tei:orgName, tei:name, tei:settlement, tei:country)"/>
    <xsl:variable name="n" as="element()?"
        select="($names[@type = ('pref', 'main', 'reg', 'full')], $names)[1]"/>
    <xsl:sequence select="
        if (empty($n)) then (normalize-space($e/@n)[.], $e/@xml:id ! string(.), '?')[1]
        else if ($n/tei:surname) then string-join((
            normalize-space(string-join($n/tei:surname, ' ')),
            normalize-space(string-join($n/(tei:forename, tei:addName), ' '))[.]), ', ')
        else ed:plain($n/node())"/>
  </xsl:function>

  <!-- A short line of facts about a list entry: life dates, or where a place is. -->
  <xsl:function visibility="public" name="ed:entity-details" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="birth" as="xs:string?"
        select="($e/tei:birth/tei:date, $e/tei:birth)[1] ! ed:life-date(.)"/>
    <xsl:variable name="death" as="xs:string?"
        select="($e/tei:death/tei:date, $e/tei:death)[1] ! ed:life-date(.)"/>
    <xsl:variable name="occupation" as="xs:string*"
        select="($e/tei:occupation ! normalize-space(.))[.][position() le 2]"/>
    <xsl:variable name="where" as="xs:string*" select="($e/tei:location/(tei:country, tei:region,
        tei:settlement), $e/tei:country, $e/tei:location/tei:geo) ! normalize-space(.)"/>
    <xsl:sequence select="string-join((
        if (exists($birth) or exists($death)) then ($birth, '?')[1] || '–' || ($death, '')[1] else (),
        $occupation, $where[.][1]), '; ')"/>
  </xsl:function>

  <xsl:function name="ed:life-date" as="xs:string?">
    <xsl:param name="d" as="element()"/>
    <xsl:sequence select="(($d/@when, $d/@notBefore, $d/@from)[1] ! ed:format-date(string(.)),
                           normalize-space($d)[.])[1]"/>
  </xsl:function>
</xsl:stylesheet>
