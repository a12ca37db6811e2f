"""The dashboard pages: thin views that parse the filter form, call selectors and render."""
