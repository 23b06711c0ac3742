"""The e-mail edition's message (email.eml): multipart/alternative, plain text first, written the same every build."""
from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

from ..load.brief import Brief

# Outlook opens a message with this header as a draft to send, not as a message received.
DRAFT_HEADER = "X-Unsent"
SENT_HOUR = 9  # the message's Date: the brief's date, at 09:00 UTC (reproducible; `invoke mail` sets the real one)


def header_text(value: str) -> str:
    """A header's value on one line: every line break and control character as a space, so that no text of a
    brief (a title with CR/LF in it) can end the header and start another."""
    return " ".join("".join(" " if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" else c
                            for c in value).split())


def compose(brief: Brief, html: str, text: str) -> EmailMessage:
    """Subject and language from the brief; the text part, then the HTML part (the one clients prefer)."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = header_text(brief.title)  # encoded as RFC 2047 words when it is not ASCII
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
