<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-registers.xsl (included by html.xsl): persons, places and organisations.

  On a document page: a panel listing the entities of the document (common-names.xsl),
  each with its facts, authority links and links to where the text names it.
  The edition's registers page (registers.html): from <ed:registers> holding the
  documents' summary records (html-summary.xsl, gathered by pipeline.render.Renderer),
  every entity once per key with the documents that mention it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:ed="https://tei-edition.org/ns/ed"
    exclude-result-prefixes="#all"
    expand-text="yes">

  <xsl:function name="ed:kind-label" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="ed:label(map { 'person': 'persons', 'place': 'places',
                                         'org': 'organisations' }($kind))"/>
  </xsl:function>

  <!-- ============================================================ document panel -->

  <xsl:template name="ed:html-document-registers">
    <xsl:variable name="entities" as="map(*)*" select="ed:entities(.)"/>
    <xsl:if test="exists($entities)">
      <section class="registers" aria-labelledby="{ed:scoped-id(., 'ed-registers')}">
        <h2 id="{ed:scoped-id(., 'ed-registers')}">{ed:label('registers')}</h2>
        <xsl:for-each select="$ed:entity-kinds">
          <xsl:variable name="kind" as="xs:string" select="."/>
          <xsl:variable name="these" as="map(*)*" select="$entities[?kind = $kind]"/>
          <xsl:if test="exists($these)">
            <h3>{ed:kind-label($kind)}</h3>
            <ul class="entities entities-{$kind}">
              <xsl:for-each select="$these">
                <xsl:sort select="lower-case(?name)"/>
                <li id="{?anchor}">
                  <span class="entity-name">{?name}</span>
                  <xsl:if test="?details"><span class="entity-details">{?details}</span></xsl:if>
                  <xsl:for-each select="?uris?*[exists(ed:safe-url(.))]">
                    <xsl:text> </xsl:text><a class="entity-uri" href="{.}">↗</a>
                  </xsl:for-each>
                  <xsl:if test="exists(?mentions?*)">
                    <span class="mentions">
                      <xsl:for-each select="?mentions?*">
                        <xsl:text> </xsl:text>
                        <a href="#{ed:id(.)}" title="{ed:version-label(ed:version-of(.))}">{position()}</a>
                      </xsl:for-each>
                    </span>
                  </xsl:if>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ registers page -->

  <xsl:template match="/ed:registers" priority="2">
    <xsl:variable name="entities" as="element(ed:entity)*" select="ed:summary/ed:entity"/>
    <html lang="{$ed:ui-lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-edition"/>
        <title>{ed:label('registers')} — {$edition-title}</title>
        <xsl:call-template name="ed:html-head-links"/>
      </head>
      <body class="registers-page">
        <xsl:call-template name="ed:html-skip-link"/>
        <xsl:call-template name="ed:html-site-header"/>
        <main id="ed-main" class="registers-main">
          <h1>{ed:label('registers')}</h1>
          <xsl:if test="empty($entities)">
            <p class="empty">No document of this edition encodes persons, places or
              organisations yet (as listPerson, listPlace, listOrg, or names with @ref).</p>
          </xsl:if>
          <xsl:for-each select="$ed:entity-kinds">
            <xsl:variable name="kind" as="xs:string" select="."/>
            <xsl:variable name="these" as="element(ed:entity)*" select="$entities[@kind = $kind]"/>
            <xsl:if test="exists($these)">
              <section class="register" aria-labelledby="reg-{$kind}">
                <h2 id="reg-{$kind}">{ed:kind-label($kind)}</h2>
                <ul class="entities entities-{$kind}">
                  <xsl:for-each-group select="$these" group-by="@key">
                    <xsl:sort select="lower-case(@name)"/>
                    <li>
                      <span class="entity-name">{@name}</span>
                      <xsl:for-each select="(current-group()/@details[.])[1]">
                        <span class="entity-details">{.}</span>
                      </xsl:for-each>
                      <xsl:for-each select="distinct-values(current-group()/ed:uri)">
                        <xsl:text> </xsl:text><a class="entity-uri" href="{.}">↗</a>
                      </xsl:for-each>
                      <span class="mentioned-in">
                        <xsl:text>{ed:label('mentioned-in')}: </xsl:text>
                        <xsl:for-each select="current-group()">
                          <xsl:variable name="doc" as="element(ed:summary)" select=".."/>
                          <xsl:if test="position() gt 1">; </xsl:if>
                          <a href="{$doc/@id}.html#{(ed:mention/@id, @anchor)[1]}">{$doc/@title}</a>
                          <xsl:if test="$doc/@date-text[.]"> ({$doc/@date-text})</xsl:if>
                        </xsl:for-each>
                      </span>
                    </li>
                  </xsl:for-each-group>
                </ul>
              </section>
            </xsl:if>
          </xsl:for-each>
        </main>
        <xsl:call-template name="ed:html-site-footer"/>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
