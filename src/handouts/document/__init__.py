"""Stage 2, document: a brief's body through pandoc to its structure and HTML, and the checks on them."""
