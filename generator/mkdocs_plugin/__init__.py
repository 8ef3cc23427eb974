"""The one package that knows MkDocs: the `paper-digest` plugin."""
