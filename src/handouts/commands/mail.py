"""invoke mail: a brief's built e-mail edition sent through the configured SMTP server, for a test send."""
from __future__ import annotations

import os
import smtplib
import ssl
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from ..formats.base import output_path
from ..formats.mail_message import DRAFT_HEADER, header_text
from ..problems import ERROR, Problem
from ..project import Project

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ENV_PREFIX = "HANDOUTS_SMTP_"
SETTINGS = ("host", "port", "starttls", "user", "from")  # in invoke.yaml's handouts.smtp, or HANDOUTS_SMTP_<NAME>
PASSWORD_VARIABLE = ENV_PREFIX + "PASSWORD"  # never in a file: invoke.yaml is committed
IMPLICIT_TLS_PORT = 465
# What the server said (or not): the settings may be right and the server down. Anything else is ours to fix.
SERVER_CODES = ("mail.refused", "mail.connect", "mail.starttls", "mail.password")
TIMEOUT_SECONDS = 30
_CONFIG_HINT = ("set the server in invoke.yaml (handouts: {smtp: {host: smtp.example.org, port: 587, "
                "starttls: true, user: ..., from: ...}}) or in HANDOUTS_SMTP_HOST, HANDOUTS_SMTP_PORT, ...; "
                f"the password only in {PASSWORD_VARIABLE}")


class MailProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.render())
        self.problem = problem


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    starttls: bool
    user: str | None
    sender: str
    password: str | None


def _problem(where: str, message: str, code: str, hint: str) -> MailProblem:
    return MailProblem(Problem(where, None, None, ERROR, message, code, hint))


def smtp_settings(config: Mapping, environ: Mapping[str, str]) -> Smtp:
    """The server from invoke.yaml's `handouts.smtp`, each setting overridden by its environment variable."""
    values = {name: environ.get(ENV_PREFIX + name.upper()) or config.get(name) for name in SETTINGS}
    where = {name: ENV_PREFIX + name.upper() if environ.get(ENV_PREFIX + name.upper()) else "invoke.yaml"
             for name in SETTINGS}
    unknown = sorted(set(config) - set(SETTINGS) - {"password"})
    if "password" in config:
        raise _problem("invoke.yaml", "handouts.smtp.password is not read from a file", "mail.password-in-file",
                       f"remove it from invoke.yaml and set {PASSWORD_VARIABLE} in the environment")
    if unknown:
        raise _problem("invoke.yaml", f"unknown SMTP setting(s): {', '.join(unknown)}", "mail.config",
                       f"the settings are {', '.join(SETTINGS)}")
    if not values["host"]:
        raise _problem("invoke.yaml", "no SMTP server is set", "mail.no-server", _CONFIG_HINT)
    port = _port(values["port"], where["port"])
    starttls = _flag(values["starttls"], where["starttls"], default=port != IMPLICIT_TLS_PORT)
    sender = str(values["from"] or values["user"] or "")
    if "@" not in parseaddr(sender)[1] or header_text(sender) != sender:
        raise _problem(where["from"], f"the sender address {sender!r} is not an e-mail address", "mail.from",
                       "set handouts.smtp.from (or HANDOUTS_SMTP_FROM) to the address the test comes from")
    return Smtp(str(values["host"]), port, starttls, str(values["user"]) if values["user"] else None, sender,
                environ.get(PASSWORD_VARIABLE) or None)


def _port(value, where: str) -> int:
    if value in (None, ""):
        return 587
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 0 < port < 65536:
        raise _problem(where, f"the SMTP port must be a number from 1 to 65535, got {value!r}", "mail.port",
                       "587 for STARTTLS (the usual), 465 for TLS from the start, 25 on a local relay")
    return port


def _flag(value, where: str, default: bool) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise _problem(where, f"starttls must be true or false, got {value!r}", "mail.config",
                   "write `starttls: true` (or HANDOUTS_SMTP_STARTTLS=true)")


def prepared(project: Project, slug: str, recipient: str, sender: str) -> EmailMessage:
    """The brief's email.eml as built, addressed for sending: From, To, a Date and a Message-ID of now."""
    path = output_path(project, slug, "email")
    if not path.is_file():
        raise _problem(project.rel(path), f"'{slug}' has no e-mail edition built", "mail.not-built",
                       f"run `invoke build --only {slug} --formats email` (add `email` to the brief's "
                       "`formats:` unless it is an update)")
    message = BytesParser(policy=policy.SMTP).parsebytes(path.read_bytes())
    del message[DRAFT_HEADER]
    for name, value in (("From", sender), ("To", recipient), ("Date", formatdate(usegmt=True)),
                        ("Message-ID", make_msgid(domain=sender.rpartition("@")[2] or None))):
        del message[name]
        message[name] = value
    return message


def send(settings: Smtp, message: EmailMessage) -> None:
    """One connection, one message; every refusal of the server as a MailProblem that says what to change."""
    where = f"{settings.host}:{settings.port}"
    try:
        connect = smtplib.SMTP_SSL if settings.port == IMPLICIT_TLS_PORT and not settings.starttls else smtplib.SMTP
        with connect(settings.host, settings.port, timeout=TIMEOUT_SECONDS) as server:
            if settings.starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                if not settings.password:
                    raise _problem(where, f"the server needs a password for {settings.user}", "mail.password",
                                   f"set {PASSWORD_VARIABLE} in the environment")
                server.login(settings.user, settings.password)
            server.send_message(message)
    except smtplib.SMTPNotSupportedError as exc:
        raise _problem(where, f"the server does not offer STARTTLS: {exc}", "mail.starttls",
                       "set starttls: false only for a server on this machine or a trusted network") from None
    except smtplib.SMTPException as exc:
        raise _problem(where, f"the server refused the message: {_said(exc)}", "mail.refused",
                       "check the user, the password, the sender and the recipient addresses") from None
    except (OSError, ssl.SSLError) as exc:
        raise _problem(where, f"could not reach the SMTP server: {exc}", "mail.connect",
                       "check the host and the port, and that this machine may connect to it") from None


def _said(exc: smtplib.SMTPException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {text.decode(errors='replace')}"
                         for address, (code, text) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error
        return f"{exc.smtp_code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    return str(exc)


def run_mail(root: Path, only: str | None, to: str | None, config: Mapping | None,
             environ: Mapping[str, str] = os.environ) -> int:
    """Send one brief's e-mail to one address; problems as `where: error: ... [code]` and a hint."""
    slugs = [slug.strip() for slug in (only or "").split(",") if slug.strip()]
    recipient = (to or "").strip()
    try:
        if len(slugs) != 1:
            raise _problem("invoke mail", "name one brief: --only SLUG", "mail.usage",
                           "a test send is one message: `invoke mail --only my-update --to me@example.org`")
        if "@" not in parseaddr(recipient)[1] or header_text(recipient) != recipient:
            raise _problem("invoke mail", f"--to must be one e-mail address, got {recipient!r}", "mail.usage",
                           "`--to me@example.org`")
        settings = smtp_settings(dict(config or {}), environ)
        send(settings, prepared(Project.at(root), slugs[0], recipient, settings.sender))
    except MailProblem as exc:
        print(exc.problem.render(), file=sys.stderr)
        return EXIT_FAILED if exc.problem.code in SERVER_CODES else EXIT_USAGE
    print(f"sent '{slugs[0]}' to {recipient} through {settings.host}:{settings.port}")
    return EXIT_OK
