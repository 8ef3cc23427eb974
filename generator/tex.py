"""TeX in the text of titles and abstracts, read in one place, three ways:

* :func:`repaired`: as the author meant it, for pages: ``Schr\\"odinger`` is Schrödinger,
  ``\\`a`` is à, ````quoted''`` is “quoted”, ``{\\it vs.}`` is vs., ``\\url{x}`` and
  ``\\href{x}{text}`` are links (see :mod:`generator.render.abstract`), and a command no reader
  knows (a paper's own macro, ``\\benchmarkName``) loses its backslash. Math is not text: it is
  cut out before and rendered as math;
* :func:`without_tex_commands`: without its commands, for the models of shared terms and
  phrases (``\\mathbb`` and ``\\frac`` say nothing of a field);
* :func:`spoken`: as a reader says it, for a paper's address (Greek letters by name).

benchmarks/tex_residue.py counts what is left over the whole corpus.
"""

from __future__ import annotations

import re
import unicodedata

ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
    "r": "\u030a",
}
LETTERS = {"o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
           "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}  # fmt: skip
WORDS = {"ie": "i.e.", "eg": "e.g.", "etal": "et al.", "etc": "etc.", "vs": "vs.", "times": "×", "pm": "±",
         "ldots": "…", "dots": "…", "cdots": "⋯", "textendash": "–", "textemdash": "—", "S": "§",
         "LaTeX": "LaTeX", "TeX": "TeX", "approx": "≈", "sim": "~", "leq": "≤", "geq": "≥", "to": "→",
         "rightarrow": "→", "thinspace": " ", "quad": " ", "qquad": " ", "setminus": "∖", "cdot": "·",
         "langle": "⟨", "rangle": "⟩", "infty": "∞"}  # fmt: skip
STYLES = "textbf|textit|textsc|texttt|textrm|textsf|emph|mathrm|mathbf|mathit|text|mbox|underline|textup"
SWITCHES = "it|bf|em|rm|sc|tt|sf|sl|small|large|Large|bfseries|itshape|scshape"

# An accent and its letter: {\"o}, \"{o}, \"o, \'{\i}, \c{c}, \v s.
ACCENT_NAME = r"(?:(?P<symbol{n}>[\"'`^~=.])|(?P<letter{n}>[cvuHkr])(?=[{{\s\\]))"
LETTER = r"(?P<{name}>\\?[A-Za-z])"
ACCENT = re.compile(
    r"\{\\"
    + ACCENT_NAME.format(n=1)
    + r"\s*(?:\{"
    + LETTER.format(name="a")
    + r"\}|"
    + LETTER.format(name="b")
    + r")\}"
    r"|\\" + ACCENT_NAME.format(n=2) + r"\s*(?:\{" + LETTER.format(name="c") + r"\}|" + LETTER.format(name="d") + r")"
)
SPECIAL_LETTER = re.compile(
    r"\{\\("
    + "|".join(sorted(LETTERS, key=len, reverse=True))
    + r")\}|\\("
    + "|".join(sorted(LETTERS, key=len, reverse=True))
    + r")(?![A-Za-z])"
)
STYLED = re.compile(rf"\\(?:{STYLES})\{{([^{{}}]*)\}}")
SWITCHED = re.compile(rf"\{{\\(?:{SWITCHES})\s+([^{{}}]*)\}}")
COMMAND = re.compile(r"\\([A-Za-z]+)(?:\{\})?")
TEX_QUOTES = (("``", "“"), ("''", "”"))
TIE = re.compile(r"~(?=\\)|(?<=\})~")
"""A TeX non-breaking space before or after a command (``code~\\url{...}``); other tildes are kept."""


def might_hold_tex(text: str) -> bool:
    return "\\" in text or "``" in text or "''" in text or might_hold_residue(text)


CITATION = re.compile(r"[ ~]?\\?\b(?:cite[pt]?|citealp|citeauthor|nocite|eqref|ref)\{[^{}\n]{0,200}\}")
"""A citation or cross-reference, with or without its backslash: it points into a paper the
reader does not have ("as shown in \\cite{smith}" reads "as shown in")."""
STRIPPED_STYLE = re.compile(rf"(?<![A-Za-z\\])(?:{STYLES})\{{([^{{}}\n]{{0,200}})\}}")
"""A style whose backslash the listing lost ("textit{O}bstacles" reads "Obstacles")."""
THIN_SPACE = re.compile(r"(?<=\.)\\?thinspace\b ?")
"""A thin space between initials, with or without its backslash ("E.\\thinspace M. Stein")."""


def might_hold_residue(text: str) -> bool:
    """True of every text :func:`without_residue` changes."""
    return "{" in text or "thinspace" in text


def without_residue(text: str) -> str:
    """Citations, styles and thin spaces that lost their backslash, read as text."""
    if "{" in text:
        text = STRIPPED_STYLE.sub(r"\1", CITATION.sub("", text))
    if "thinspace" in text:
        text = THIN_SPACE.sub(" ", text)
    return text


def repaired(text: str) -> str:
    """``text`` with its TeX read: accents, special letters, styles, quotes, known commands."""
    if not might_hold_tex(text):
        return text
    text = without_residue(text)
    for tex, quote in TEX_QUOTES:
        text = text.replace(tex, quote)
    if "\\" not in text:
        return text
    text = TIE.sub(" ", text)
    text = ACCENT.sub(accented, text)
    text = SPECIAL_LETTER.sub(lambda match: LETTERS[match[1] or match[2]], text)
    for _ in range(3):  # styles may nest: \textbf{\emph{x}}
        text = SWITCHED.sub(r"\1", STYLED.sub(r"\1", text))
    text = COMMAND.sub(lambda match: WORDS.get(match[1], match[1]), text)
    return unicodedata.normalize("NFC", text)


def accented(match: re.Match[str]) -> str:
    accent = ACCENTS[match["symbol1"] or match["letter1"] or match["symbol2"] or match["letter2"]]
    letter = next(match[name] for name in "abcd" if match[name])
    letter = letter.lstrip("\\")  # \'\i: the dotless i takes the accent as an i
    return unicodedata.normalize("NFC", letter + accent)


TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def without_tex_commands(text: str) -> str:
    """``text`` with TeX commands (``\\mathbb``, ``\\frac``) made spaces: they say nothing of a field."""
    return TEX_COMMAND.sub(" ", text) if "\\" in text else text


TEX_GREEK_LETTERS = tuple(
    """alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho
    varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi
    Psi Omega""".split()
)
"""TeX's commands for Greek letters: what a title's math may keep in BibTeX, what a listing that
lost its backslashes is given back, and what a paper's address says aloud."""


GREEK_NAMES = dict(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωΓΔΘΛΞΠΣΦΨΩϵϑϕ",
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma "
        "sigma tau upsilon phi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega epsilon "
        "theta phi".split(),
        strict=True,
    )
)


SPOKEN_COMMANDS = frozenset(TEX_GREEK_LETTERS) | {"nabla", "partial", "ell"}
"""Command names a reader says ("$\\mu_0$" is mu 0); the others are markup ("\\mathbb")."""
TEX_ACCENT = re.compile(r"\\[\"'`^~=.]\s*\{?([A-Za-z])\}?")


def spoken(title: str) -> str:
    """A title's words as a reader says them: TeX accents on their letters, command names out
    but for letters and symbols a reader names, Greek letters by name."""
    text = title
    if "\\" in text:
        text = TEX_ACCENT.sub(r"\1", text)
        text = TEX_COMMAND.sub(lambda match: f" {match[0][1:]} " if match[0][1:] in SPOKEN_COMMANDS else " ", text)
    if not text.isascii():
        text = "".join(f" {GREEK_NAMES[character]} " if character in GREEK_NAMES else character for character in text)
    return text
