"""Intake: digests fetched from the Hugging Face daily-papers API and the arXiv API into
``content/digests/`` (``python -m generator fetch``). The only stage that reaches the network."""
