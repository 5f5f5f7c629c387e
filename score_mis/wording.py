"""Generated sentences in the reader's language: lists, places and asides punctuated the English or the Chinese way,
and names sorted as a reader of that language looks for them (Chinese by pinyin, not by code point).

English: "footwear, garments and toys", "Ningbo, Zhejiang", "five enterprises (footwear, garments)".
Chinese: "鞋类、服装和玩具", "宁波，浙江", "五家企业（鞋类、服装）" — full-width punctuation, no spaces around it."""

from django.utils.translation import get_language


def in_chinese():
    return (get_language() or "").startswith("zh")


def join_list(items, conjunction=True):
    """ "a, b and c" / "a、b和c"; without the conjunction "a, b, c" / "a、b、c"."""
    items = [str(item) for item in items if item not in (None, "")]
    if in_chinese():
        separator, last = "、", "和"
    else:
        separator, last = ", ", " and "
    if not conjunction or len(items) <= 1:
        return separator.join(items)
    return separator.join(items[:-1]) + last + items[-1]


def place(*parts):
    """A city with its province, leaving out an empty or repeated part: "Ningbo, Zhejiang" / "宁波，浙江"."""
    names = []
    for part in parts:
        if part and str(part) not in names:
            names.append(str(part))
    return ("，" if in_chinese() else ", ").join(names)


def aside(text, before=""):
    """`before` followed by `text` in brackets: "5 enterprises (footwear)" / "5家企业（鞋类）". Without `before`, the
    brackets follow the word before them: " (footwear)" in English, "（鞋类）" in Chinese."""
    if not text:
        return str(before)
    if in_chinese():
        return f"{before}（{text}）"
    return f"{before} ({text})"


def comma():
    return "，" if in_chinese() else ", "


def semicolon():
    return "；" if in_chinese() else "; "


def colon():
    return "：" if in_chinese() else ": "


def sort_key(text):
    """The key that orders names for the reader: by pinyin (then the characters) in Chinese, else case-insensitively.
    Latin letters keep their place among pinyin syllables, so "SCORE" sorts under S in both languages."""
    text = str(text or "")
    if in_chinese():
        # Imported on first use: its dictionaries take some 25 MB a process that never sorts in Chinese need not hold.
        from pypinyin import Style, lazy_pinyin

        return (" ".join(lazy_pinyin(text, Style.TONE3)).casefold(), text)
    return (text.casefold(), text)


def sorted_for_reader(items, key=str):
    return sorted(items, key=lambda item: sort_key(key(item)))
