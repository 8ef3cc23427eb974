"""YAML that remembers where each key was written, so a mistake is reported by file and line."""

from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict):
    """A mapping from YAML with the line of the mapping and of each of its keys."""

    line: int = 0
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _LineLoader(yaml.SafeLoader):
    first_line = 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + loader.first_line
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + loader.first_line
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise YamlProblem(line, "a key must be plain text")
        if key in mapping:
            raise YamlProblem(line, f"the key {key!r} is given twice (first on line {mapping.key_lines[key]})")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


SURROGATE = re.compile("[\ud800-\udfff]")


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    text = loader.construct_scalar(node)
    if not text.isprintable() and SURROGATE.search(text):
        raise YamlProblem(
            node.start_mark.line + loader.first_line,
            "holds an unpaired surrogate escape (such as \\ud800), which is not text: write the character itself",
        )
    return text


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG, _construct_text)


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML safely; line numbers count from ``first_line`` (front matter starts on line 2).

    Raises :class:`YamlProblem` with the line of the mistake.
    """
    loader = _LineLoader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        raise YamlProblem(line, f"invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise YamlProblem(first_line, f"invalid YAML: {error}") from None
    except RecursionError:
        raise YamlProblem(first_line, "nests lists or mappings too deeply to be read") from None
    finally:
        loader.dispose()
