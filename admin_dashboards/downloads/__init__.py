"""Downloads of any dashboard page, with its current filters, as a PDF (WeasyPrint, pygal charts) or CSV files."""
