"""One exception class per way a document can fail, each with its exit status."""
from __future__ import annotations


class ExtractError(Exception):
    """Base class: a document could not be turned into a record."""
    exit_code = 1
    kind = "error"


class UnreadableInput(ExtractError):
    """Empty, truncated, damaged, or not the format its name says."""
    exit_code = 3
    kind = "unreadable"


class EncryptedInput(UnreadableInput):
    """A PDF that needs a password (use --password)."""
    exit_code = 4
    kind = "encrypted"


class UnsupportedInput(ExtractError):
    """A file type the tool does not read (yet)."""
    exit_code = 5
    kind = "unsupported"


class UnrecognizedForm(ExtractError):
    """Readable, but not a Form 3, 4 or 5 in any known layout."""
    exit_code = 6
    kind = "unrecognized-form"


class LayoutError(ExtractError):
    """A layout file is malformed (a problem with layouts/, not with the input)."""
    exit_code = 7
    kind = "bad-layout"


class ResourceLimit(ExtractError):
    """The document took longer than --timeout or more memory than --memory-limit; it was stopped."""
    exit_code = 8
    kind = "resource-limit"


class WorkerDied(ExtractError):
    """The process extracting the document died (a crash inside a library, or killed by the system)."""
    exit_code = 9
    kind = "worker-died"


# Exit status of a run: 0 all inputs ok; 2 usage error (argparse); else the
# largest exit_code among the failed inputs.
