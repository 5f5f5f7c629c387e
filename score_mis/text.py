"""Text as people meant it: what every text typed, pasted, imported or sent through the API is cleaned of
before it is validated and stored, so one stray character cannot break a spreadsheet, a PDF or a frozen
report for everyone (an XLSX file cannot hold most control characters at all).

Dropped, not refused, since nobody types them on purpose and they arrive by copy and paste:
- control characters (C0, DEL and C1), except tab, line feed and carriage return in multi-line text;
- invisible format characters: zero-width spaces and joiners, left-to-right and right-to-left marks
  (U+200B–U+200F), direction embeddings and overrides (U+202A–U+202E), the word joiner, invisible operators
  and direction isolates (U+2060–U+206F), the byte order mark (U+FEFF); emoji joined by a zero-width joiner
  fall apart into their parts, which English and Chinese text does not miss;
- the non-characters U+FFFE and U+FFFF and unpaired surrogates (which JSON can carry, and no database stores).

Single-line text (a title, a name) keeps no line break or tab either: each, with the spaces around it, becomes
one space.
"""

import re

INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufffe\uffff\ud800-\udfff]"
)
LINE_BREAKS = re.compile("[ \t\r\n]*[\t\r\n][ \t\r\n]*")


def plain_text(text, *, multiline):
    """`text` without the characters above; with its line breaks and tabs as spaces unless `multiline`."""
    text = INVISIBLE.sub("", text)
    return text if multiline else LINE_BREAKS.sub(" ", text)
