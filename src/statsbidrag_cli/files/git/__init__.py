"""Git: which files a revision range changed (``check --changed``, the pre-commit hook)."""
