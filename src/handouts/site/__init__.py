"""Stage 6, site: the catalogue, feeds, redirects and shared assets of dist/, and the preview server."""
