"""Rich text as the reader's language needs it: links to pages resolved to
that language, and left-to-right runs isolated inside right-to-left text."""

import html
import re
import unicodedata

from django.utils.html import escape
from wagtail.rich_text.pages import PageLinkHandler

from .fallback import localized


class LocalizedPageLinkHandler(PageLinkHandler):
    """Wagtail's page link handler, localising the linked pages in one query
    rather than one per link."""

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        pages = localized(cls.get_many(attrs_list))
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]


# A tag (quoted attribute values may hold ">") or a comment, and the text between.
TAG = re.compile(r"(<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>)", re.DOTALL)
TAG_NAME = re.compile(r"<(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
ENTITY = re.compile(r"(&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)")
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "source", "track", "wbr"}
# Elements that sit inside a line of text; any other element starts a new paragraph.
INLINE = {"a", "abbr", "b", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small"}
INLINE |= {"span", "strong", "sub", "sup", "time", "u", "var"}
# Inline elements already isolated: left as they are.
ISOLATED = {"bdi", "bdo"}
LINE = INLINE | ISOLATED
HAS_DIR = re.compile(r"\sdir\s*=", re.IGNORECASE)

# Each character of the text as one letter, for RUN: a left-to-right letter
# (Latin, Cyrillic: L), a digit (D), a whole element holding only such a run
# (E), what may join a run's words and numbers (j), a comma (c), a plus (+),
# a percent sign (%), and anything else (x), right-to-left letters included.
JOINERS = set(" \u00a0-\u2010\u2011\u2013./:@_'\u2019")
RUN = re.compile(r"(?:\+(?=D))?[LDE](?:j*[LDE]|(?<=D)c(?=D))*(?:(?<=D)%)?")


class _Kinds(dict):
    """ord(char) → its letter, for str.translate: met characters are looked
    up once. A right-to-left letter is "r" (anything else to RUN) and a
    combining mark "n" until _kinds decides what it joins."""

    def __missing__(self, code):
        char = chr(code)
        bidi = unicodedata.bidirectional(char)
        if char.isascii() and char.isdigit():
            kind = "D"
        elif bidi == "L":
            kind = "L"
        elif bidi == "NSM":
            kind = "n"
        elif bidi in ("R", "AL"):
            kind = "r"
        elif char in JOINERS:
            kind = "j"
        else:
            kind = {",": "c", "+": "+", "%": "%"}.get(char, "x")
        self[code] = kind
        return kind


_KINDS = _Kinds()
# An accent combines with its letter; after anything else it is not part of a run.
MARKS_ON_A_LETTER = re.compile(r"(?<=L)n+")


# Right-to-left letters (bidirectional class R or AL): Unicode gives them
# only in these blocks (Hebrew to Arabic Extended, the right-to-left mark,
# the presentation forms, and their supplementary counterparts). A regular
# expression finds one in a text at C speed; translating every character
# (_KINDS) to look for one took 1.5 ms of an Arabic guide's render.
RTL_BLOCKS = [
    (0x0590, 0x08FF),
    (0x200F, 0x200F),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFF),
    (0x10800, 0x10FFF),
    (0x1E800, 0x1EFFF),
]
RTL_CODES = [
    code
    for first, last in RTL_BLOCKS
    for code in range(first, last + 1)
    if unicodedata.bidirectional(chr(code)) in ("R", "AL")
]


def _character_class(codes):
    """A regular expression's class of the given code points, as ranges."""
    ranges = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges) + "]")


# Apart: a class with characters beyond U+FFFF is read range by range for
# every character searched (an English line took 60 µs, not 2).
BMP_RTL_LETTER = _character_class(code for code in RTL_CODES if code <= 0xFFFF)
SUPPLEMENTARY_RTL_LETTER = _character_class(code for code in RTL_CODES if code > 0xFFFF)
BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def has_rtl_letter(text):
    """Whether `text` holds a right-to-left letter of any script."""
    if BMP_RTL_LETTER.search(text):
        return True
    return BEYOND_BMP.search(text) is not None and SUPPLEMENTARY_RTL_LETTER.search(text) is not None


ASCII_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


def _may_hold_a_run(text):
    """Whether `text` has a character a left-to-right run starts with: a
    left-to-right letter or a digit (kinds L and D)."""
    if ASCII_LETTER_OR_DIGIT.search(text):
        return True
    kinds = "".join(set(text)).translate(_KINDS)
    return "L" in kinds or "D" in kinds


def _kinds(text):
    kinds = text.translate(_KINDS)
    if "n" in kinds:
        kinds = MARKS_ON_A_LETTER.sub(lambda marks: "L" * len(marks.group()), kinds).replace("n", "x")
    return kinds


class _Element:
    __slots__ = ("name", "start", "children", "end")

    def __init__(self, name, start):
        self.name, self.start, self.children, self.end = name, start, [], ""

    def html(self):
        return self.start + "".join(_html(child) for child in self.children) + self.end

    def text(self):
        return "".join(html.unescape(child) if isinstance(child, str) else child.text() for child in self.children)


def _html(node):
    return node if isinstance(node, str) else node.html()


def _parse(markup):
    """The elements and text of `markup` as a tree, or None when its tags do
    not nest (then it is left as it is)."""
    root = _Element("", "")
    stack = [root]
    for part in TAG.split(markup):
        if not part:
            continue
        name = TAG_NAME.match(part) if part.startswith("<") else None
        if part.startswith("<") and not name:  # a comment: kept, and ends a run
            stack[-1].children.append(_Element("#comment", part))
        elif name and name.group(1):
            if len(stack) == 1 or stack[-1].name != name.group(2).lower():
                return None
            stack.pop().end = part
        elif name:
            element = _Element(name.group(2).lower(), part)
            stack[-1].children.append(element)
            if element.name not in VOID and not part.endswith("/>"):
                stack.append(element)
        else:
            stack[-1].children.append(part)
    return root.children if len(stack) == 1 else None


def _right_to_left(nodes):
    text = "".join(html.unescape(node) if isinstance(node, str) else node.text() for node in nodes)
    return has_rtl_letter(text)


def _inline(node):
    return isinstance(node, str) or (node.name in LINE and bool(node.end))


def _isolate_paragraphs(nodes):
    """Each line of inline content among `nodes` that holds right-to-left
    text gets its left-to-right runs isolated; block elements are entered."""
    out, line = [], []

    def end_line():
        out.append(_isolate_line(line) if _right_to_left(line) else "".join(_html(node) for node in line))
        line.clear()

    for node in nodes:
        if _inline(node):
            line.append(node)
        else:
            end_line()
            out.append(node.start + _isolate_paragraphs(node.children) + node.end)
    end_line()
    return "".join(out)


def _pieces(nodes):
    """A line as one letter per character, entity and element (_Kinds), the
    HTML of each, and, by position, the elements that hold one left-to-right
    run and nothing else: each is one piece, of kind E, with its text's kinds."""
    kinds, htmls, whole = [], [], {}
    for node in nodes:
        if isinstance(node, str):
            for part in ENTITY.split(node):
                if ENTITY.fullmatch(part):
                    kinds.append(_kinds(html.unescape(part)[:1]))
                    htmls.append(part)
                elif part:
                    kinds.append(_kinds(part))
                    htmls.extend(part)
        elif node.name in ISOLATED or HAS_DIR.search(node.start):
            kinds.append("x")
            htmls.append(node.html())
        elif RUN.fullmatch(inner := _kinds(node.text())):
            whole[len(htmls)] = (node, inner)
            kinds.append("E")
            htmls.append(node.html())
        else:
            kinds.append("x")
            htmls.append(node.start + _isolate_line(node.children) + node.end)
    return "".join(kinds), htmls, whole


def _isolate_line(nodes):
    """Wrap each left-to-right run of a line of right-to-left text in
    <bdi dir="ltr">, or give dir="ltr" to an element that is the whole run.
    A run may span inline elements, as long as each one it touches holds
    nothing but left-to-right text, so the markup still nests."""
    if all(isinstance(node, str) and "&" not in node for node in nodes):
        return _isolate_text("".join(nodes))
    kinds, htmls, whole = _pieces(nodes)
    out, done = [], 0
    for run in RUN.finditer(kinds):
        start, end = run.span()
        inside = kinds[start:end]
        if "E" in inside:
            inside = "".join(whole[at][1] if at in whole else kinds[at] for at in range(start, end))
        if not _needs_isolation(inside):
            continue
        out.append("".join(htmls[done:start]))
        if end - start == 1 and start in whole:  # an element: <abbr title=".." dir="ltr">RFZO</abbr>
            element = whole[start][0]
            out.append(element.start[:-1] + ' dir="ltr">' + htmls[start][len(element.start) :])
        else:
            out.append('<bdi dir="ltr">' + "".join(htmls[start:end]) + "</bdi>")
        done = end
    out.append("".join(htmls[done:]))
    return "".join(out)


def _isolate_text(text):
    """_isolate_line for plain text (no element, no entity): one piece per
    character, so the runs are slices of the text itself."""
    kinds = _kinds(text)
    out, done = [], 0
    for run in RUN.finditer(kinds):
        start, end = run.span()
        if _needs_isolation(kinds[start:end]):
            out += [text[done:start], '<bdi dir="ltr">', text[start:end], "</bdi>"]
            done = end
    out.append(text[done:])
    return "".join(out)


def _needs_isolation(kinds):
    """A run with letters, or numbers with a space or dash between them (a
    phone number, "08:00–15:00"), does; a lone number keeps its place in
    right-to-left text by itself."""
    return "L" in kinds or "j" in kinds


def isolate_ltr_runs(markup):
    """`markup` (escaped text or sanitised HTML) with every run of Latin or
    Cyrillic words and numbers inside right-to-left text isolated, so that
    "(dom zdravlja)", «Hitna pomoć», "RFZO." or "+381 11 123 4567" keep
    their order and their punctuation in place in Arabic, Farsi, Pashto and
    Urdu whatever the stylesheet. Paragraphs without right-to-left letters
    (a part still in English) are left as they are, and so is markup whose
    tags do not nest."""
    markup = str(markup)
    if not _may_hold_a_run(markup):
        return markup
    nodes = _parse(markup)
    return markup if nodes is None else _isolate_paragraphs(nodes)
