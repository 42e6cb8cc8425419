"""The one error type users see: bad input, named by file and reason."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A document, parameter or folder that jdib cannot use.

    Args:
        path: The file or folder at fault (or a parameter name).
        reason: What is wrong, in words a user understands.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped a command; ``detail`` says truthfully what it had changed.

    Args:
        detail: What was replaced before the interrupt, or that nothing was.
    """

    def __init__(self, detail: str):
        self.detail = detail
        super().__init__(detail)


class InconsistentDocument(Exception):
    """A document whose statements cannot be made into consistent rows.

    Raised by an extractor; the build leaves that document's rows out with a
    warning instead of failing the whole corpus.

    Args:
        doc_id: The document at fault.
        para_id: The paragraph where the inconsistency shows (empty when unknown).
        reason: What does not fit, in words a user understands.
    """

    def __init__(self, doc_id: str, para_id: str, reason: str):
        self.doc_id, self.para_id, self.reason = doc_id, para_id, reason
        super().__init__(f"{para_id or doc_id}: {reason}")


class ReportFailed(Exception):
    """A report notebook whose cell raised: the command names it and exits with status 1.

    Args:
        path: The notebook.
        reason: Which cell raised what, in one line.
    """

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
