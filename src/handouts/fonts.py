"""Font files: web fonts unpacked to TrueType once (kept in the build cache), and the characters a font has."""
from __future__ import annotations

import functools
import hashlib
import io
import os
from pathlib import Path

from .atomic import atomic_write


def cache_folder() -> Path:
    """Where unpacked fonts are kept: the user's cache, shared by every project and kept by `invoke clean`
    (the files are named by the hash of their source, so they are never stale)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "handouts" / "fonts"


def sfnt_path(source: Path) -> Path:
    """A TrueType copy of a WOFF/WOFF2 font (the font itself if it is one already).

    WeasyPrint decompresses web fonts with fontTools each time a stylesheet declares them (half a
    second per WOFF2 file) and Pillow's FreeType cannot read them: both get plain sfnt files.
    """
    if source.suffix.lower() not in (".woff", ".woff2"):
        return source
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = cache_folder() / f"{source.stem}-{digest}.ttf"
    if not target.is_file():
        from fontTools.ttLib import TTFont

        font = TTFont(source, recalcTimestamp=False)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        atomic_write(target, buffer.getvalue())
    return target


def characters(path: Path) -> frozenset[int]:
    """The code points a font file maps to glyphs (read again if the file changes, as in a long `serve`)."""
    return _characters(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _characters(path: str, _mtime: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap() or ())
