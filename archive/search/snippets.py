"""Highlighted snippets, made from a segment's original text.

The words of the text are found as written (`normalise.tokens`), each is given its key in the
transcript's language, and the words whose key the query asked for are wrapped in `<mark>`:
"déplacées" is marked for the query "deplace" because both have the key "deplac". Everything
else is HTML-escaped. A long text is cut to a window of words around the first match.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .normalise import tokens, word_key

WINDOW_WORDS = 40


def highlight(text: str, language: str, keys: set[str], window: int = WINDOW_WORDS
              ) -> SafeString:
    """`text` as safe HTML with the words matching `keys` in `<mark>`, at most `window` words
    (with an ellipsis where it is cut)."""
    words = list(tokens(text))
    marked = [i for i, token in enumerate(words) if word_key(token.folded, language) in keys]
    first, last = 0, len(words)
    if len(words) > window:
        first = max(0, (marked[0] if marked else 0) - window // 4)
        last = min(len(words), first + window)
        first = max(0, last - window)
    start = words[first].start if first > 0 else 0
    end = words[last - 1].end if last < len(words) else len(text)
    parts, position = [], start
    for index in marked:
        if first <= index < last:
            token = words[index]
            parts += [escape(text[position:token.start]), "<mark>",
                      escape(text[token.start:token.end]), "</mark>"]
            position = token.end
    parts.append(escape(text[position:end]))
    html = "".join(parts).strip()
    return mark_safe(("… " if start > 0 else "") + html + (" …" if end < len(text) else ""))  # noqa: S308 - escaped above
