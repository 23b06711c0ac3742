"""Format stage (e-mail): the message email.eml, multipart/alternative, the same bytes every build."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime

from ..load.brief import Brief

# Outlook opens a message with this header as a draft to send, not as a message received.
DRAFT_HEADER = "X-Unsent"
SENT_HOUR = 9  # the message's Date: the brief's date, at 09:00 UTC (reproducible; `invoke mail` sets the real one)


# Bidi embeddings, overrides and isolates: in an inbox line an override turns what follows it around.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def header_text(value: str) -> str:
    """A header's value on one line: every line break and control character as a space, so that no text of a
    brief (a title with CR/LF in it) can end the header and start another; no bidi control."""
    return " ".join("".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" else c
                            for c in value if c not in BIDI_CONTROLS).split())


@dataclass(frozen=True)
class EncodedHeader:
    """A header written as RFC 2047 encoded words, whatever its text. The email package reads an encoded word
    in a value it is given (a title "=?utf-8?b?DQpCY2M6...?=" is CR LF "Bcc: ...") and writes it back as
    text, which a reader decodes again: encoded, the text is only text."""

    name: str
    text: str

    def fold(self, *, policy) -> str:  # what the policy asks of a header object it writes
        encoded = Header(self.text, "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"

    def __str__(self) -> str:
        return self.text


def subject(title: str):
    """The Subject header of `title`: as the policy writes it, or encoded when it spells an encoded word."""
    text = header_text(title)
    return EncodedHeader("Subject", text) if "=?" in text else text


def compose(brief: Brief, html: str, text: str) -> EmailMessage:
    """Subject and language from the brief; the text part, then the HTML part (the one clients prefer)."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject(brief.title)  # encoded as RFC 2047 words when it is not ASCII
    message["Date"] = format_datetime(dt.datetime.combine(brief.updated or brief.date, dt.time(SENT_HOUR),
                                                          tzinfo=dt.timezone.utc))
    message[DRAFT_HEADER] = "1"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = header_text(brief.lang)  # after set_content, which drops Content-* headers
    # A boundary from the content, not a random one: the same brief gives the same bytes.
    message.set_boundary("=_handouts_" + hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32])
    return message


def serialized(message: EmailMessage) -> bytes:
    """The message as an .eml file: CRLF line ends, lines within RFC 5322's 998 characters."""
    return message.as_bytes(policy=policy.SMTP)
