"""handouts: branded PDF, EPUB and web editions of Markdown briefs."""

__version__ = "0.1.0"
