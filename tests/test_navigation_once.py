"""Material's primary navigation is rendered once for all paper pages, and the pages are the
same as when it is rendered for each one."""

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2
from conftest import make_project, mkdocs_build

from generator.mkdocs_plugin.speedups import NAVIGATION_TEMPLATE, render_navigation_once_for_papers

PAPER = "pointer-networks-0f1b28e2"
OTHER = "titans-learning-to-memorize-at-test-time-ba030557"


def page(source: str, url: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=source), url=url)


def test_the_navigation_is_rendered_once_for_papers_and_for_each_other_page():
    renders = []
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                NAVIGATION_TEMPLATE: "{{ count(page.url) }}",
                "page.html": "[{% include 'partials/nav.html' %}]",
            }
        )
    )
    env.globals["count"] = lambda url: renders.append(url) or f"nav for {url}"
    render_navigation_once_for_papers(env, ("", "topics/", "papers/listed-b2/", "papers/holds-c3/more/"))
    shown = [
        env.get_template("page.html").render(page=page(source, url))
        for source, url in [
            ("papers/a-1.md", "papers/a-1/"),
            ("papers/z-9.md", "papers/z-9/"),  # papers: once
            ("topics/index.md", "topics/"),
            ("topics/x.md", "topics/x/"),  # not papers: each time
            ("papers/listed-b2.md", "papers/listed-b2/"),  # listed in the navigation: its own
            ("papers/holds-c3.md", "papers/holds-c3/"),  # a listed page in its folder: its own
            ("papers/d-4.md", "papers/d-4/"),
        ]
    ]
    assert renders == ["papers/a-1/", "topics/", "topics/x/", "papers/listed-b2/", "papers/holds-c3/"]
    assert shown[1] == shown[6] == "[nav for papers/a-1/]"


def test_a_theme_without_materials_navigation_is_left_as_it_is():
    env = jinja2.Environment(loader=jinja2.DictLoader({"main.html": "page"}))
    render_navigation_once_for_papers(env, ())
    assert env.get_template("main.html").render() == "page"


NAV_WITH_PAPERS = f"""
nav:
  - Home: index.md
  - A paper: papers/{PAPER}.md
  - papers/{PAPER}/extra.md
  - Topics: topics/index.md
"""


def test_every_page_is_the_same_as_when_the_navigation_is_rendered_for_each(tmp_path):
    project = make_project(tmp_path)
    extra = project / "content" / "papers" / PAPER / "extra.md"
    extra.parent.mkdir(parents=True)
    extra.write_text("# Extra\n\nA page of my own inside a paper's folder.\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - paper-digest\n",
        "  - paper-digest:\n      speedups:\n        navigation_once: !ENV [NAVIGATION_ONCE, true]\n",
    )
    config.write_text(text + NAV_WITH_PAPERS, encoding="utf-8")

    once = mkdocs_build(project)
    assert once.returncode == 0, once.output
    shutil.move(once.site, tmp_path / "once")
    each = mkdocs_build(project, env={"NAVIGATION_ONCE": "false"})
    assert each.returncode == 0, each.output

    pages = sorted(path.relative_to(tmp_path / "once") for path in (tmp_path / "once").rglob("*.html"))
    assert len(pages) > 60 and Path(f"papers/{OTHER}/index.html") in pages
    for path in pages:
        assert (tmp_path / "once" / path).read_bytes() == (project / "site" / path).read_bytes(), path
    # The listed paper is shown as the current page in its own navigation; the others link to it.
    listed = (tmp_path / "once" / "papers" / PAPER / "index.html").read_text(encoding="utf-8")
    other = (tmp_path / "once" / "papers" / OTHER / "index.html").read_text(encoding="utf-8")
    assert "md-nav__link--active" in listed and "md-nav__link--active" not in other
    assert f'href="../{PAPER}/extra/"' in other
