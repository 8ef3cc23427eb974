"""LaTeX to MathML at build time, so math renders offline with no script, and nothing else gets in.

latex2mathml copies some input straight into its output (``\\text{<script>}`` gives a live
``<script>``, ``\\href`` gives an ``href``), so its output is parsed again and rebuilt from an
allow-list of MathML elements and attributes. Anything outside the list rejects the formula,
which the caller then shows as its literal source.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

from latex2mathml.converter import convert

from generator.render.escape import ESCAPES

MATHML_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msup msub msubsup mfrac msqrt mroot mover munder "
    "munderover mtable mtr mtd mstyle mpadded mphantom menclose merror".split()
)
MATHML_ATTRIBUTES = frozenset(
    "xmlns display mathvariant stretchy fence form separator accent accentunder movablelimits "
    "lspace rspace width height depth linethickness columnalign columnlines rowspacing "
    "columnspacing displaystyle scriptlevel mathsize largeop symmetric minsize maxsize notation "
    "mathcolor mathbackground".split()
)
SAFE_ATTRIBUTE_VALUE = re.compile(r"[A-Za-z0-9 .#%+-]*|http://www\.w3\.org/1998/Math/MathML")
LONGEST_FORMULA = 500
"""Characters between a formula's delimiters: longer 'formulas' are almost surely stray dollar
signs, shown as text (and latex2mathml's time grows with a formula's length)."""


STRAY_COMMAND = re.compile(r"\\([A-Za-z]+)")
BLACKBOARD = re.compile(r"\\([RQNZC])(?![A-Za-z])")
"""\\R, \\Q, ...: the shorthands papers define for the number sets, as \\mathbb."""


SPACED_DELIMITER = re.compile(r"\\(left|right)\s+([()\[\]|.])")
"""``\\left (``, which TeX reads as ``\\left(`` and latex2mathml refuses."""


class UnsafeMathML(Exception):
    pass


class _MathMLRebuilder(HTMLParser):
    """Re-serialises MathML from parsed events, allowing only known elements and plain values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_elements: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MATHML_ELEMENTS:
            raise UnsafeMathML(tag)
        rendered = []
        for name, value in attrs:
            value = value or ""
            if name not in MATHML_ATTRIBUTES or not SAFE_ATTRIBUTE_VALUE.fullmatch(value):
                raise UnsafeMathML(name)
            rendered.append(f' {name}="{value}"')
        self.parts.append(f"<{tag}{''.join(rendered)}>")
        self.open_elements.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open_elements or self.open_elements.pop() != tag:
            raise UnsafeMathML(tag)
        self.parts.append(f"</{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        # A command latex2mathml does not know comes through as its text ("\\Q"): its name.
        data = STRAY_COMMAND.sub(r"\1", data) if "\\" in data else data
        # Numeric references for all punctuation: the MathML sits inside a markdown paragraph,
        # where a bare `*` or `[` in an <mo> could pair with one in the next formula.
        self.parts.append(data.translate(ESCAPES))

    def unknown_decl(self, data: str) -> None:
        raise UnsafeMathML(data)

    def handle_comment(self, data: str) -> None:
        raise UnsafeMathML("comment")

    def handle_pi(self, data: str) -> None:
        raise UnsafeMathML("processing instruction")


@functools.lru_cache(maxsize=1 << 12)  # formulas recur across abstracts
def latex_to_mathml(latex: str, display: bool = False) -> str | None:
    """Safe MathML for a formula, or None when it cannot be converted safely."""
    if not latex.strip() or len(latex) > LONGEST_FORMULA:
        return None
    if "\\" in latex:
        latex = SPACED_DELIMITER.sub(r"\\\1\2", BLACKBOARD.sub(r"\\mathbb{\1}", latex))
    try:
        mathml = convert(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on malformed input; all mean "not math"
        return None
    rebuilder = _MathMLRebuilder()
    try:
        rebuilder.feed(mathml)
        rebuilder.close()
    except UnsafeMathML:
        return None
    if rebuilder.open_elements:
        return None
    # latex2mathml draws \setminus as U+29F5, which common fonts lack; U+2216 they have.
    return "".join(rebuilder.parts).replace("\u29f5", "\u2216")
