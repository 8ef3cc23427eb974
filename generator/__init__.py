"""Paper digest site generator: digests, topics and notes in; markdown pages out.

The core (everything but :mod:`generator.mkdocs_plugin`) never imports MkDocs, so the same pages can be
written to a folder (``python -m generator render OUT``) or built by another engine.
"""
