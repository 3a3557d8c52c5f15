"""Interchange with other archives: importing their TEI and exporting the edition.

``importer`` brings other archives' TEI into ``tei/imported/`` (hardened parsing,
classification, tei_all, byte for byte); ``export`` writes the edition as a teiCorpus,
JSON metadata and Dublin Core records.
"""
