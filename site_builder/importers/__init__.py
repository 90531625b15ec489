"""Importers: real records from open data, merged into the directory through the canonical writer.

``merge`` computes an import as typed differences from the records on disk; ``review`` shows
them; each source format has its own adapter (``openelections``, ``openstates`` with ``officeholders``,
``vote_gov``).
"""
