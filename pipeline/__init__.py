"""tei-edition: archival source texts → TEI P5 → HTML, print/PDF and plain-text editions."""

__version__ = "0.1.0"
