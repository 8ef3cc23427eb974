"""Rendering: the site's markdown pages and exports (feed, papers.json, BibTeX) from the model,
untrusted text escaped on its way into them."""
