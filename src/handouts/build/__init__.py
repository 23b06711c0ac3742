"""Stage 3, build: the targets planned, rendered in worker processes, published, recorded in the manifest."""
