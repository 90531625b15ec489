"""Record text made safe for each place it is written out: a terminal line or a GitHub workflow command.

Record text is untrusted: a value can hold a newline, an escape sequence or a line that GitHub's
runner reads as a command.  Every output has its own encoder, and each is applied to every piece of
record text that output shows, so one problem is always one line:

- :func:`text` for the terminal, logs and CI output (the text style, the plain copy in the github
  style, the MkDocs warnings and build error, the pull-request summary);
- :func:`workflow_data` and :func:`workflow_property` for the parts of a GitHub workflow command,
  as GitHub documents them (``%``, CR and LF; ``:`` and ``,`` in properties), after the same
  escapes as :func:`text` for every other invisible character.

The JSON style needs no encoder of its own: ``json.dumps`` with ``ensure_ascii`` writes every control
and non-ASCII character, U+2028 and U+2029 included, as an escape.
"""

from __future__ import annotations

import re
import unicodedata

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
"""Unicode categories shown escaped: controls (C0, DEL, C1), format characters (bidi controls, zero-width
characters, the soft hyphen), lone surrogates (from file names that are not UTF-8) and the line and
paragraph separators."""
_COMMAND = re.compile(r"(?<=:):|(?<=##)\[")
"""A second colon of ``::`` and the bracket of ``##[``: how GitHub's runner spots a workflow command."""


def _escape(character: str) -> str:
    if character in _SHORT:
        return _SHORT[character]
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _visible(value: str, keep: str = "") -> str:
    if value.isprintable():  # a quick test: most text has no control or format character at all
        return value
    return "".join(_escape(c) if c not in keep and unicodedata.category(c) in _INVISIBLE else c for c in value)


def text(value: str) -> str:
    r"""``value`` as inert text within one line, for people reading a terminal, a log or CI output.

    Each control, format or separator character is shown as a Python-style escape (``\n``, ``\x1b``,
    ``\u202e``), so a value can neither end the line, nor move the cursor or clear the screen, nor turn
    the text around.  GitHub's runner reads a line as a command when it starts with ``::`` (after any
    spaces) or holds ``##[`` anywhere, so the second colon of every ``::`` and the bracket of every
    ``##[`` are shown as ``\x3a`` and ``\x5b``: no way of splitting or wrapping the line can start a
    command.  Everything else, backslashes included, is kept as written.  Applying it twice changes
    nothing.
    """
    return _COMMAND.sub(lambda match: _escape(match.group()), _visible(value))


def workflow_data(value: str) -> str:
    """``value`` as the message of a workflow command (``::error ...::message``), on one line.

    ``%``, CR and LF are encoded as GitHub documents, so the runner gives back the line breaks; every
    other invisible character is shown as in :func:`text`, so none reaches the log or the annotation.
    """
    return _visible(value, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(value: str) -> str:
    """``value`` as a property of a workflow command (``file=``, ``title=``): also ``:`` and ``,`` encoded."""
    return workflow_data(value).replace(":", "%3A").replace(",", "%2C")
