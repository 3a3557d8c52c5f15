"""What an ingest found in a source, for the ingest report (``output/reports/ingest.json``)."""

from __future__ import annotations

from ..model import SourceDocument

# Header fields in the order an editor reads them, with how to tell each is present.
_FIELDS = {
    "title": lambda m: m.title,
    "date": lambda m: m.date,
    "event date": lambda m: m.event_date,
    "citation": lambda m: m.citation,
    "record id": lambda m: m.record_id,
    "record URL": lambda m: m.record_url,
    "summary": lambda m: m.summary,
    "translators": lambda m: [r for r in m.responsibilities if r.role == "translator"],
    "obtained by": lambda m: [r for r in m.responsibilities if r.role == "obtainer"],
    "funders": lambda m: m.funders,
    "original language": lambda m: m.original_language,
    "repository": lambda m: m.shelfmark and m.shelfmark.repository,
    "shelfmark": lambda m: m.shelfmark and m.shelfmark.idno,
    "rights": lambda m: m.rights,
    "uploaded date": lambda m: m.uploaded,
    "classification": lambda m: m.classification,
    "document type": lambda m: m.document_type,
}


def describe(doc: SourceDocument) -> dict:
    """The reader, fields found and missing, chrome dropped, repairs, damage and versions."""
    meta = doc.metadata
    found = [name for name, get in _FIELDS.items() if get(meta)]
    return {
        "reader": doc.shape,
        "encoding": doc.source.encoding,
        "fields_found": found,
        "fields_missing": [name for name in _FIELDS if name not in found],
        "other_fields": [label for label, _ in meta.other_fields],
        "dropped": list(doc.dropped),
        "repairs": list(doc.source.repairs),
        "damage": {v.lang: v.lost_places() for v in doc.versions if v.damaged},
        "versions": [{"lang": v.lang, "type": v.type, "label": v.label, "blocks": len(v.blocks)}
                     for v in doc.versions],
    }
