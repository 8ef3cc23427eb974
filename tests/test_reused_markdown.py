"""The plugin hands MkDocs one Python-Markdown instance per build, reset between pages, instead
of a new one per page: every page must come out exactly as from a fresh instance, whatever was
converted before it (footnotes, headings with the same ids, stashed HTML and code, math)."""

from conftest import REPO
from mkdocs.config import load_config

from generator.mkdocs_plugin.speedups import ReusedMarkdown
from generator.render.generated import Settings
from generator.render.site_pages import render_site

NOTES = [
    "# Notes\n\nA claim[^1] and another[^2].\n\n[^1]: First source.\n[^2]: Second source.\n",
    "# Notes\n\n## Method\n\nSee [^1].\n\n[^1]: A different first footnote.\n\n## Method\n\nTwice.\n",
    "- [x] read\n- [ ] reproduce\n\n| a | b |\n|---|---|\n| $x^2$ | ++ctrl+c++ |\n\n`#!python print(1)`\n",
    '!!! note "Kept"\n\n    ```python\n    x = 1\n    ```\n\n??? tip "Folded"\n\n    :material-star: text { .big }\n',
    "<div markdown>\n\n**bold** \\(a+b\\) and $$c$$\n\n</div>\n\n## Heading { #custom-id }\n\nText.\n",
]


def documents(reference_site) -> list[str]:
    pages = render_site(reference_site, Settings())
    return NOTES + [page.text for page in pages if page.path.endswith(".md")][:60] + NOTES


def test_a_reused_instance_converts_every_page_as_a_fresh_one(reference_site):
    import markdown

    config = load_config(str(REPO / "mkdocs.yml"))
    extensions, configs = config["markdown_extensions"], config["mdx_configs"]
    reused = ReusedMarkdown()
    texts = documents(reference_site)
    for text in texts:
        fresh = markdown.Markdown(extensions=extensions, extension_configs=configs)
        expected = fresh.convert(text), getattr(fresh, "toc_tokens", None)
        instance = reused.Markdown(extensions, configs)
        assert (instance.convert(text), getattr(instance, "toc_tokens", None)) == expected
    assert reused.Markdown(extensions, configs) is instance  # one instance for the whole build
    assert reused.Markdown([*extensions], {**configs}) is instance  # equal settings: the same one
    assert reused.Markdown(["tables"], {}) is not instance  # other settings: a new one
    assert reused.util is markdown.util  # the rest is the real module
