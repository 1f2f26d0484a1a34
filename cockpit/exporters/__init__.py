"""Exporters: pure functions from model objects to the bytes of a file format.

`vcard.export_vcards` writes contacts as vCard 3.0 or 4.0 text. The caller chooses the
contacts and writes the file (atomically, mode 0600: it is personal data).
"""

from .vcard import VERSIONS, export_vcards, select_for_export

__all__ = ["VERSIONS", "export_vcards", "select_for_export"]
