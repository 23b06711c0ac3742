"""Stage 5, tools: pandoc, WeasyPrint, fonts, SVG, templates and the machine's tools, each with its quirks."""
