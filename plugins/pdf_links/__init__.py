"""PDF downloads: DSFR download links with « PDF – 2,3 Mo – 12 pages », covers, text for search,
accessibility report. The pure core is in ``core.py``; Pelican wiring (``register()``) comes later."""
