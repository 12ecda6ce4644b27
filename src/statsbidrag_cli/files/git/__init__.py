"""Git: which files a revision range changed (``changes``: ``check --changed``, the
pre-commit hook)."""
