"""Abstracts rendered faithfully: math as MathML, URLs as links, stripped LaTeX repaired.

An abstract is cut into pieces (text, math, link) and each piece is rendered on its own, so
untrusted text only ever reaches the page through :func:`generator.render.escape.literal`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.render.escape import SafeMarkdown, literal, markdown_link
from generator.render.mathml import LONGEST_FORMULA, latex_to_mathml
from generator.tex import TEX_GREEK_LETTERS, might_hold_tex, repaired
from generator.text import URL, might_hold_url
from generator.urls import safe_url


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Math:
    latex: str
    source: str
    """The formula as written, shown instead when it cannot be converted."""
    display: bool = False


@dataclass(frozen=True)
class Link:
    url: str
    shown: str
    """The address as the abstract wrote it (``www.x.org``, without the scheme added)."""


Piece = Text | Math | Link

# Delimited math: \( \), \[ \], $$ $$ and $ $. A single $ opens only before a non-space and
# closes only after one, not before a digit ("costs $5 and $10" stays text), and not after a
# backslash or another $, as in pandoc. Formulas are bounded in length, so that text full of
# delimiters is still read in linear time. Every alternative starts with \ or $, the lookbehind
# coming after: the engine then skips in C to the next \ or $, where one starting with a
# lookbehind is tried at every character (Python-Markdown searches each text of every page with
# it, for the notes' math).
DELIMITED_MATH = re.compile(
    rf"\\\((?P<inline>.{{1,{LONGEST_FORMULA}}}?)\\\)"
    rf"|\\\[(?P<block>.{{1,{LONGEST_FORMULA}}}?)\\\]"
    rf"|\$\$(?P<dollars_block>[^$]{{1,{LONGEST_FORMULA}}}?)\$\$"
    rf"|\$(?<![\\$]\$)(?P<dollars>[^\s$](?:[^$]{{0,{LONGEST_FORMULA}}}?[^\s\\$])?)\$(?!\d)",
    re.DOTALL,
)
TRAILING_URL_PUNCTUATION = ".,;:!?'\"*"
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")

# LaTeX whose backslashes the listing page stripped, repaired where the reading is unambiguous.
# Each with a substring every match holds (most texts hold none), and a pattern that starts
# with a literal, which the regular expression engine looks for in C: one starting with a
# lookbehind is tried at every character.
TEXT_REPAIRS = (
    ("times", re.compile(r"times\b(?<=\dtimes)"), "×"),  # 11.9times -> 11.9×
    ("mapsto", re.compile(r"(?<![\w-])([A-Za-z]) mapsto (?=[A-Za-z](?![\w-]))"), r"\1 ↦ "),  # u mapsto y
    ("pm ", re.compile(r"(\d) \\?pm (?=\d)"), r"\1 ± "),  # 11.0 pm 1.3 -> 11.0 ± 1.3
    ("\\", re.compile(r"\\([%&#_$])"), r"\1"),  # 5\% -> 5%
    ("\\~", re.compile(r"\\~(?=\d)"), "~"),  # \~8B (about 8B) -> ~8B
    ("$~$", re.compile(r"\$~\$"), "~"),  # ($~$1 nm): about
    (
        "^{",
        re.compile(r"(?<![^\s(/+-])\^\{(\d{1,3})\}(?=[A-Z][a-z]?\b)"),
        lambda match: superscript(match[1]),
    ),  # ^{12}C
    ("sqrt", re.compile(r"(?<![A-Za-z])sqrt\{([^{}\s]{1,30})\}"), r"√\1"),  # \sqrt{s}=196 GeV -> √s=196 GeV
    ("sqrt", re.compile(r"(?<![A-Za-z])sqrt(?=\()"), "√"),  # O(sqrt(N)) -> O(√(N))
)
# A word of math-only characters with an exponent or stripped \left( \right): O(L^2), n^{1.5},
# Oleft(n^{1.5}dright). Plain words never contain ^, and English never glues "left(" to a word.
MATH_WORD_CHARACTER = r"[A-Za-z\u0391-\u03c9\u03d1\u03d5\u03f50-9(){}\[\]^_.+*/|-]"  # Greek too: "π_{0.5}"
MATH_WORD = re.compile(  # starts only where a run of such characters starts: linear time
    rf"(?<!{MATH_WORD_CHARACTER}){MATH_WORD_CHARACTER}*(?:\^|_\{{|left[(\[|]){MATH_WORD_CHARACTER}*"
)
STRIPPED_DELIMITER = re.compile(r"(?<!\\)(left|right)(?=[()\[\]|])")
UPRIGHT_NAME = re.compile(r"(?<![A-Za-z\\_^])([A-Za-z]{2,})(?![A-Za-z])")
"""Letters in a run, in math written without dollars, are a name, set upright: "nabla^2DFT" is
∇²DFT and "p_{gen}" is p with "gen" below, not products of italic variables (command names,
after their backslash, are not runs of this kind; nor letters after a bare _ or ^, of which TeX
takes one)."""
SUBSCRIPT = re.compile(r"[A-Za-z\u0391-\u03c9\u03d1\u03d5\u03f50-9)}\]]_\{")
"""A braced subscript ("G_{stack}", "|V_{us}|"): English never writes one."""
# Formula command names a listing stripped of their backslash ("theta_{GRPO}", "$nu= 1/2 $"),
# given it back in math that holds no backslash at all; never English words in such math.
STRIPPED_COMMAND = re.compile(
    r"(?<![A-Za-z\\])("
    + "|".join(
        TEX_GREEK_LETTERS
        + tuple("sum int prod infty sqrt frac cdot leq geq neq approx nabla partial hbar ell".split())
        + tuple("mathrm mathbb mathcal operatorname displaystyle".split())
    )
    + r")(?![A-Za-z])"
)
# Math between single dollars with a space inside them ("$ \operatorname H_v$", "$nu= 1/2 $"), an
# arXiv habit the strict rule above leaves as text: taken as math when it holds a TeX sign and
# does not start with a digit (then "costs $ 5 and $ 10" stays text).
SPACED_MATH = re.compile(rf"\$(?P<spaced>\s[^$]{{0,{LONGEST_FORMULA}}}?|[^$\s][^$]{{0,{LONGEST_FORMULA}}}?\s)\$")
TEX_SIGN = re.compile(r"\\[A-Za-z]|[_^={}<>]")
ONE_LETTER = re.compile(r"[A-Za-z](?:\s*,\s*[A-Za-z]){0,5}")
"""A variable or a few: "$ v$", "$ A,B$"."""


def render_abstract(abstract: str) -> SafeMarkdown:
    """Markdown paragraphs for an abstract, every character of it shown as the author wrote it."""
    paragraphs = (render_pieces(split_pieces(paragraph)) for paragraph in abstract.split("\n\n"))
    return SafeMarkdown("\n\n".join(paragraphs))


def render_pieces(pieces: list[Piece]) -> SafeMarkdown:
    rendered = "".join(render_piece(piece) for piece in pieces)
    if rendered.startswith("<math"):
        # Python-Markdown takes a paragraph that opens with <math> (a block-level tag to it) for
        # a block of raw HTML and splits the paragraph around it: "$G$ is a group." became the
        # formula, then "is a group" and "." as paragraphs of their own. In a span it is inline.
        end = rendered.index("</math>") + len("</math>")
        rendered = f"<span>{rendered[:end]}</span>{rendered[end:]}"
    return SafeMarkdown(rendered)


def render_piece(piece: Piece) -> str:
    if isinstance(piece, Link):
        return markdown_link(literal(piece.shown), piece.url)
    if isinstance(piece, Math):
        return latex_to_mathml(piece.latex, piece.display) or literal(piece.source)
    return literal(piece.text)


# \url{address} and \href{address}{text}: links, whose braces an address must not swallow.
TEX_LINK = re.compile(r"\\(?:url\{(?P<url>[^{}\s]+)\}|href\{(?P<href>[^{}\s]+)\}\{(?P<text>[^{}]{1,300})\})")


def split_pieces(text: str) -> list[Piece]:
    """Delimited math first (it may contain anything), then TeX's \\url and \\href, then URLs,
    then the LaTeX residue."""
    pieces: list[Piece] = []
    delimited = split_on(text, DELIMITED_MATH, delimited_math, might_hold_math)
    for piece in (spaced for found in delimited for spaced in with_spaced_math(found)):
        if not isinstance(piece, Text):
            pieces.append(piece)
            continue
        for linked in split_on(piece.text, TEX_LINK, tex_link_piece, might_hold_tex_link):
            if not isinstance(linked, Text):
                pieces.append(linked)
                continue
            for inner in split_on(linked.text, URL, url_piece, might_hold_url):
                pieces.extend(split_residue(inner.text) if isinstance(inner, Text) else [inner])
    return merge_text(pieces)


def might_hold_tex_link(text: str) -> bool:
    return "\\url{" in text or "\\href{" in text


def tex_link_piece(match: re.Match[str]) -> list[Piece] | None:
    address = match["url"] or match["href"]
    full_url = address if "://" in address else f"https://{address}"
    if safe_url(full_url) is None:
        return [Text(repaired(match["text"]) if match["text"] else address)]  # the text, never the link
    return [Link(full_url, repaired(match["text"]) if match["text"] else address)]


def split_on(text: str, pattern: re.Pattern[str], make_piece, might_match) -> list[Piece]:
    """Cut ``text`` at each match; ``make_piece`` turns a match into pieces (or None: keep as text).

    ``might_match``: a cheap test that is true of every text the pattern matches in. Most
    abstracts hold no math and no URL, and substring tests cost far less than a scan.
    """
    if not might_match(text):
        return [Text(text)] if text else []
    pieces: list[Piece] = []
    position = 0
    for match in pattern.finditer(text):
        made = make_piece(match)
        if made is None:
            continue
        pieces.append(Text(text[position : match.start()]))
        pieces.extend(made)
        position = match.end()
    pieces.append(Text(text[position:]))
    return [piece for piece in pieces if not (isinstance(piece, Text) and not piece.text)]


def might_hold_math(text: str) -> bool:
    return "$" in text or "\\(" in text or "\\[" in text


def might_hold_math_word(text: str) -> bool:
    return "^" in text or "left" in text or "_{" in text


def with_spaced_math(piece: Piece) -> list[Piece]:
    if not isinstance(piece, Text) or piece.text.count("$") < 2:
        return [piece]
    return split_on(piece.text, SPACED_MATH, spaced_math, lambda _: True)


def spaced_math(match: re.Match[str]) -> list[Piece] | None:
    latex = match["spaced"].strip()
    if not latex or latex[0].isdigit() or not (TEX_SIGN.search(latex) or ONE_LETTER.fullmatch(latex)):
        return None
    return [Math(with_commands(latex), match[0])]


def with_commands(latex: str) -> str:
    """``latex`` with the backslashes of its command names, when a listing stripped them all."""
    return latex if "\\" in latex else STRIPPED_COMMAND.sub(r"\\\1", latex)


def delimited_math(match: re.Match[str]) -> list[Piece]:
    display = match["block"] is not None or match["dollars_block"] is not None
    latex = next(group for group in match.groups() if group is not None)
    return [Math(latex.strip(), match[0], display)]


def url_piece(match: re.Match[str]) -> list[Piece] | None:
    url, rest = trim_url(match[0])
    full_url = url if "://" in url else f"https://{url}"
    if safe_url(full_url) is None:
        return None
    return [Link(full_url, url), Text(rest)]


def trim_url(url: str) -> tuple[str, str]:
    """Split trailing punctuation (and unbalanced closing brackets) off a URL found in prose."""
    end = len(url)
    while end:
        char = url[end - 1]
        if char in TRAILING_URL_PUNCTUATION or (
            char in ")]}" and url[:end].count(char) > url[:end].count("([{"[")]}".index(char)])
        ):
            end -= 1
        else:
            break
    return url[:end], url[end:]


SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(digits: str) -> str:
    return digits.translate(SUPERSCRIPT_DIGITS)


def split_residue(text: str) -> list[Piece]:
    if might_hold_tex(text):
        text = repaired(text)
    for needle, pattern, replacement in TEXT_REPAIRS:
        if needle in text:
            text = pattern.sub(replacement, text)
    return split_on(text, MATH_WORD, math_word, might_hold_math_word)


def math_word(match: re.Match[str]) -> list[Piece] | None:
    word = match[0]
    core = word.rstrip(".,;:")
    while core.endswith((")", "]")) and core.count(core[-1]) > core.count("(" if core[-1] == ")" else "["):
        core = core[:-1]
    if "^" not in core and not STRIPPED_DELIMITER.search(core) and not SUBSCRIPT.search(core):
        return None
    if "^" in core and not re.search(r"[A-Za-z0-9)}\]]\^[{A-Za-z0-9]", core):
        return None  # a caret with nothing to raise is punctuation, not math
    latex = UPRIGHT_NAME.sub(r"\\mathrm{\1}", STRIPPED_DELIMITER.sub(r"\\\1", with_commands(core)))
    return [Math(latex, core), Text(word[len(core) :])]


def has_markup(text: str) -> bool:
    """Whether ``text`` renders as more than its characters: math (MathML) or a link."""
    if not (might_hold_math(text) or might_hold_math_word(text) or might_hold_url(text) or might_hold_tex_link(text)):
        return False
    return any(not isinstance(piece, Text) for piece in split_pieces(text))


def plain_text(text: str) -> str:
    """A title (or any text) with its TeX and math read as plain text, for where no markup may
    go: the browser's title bar, the navigation, search results, the feed ("Scaling
    $\\Lambda_{\\alpha}$-Attention" reads "Scaling Λ_α-Attention")."""
    if not (might_hold_math(text) or might_hold_tex(text) or might_hold_math_word(text)):
        return text
    return "".join(plain_piece(piece) for piece in split_pieces(text))


def plain_piece(piece: Piece) -> str:
    if isinstance(piece, Link):
        return piece.shown
    if isinstance(piece, Math):
        if "\\" not in piece.latex and "{" not in piece.latex and "$" not in piece.source:
            return piece.source  # "BT^2", "O(n^2)": math words read as written
        return plain_math(piece.latex) or piece.source
    return piece.text


def plain_math(latex: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    try:
        return " ".join(LatexNodes2Text(math_mode="text").latex_to_text(latex).split())
    except Exception:  # pylatexenc raises on some malformed input: then the formula as written
        return ""


def merge_text(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + piece.text)
        else:
            merged.append(piece)
    return merged


def code_repository(abstract: str) -> str | None:
    """The first code repository linked from the abstract, as its canonical https address."""
    if not might_hold_url(abstract):
        return None
    for match in URL.finditer(abstract):
        url, _ = trim_url(match[0])
        try:
            parts = urlsplit(url if "://" in url else f"https://{url}")
        except ValueError:  # "www.x.org[a]": brackets that are not an IPv6 address
            continue
        host = parts.netloc.lower().removeprefix("www.")
        segments = [segment for segment in parts.path.split("/") if segment]
        if host in CODE_HOSTS and len(segments) >= 2:
            owner, repository = segments[0], segments[1].removesuffix(".git")
            return f"https://{host}/{owner}/{repository}"
    return None


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\[])")
ABBREVIATIONS = ("e.g.", "i.e.", "et al.", "etc.", "vs.", "cf.", "fig.", "eq.", "approx.", "no.")
LONGEST_SUMMARY = 220


def first_sentence(abstract: str) -> str:
    """The abstract's first sentence, cut at a word boundary when it is very long."""
    paragraph = abstract.split("\n\n", 1)[0]
    end = len(paragraph)
    for match in SENTENCE_END.finditer(paragraph):
        if not paragraph[: match.start()].lower().endswith(ABBREVIATIONS):
            end = match.start()
            break
    sentence = paragraph[:end]
    if len(sentence) > LONGEST_SUMMARY:
        sentence = sentence[:LONGEST_SUMMARY].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return sentence
