"""Golden copies of a few generated pages of the reference site, reviewed and updated on purpose.

To accept a deliberate change: UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py, then review
the diff of tests/golden/ like any other change.
"""

import os

import pytest

from conftest import REPO
from generator.render import Settings, render_site

GOLDEN = REPO / "tests" / "golden"
PAGES = [
    "index.md",
    "topics/index.md",
    "topics/state-space-models.md",
    "papers/efficiently-modeling-long-sequences-with-005efae1.md",
    "papers/lmuformer-low-complexity-yet-powerful-spiking-39e09f98.md",
    "papers/just-read-twice-closing-the-recall-gap-for-7275a49e.md",
]


@pytest.fixture(scope="module")
def rendered(reference_site):
    settings = Settings(edit_base="https://github.com/example/paper-digest/edit/main/content/")
    return {page.path: page.text for page in render_site(reference_site, settings)}


@pytest.mark.parametrize("path", PAGES)
def test_generated_page_matches_its_golden_copy(rendered, path):
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered[path], encoding="utf-8")
    assert rendered[path] == golden.read_text(encoding="utf-8")
