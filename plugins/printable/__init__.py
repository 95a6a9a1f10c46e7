"""Printable version of content pages: A4 tagged PDF (PDF/UA-1) rendered by WeasyPrint, cached.
The pure core is in ``core.py``; Pelican wiring (``register()``) comes later."""
