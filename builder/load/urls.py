"""Every URL the owner writes that becomes a link, checked at load and rebuilt from its parts.

Pages put these URLs into `href` attributes (text.link, the PDF templates), so a URL is held
to what a browser can only read as a plain web or mail address: http(s) or mailto, no
whitespace or control characters, none of the characters RFC 3986 never allows (a `"` or `<`
would end the attribute), no `user@` before the host (it hides the real destination), and a
host made of DNS labels. A URL that passes is rebuilt from the parsed parts (scheme and host
lowercased, non-ASCII percent-encoded), so what a page links to is what was checked.

`related_prs` entries are PR URLs: the same anchored rule as PR exports (models/pull_request).
"""

import copy
import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from builder.errors import InputProblem
from builder.load.yaml_source import Location, YamlDocument, field_path
from builder.models.pull_request import parse_pr_url

URL_LIMIT = 2000  # what every browser and PDF reader keeps; longer is not a hand-written link
# RFC 3986 unreserved and reserved characters plus '%' for escapes: all the ASCII a URL may
# hold. Beyond ASCII, printable letters pass (and are percent-encoded when rebuilt).
_URL_ASCII = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%"
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL}){{0,126}}\.?")
_MAILBOX = re.compile(r"[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]{1,64}@" + _HOST.pattern, re.IGNORECASE)
_SAFE_AFTER_HOST = "/?#[]@!$&'()*+,;=:%~"

# Where each owner model keeps URLs that become links ("*" is every item of a list).
LINK_FIELDS: dict[str, tuple[Location, ...]] = {
    "Achievement": (("links", "*", "url"),),
    "Profile": (
        ("links", "*", "url"),
        ("certifications", "*", "url"),
        ("publications", "*", "url"),
        ("talks", "*", "url"),
    ),
}
PR_FIELDS: dict[str, tuple[Location, ...]] = {"Achievement": (("related_prs", "*"),)}


def link_url(url: str) -> str:
    """`url` rebuilt from its checked parts, or ValueError saying what is wrong and the fix."""
    if len(url) > URL_LIMIT:
        raise ValueError(f"is {len(url)} characters long, over {URL_LIMIT}: shorten the link")
    scheme, sep, _ = url.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in ("http", "https", "mailto"):
        shown = f"{scheme[:20]!r} as its scheme" if sep else "no scheme"
        raise ValueError(
            f"has {shown}: a link must start with https:// (or http://, or mailto: for an "
            "email address); javascript:, data: and other schemes are refused"
        )
    for position, char in enumerate(url):
        if char not in _URL_ASCII and (char.isascii() or _invisible(char)):
            raise ValueError(_bad_character(char, position))
    if scheme == "mailto":
        return _mailto(url)
    return _web(url, scheme)


def _invisible(char: str) -> bool:
    """Spaces, controls and format characters (a right-to-left override reverses the text a
    reader sees)."""
    return char.isspace() or not char.isprintable()


def _bad_character(char: str, position: int) -> str:
    name = f"U+{ord(char):04X}" if not char.isprintable() or char.isspace() else repr(char)
    return (
        f"holds {name} at character {position + 1}, which a URL cannot contain: "
        "percent-encode it (a space is %20, a quote %22) or delete it"
    )


def _mailto(url: str) -> str:
    address = url[len("mailto:") :]
    if not _MAILBOX.fullmatch(address):
        raise ValueError(
            "is not a mail link: expected mailto:NAME@DOMAIN with nothing after the address"
        )
    return f"mailto:{address}"


def _web(url: str, scheme: str) -> str:
    parts = urlsplit(url)
    if not url[len(scheme) + 1 :].startswith("//"):
        raise ValueError(f"must be {scheme}://HOST/...: the '//' after '{scheme}:' is missing")
    if "@" in parts.netloc:
        raise ValueError(
            "has a 'name@' before the host, which hides where the link really goes: "
            "delete everything up to the '@'"
        )
    host = _ascii_host(parts.hostname or "")
    if not _HOST.fullmatch(host):
        raise ValueError(
            f"has no valid host (got {host!r}): expected {scheme}://example.com/..., a domain "
            "name of letters, digits, dashes and dots"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has a port that is not a number from 0 to 65535") from None
    netloc = host if port is None else f"{host}:{port}"
    path, query, fragment = (
        quote(p, safe=_SAFE_AFTER_HOST) for p in (parts.path, parts.query, parts.fragment)
    )
    return urlunsplit((scheme, netloc, path, query, fragment))


def _ascii_host(host: str) -> str:
    """The host lowercased, an internationalised domain name in its xn-- form."""
    try:
        return host.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return host.lower()


def checked_urls(
    model: type,
    data: dict[str, Any],
    label: str,
    doc: YamlDocument,
    prefix: Location,
    hosts: tuple[str, ...],
) -> tuple[dict[str, Any], list[InputProblem], set[str]]:
    """A copy of `data` with every link URL rebuilt, the problems of those that fail, and their
    field paths (so the model's own pattern error for the same field is not reported twice)."""
    data = copy.deepcopy(data)  # the parsed document stays as the owner wrote it
    problems: list[InputProblem] = []
    name = model.__name__
    checks = [(loc, link_url) for loc in LINK_FIELDS.get(name, ())]
    checks += [(loc, lambda u: parse_pr_url(u, hosts).url) for loc in PR_FIELDS.get(name, ())]
    for pattern, check in checks:
        for loc, url in _values_at(data, pattern, ()):
            try:
                _replace(data, loc, check(url.strip()))
            except ValueError as exc:
                line = doc.line_of((*prefix, *loc))
                where = field_path(loc)
                message = f"{_owner(data)}{where} {exc}"
                problems.append(InputProblem(label, line, where, message))
    return data, problems, {p.field for p in problems if p.field}


def _owner(data: dict[str, Any]) -> str:
    """'achievement faster-ci: ' when the record has an id, so the message names it."""
    ident = data.get("id")
    return f"achievement {ident}: " if isinstance(ident, str) and ident else ""


def _values_at(data: Any, pattern: Location, loc: Location) -> list[tuple[Location, str]]:
    """(location, string) for every string found at `pattern` inside `data`."""
    if not pattern:
        return [(loc, data)] if isinstance(data, str) else []
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        items = enumerate(data) if isinstance(data, list) else ()
        return [found for i, item in items for found in _values_at(item, rest, (*loc, i))]
    if isinstance(data, dict) and head in data:
        return _values_at(data[head], rest, (*loc, head))
    return []


def _replace(data: Any, loc: Location, value: str) -> None:
    """Put `value` at `loc` (found by _values_at, so every step exists)."""
    for step in loc[:-1]:
        data = data[step]
    data[loc[-1]] = value
