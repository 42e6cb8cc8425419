"""Fetching a published document from the web, as it was published.

Only ``http`` and ``https`` are fetched, redirects are followed a few times
and only to ``http(s)``, the body is read up to the document limits of
:mod:`jdib.ingest.limits` and within a deadline, and a response whose content
type is not a document (an image, a binary download that is not a PDF or a
DOCX) is refused before it is saved anywhere.
"""

from __future__ import annotations

import re
import time
import urllib.error
import zlib
import urllib.parse
import urllib.request
from dataclasses import dataclass

from jdib import __version__
from jdib.errors import InputError
from jdib.ingest import limits, readers

TIMEOUT_S = 20.0
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
#: Content types and the format (and so the suffix) a document of that type is saved as.
CONTENT_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                 "text/plain": "text", "text/markdown": "text"}
#: Types servers send for any file: only the bytes can say whether it is a document.
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/download",
                 "application/x-download", "application/force-download", "")
SUFFIXES = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "text": ".txt"}


@dataclass
class Fetched:
    """A document as a server sent it.

    Attributes:
        url: The URL asked for (what the catalog records).
        final_url: Where the redirects led.
        data: The response's bytes, unchanged.
        suffix: ``.html``, ``.pdf``, ``.docx`` or ``.txt``, from the content type and the content.
    """

    url: str
    final_url: str
    data: bytes
    suffix: str


def is_url(text: str) -> bool:
    """Whether a command-line argument names a URL (any scheme) rather than a local file.

    Example:
        >>> is_url("https://www.mod.go.jp/"), is_url("javascript:alert(1)"), is_url("seeds/a.txt")
        (True, True, False)
    """
    scheme = urllib.parse.urlsplit(text).scheme
    return len(scheme) > 1  # `C:\\x.pdf` has a one-letter "scheme": a drive, not a URL


def shown_url(url: str) -> str:
    """A URL as it may be printed: a password in it replaced by ``***``.

    Example:
        >>> shown_url("http://user:secret@example.org/a.pdf")
        'http://user:***@example.org/a.pdf'
    """
    found = re.match(r"(?:[^:/?#]+:)?//([^/?#]*)@", url)  # the user information, up to its last @
    if not found:
        return url
    user, colon, _ = found.group(1).partition(":")
    return url[:found.start(1)] + user + (":***" if colon else "") + url[found.end(1):]


def check_url(url: str) -> None:
    """Refuse a URL jdib does not fetch.

    A user name and password in the URL are refused (and never printed): they
    would be stored in the catalog, and sent on to wherever a redirect leads.

    Raises:
        InputError: A scheme other than ``http``/``https`` (``file:``, ``javascript:``,
            ``data:``...), no host, or a user name or password in the URL.
    """
    shown = shown_url(url)
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as err:
        raise InputError(shown, f"is not a valid URL ({str(err).replace(url, shown)})") from None
    if parts.scheme.lower() not in SCHEMES:
        raise InputError(shown, f"jdib fetches only http and https URLs, not {parts.scheme.lower()}:")
    if "@" in parts.netloc:
        raise InputError(shown, "jdib does not send a user name or password written in the URL; "
                                "download the document and add the file")
    if not parts.hostname:
        raise InputError(shown, "the URL names no host")


class _RedirectRefused(Exception):
    """A redirect to a URL jdib does not fetch; ``target`` is where it led."""

    def __init__(self, target: str):
        self.target = target
        super().__init__(target)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most :data:`MAX_REDIRECTS` redirects, and only to http(s)."""

    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req, fp, code, msg, headers):
        # Checked before urllib's own check, which lets ftp: through: a redirect
        # to file: or ftp: would read what the user never asked for.
        target = headers.get("location") or headers.get("uri")
        if target:
            target = urllib.parse.urljoin(req.full_url, target)
            if urllib.parse.urlsplit(target).scheme.lower() not in SCHEMES:
                raise _RedirectRefused(target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand, not with build_opener: that one also opens file:, ftp: and data: URLs.
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), _Redirects(),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _format(url: str, content_type: str, data: bytes) -> str:
    """The format of a response: its content type's, unless its bytes say otherwise."""
    found = readers.sniff(data)
    if content_type in GENERIC_TYPES:
        if found in ("pdf", "docx"):
            return found
        raise InputError(url, f"the server sent {content_type or 'no content type'} whose bytes "
                              "are not a PDF or DOCX; not a document jdib reads")
    fmt = CONTENT_TYPES.get(content_type)
    if fmt is None:
        raise InputError(url, f"the content type {content_type} is not a document "
                              "(jdib reads HTML, PDF, DOCX and plain text)")
    # An HTML page served as text/plain is saved as .html, so that it is read as the page it is.
    return found if fmt == "text" and found in ("html", "pdf", "docx") else fmt


def fetch(url: str, timeout: float = TIMEOUT_S) -> Fetched:
    """Fetch one document over http(s).

    Args:
        url: The document's URL.
        timeout: Seconds the whole download may take.

    Returns:
        The response's bytes and the suffix to save them with.

    Raises:
        InputError: A refused scheme or redirect, an HTTP error, no answer in
            time, a body past the document limits, or a content type that is
            not a document.

    Example:
        >>> fetch("https://www.mod.go.jp/j/press/news/2026/04/17a.html").suffix  # doctest: +SKIP
        '.html'
    """
    check_url(url)
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"jdib/{__version__}"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
            if content_type.startswith(("image/", "audio/", "video/", "font/")):
                raise InputError(url, f"the content type {content_type} is not a document "
                                      "(jdib reads HTML, PDF, DOCX and plain text)")
            expected = CONTENT_TYPES.get(content_type)
            limit = limits.DOCUMENT_BYTES.get(expected, max(limits.DOCUMENT_BYTES.values()))
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise InputError(url, f"is {int(length):,} bytes, more than jdib reads from one "
                                      f"document ({limits.size(limit)})")
            data = _read(response, url, limit, deadline, timeout)
            final = response.geturl()
    except _RedirectRefused as err:
        raise InputError(url, f"redirects to {err.target}; jdib fetches only http and https URLs") from None
    except urllib.error.HTTPError as err:
        if 300 <= err.code < 400:
            raise InputError(url, f"redirected more than {MAX_REDIRECTS} times, or without a "
                                  "location") from None
        raise InputError(url, f"the server answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        if isinstance(err.reason, TimeoutError):
            raise InputError(url, f"no answer within {timeout:g} s") from None
        raise InputError(url, f"cannot be fetched ({getattr(err.reason, 'strerror', None) or err.reason})") from None
    except TimeoutError:
        raise InputError(url, f"no answer within {timeout:g} s") from None
    except OSError as err:  # a connection reset, a malformed response
        raise InputError(url, f"cannot be fetched ({err.strerror or err})") from None
    fmt = _format(url, content_type, data)
    if len(data) > limits.DOCUMENT_BYTES[fmt]:
        raise InputError(url, f"is {limits.size(len(data))}, more than jdib reads from one "
                              f"{fmt.upper()} document ({limits.size(limits.DOCUMENT_BYTES[fmt])})")
    return Fetched(url, final, data, SUFFIXES[fmt])


def _read(response, url: str, limit: int, deadline: float, timeout: float) -> bytes:
    """The body, decoded as its ``Content-Encoding`` says, read so that neither its size
    nor a slow server goes past a limit.

    Each read takes what one packet brought (``read1``) and waits no longer than
    the time left, so a server trickling a byte at a time is stopped at the
    deadline, not a socket timeout per read later.
    """
    decoder = _decoder(url, response.headers.get("Content-Encoding", ""))
    chunks, size = [], 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise InputError(url, f"was not received within {timeout:g} s")
        _wait_at_most(response, left)
        try:
            chunk = response.read1(1 << 16)
        except TimeoutError:
            raise InputError(url, f"was not received within {timeout:g} s") from None
        if not chunk:
            break
        if decoder:
            try:
                chunk = decoder.decompress(chunk, limit + 1 - size)
            except zlib.error as err:
                raise InputError(url, f"its compressed body cannot be decoded ({err})") from None
        chunks.append(chunk)
        size += len(chunk)
        if size > limit or (decoder and decoder.unconsumed_tail):
            raise InputError(url, f"is more than jdib reads from one document ({limits.size(limit)})")
    if decoder and not decoder.eof:
        raise InputError(url, "its compressed body ends before it is complete")
    return b"".join(chunks)


#: ``Content-Encoding`` values and the zlib window bits that decode them.
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def _decoder(url: str, encoding: str):
    """A decompressor for a response's ``Content-Encoding`` (None when the body is sent as it is).

    The document saved is the one published, not its compressed transfer form.
    """
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding not in ENCODINGS:
        raise InputError(url, f"the server sent the body encoded as {encoding!r}, which jdib "
                              "does not decode (it decodes gzip and deflate)")
    return zlib.decompressobj(ENCODINGS[encoding])


def _wait_at_most(response, seconds: float) -> None:
    """Let the next read of a response's socket wait at most ``seconds``."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.001))
