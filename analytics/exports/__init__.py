"""Exports: import-export resources, safe spreadsheet cells, and the streaming background exporter."""
