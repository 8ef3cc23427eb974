"""Reading: content files (digests in every format, topics.yml, notes) into the model, every
mistake a problem with its file and line."""
