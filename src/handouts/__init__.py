"""handouts: branded PDF, EPUB and web editions of Markdown briefs."""

from pathlib import Path

__version__ = "0.1.0"
PACKAGE = Path(__file__).resolve().parent  # the pipeline's own code, wherever its stages live in it
