"""One exception hierarchy for the package; the CLI turns any of these into a one-line error."""


class GraphbuildError(Exception):
    """Base of every error graphbuild raises on purpose."""


class UsageError(GraphbuildError):
    """The command was called wrongly (options that exclude each other, a missing option): the CLI
    exits with status 2, as argparse does, where a failed run exits with 1."""


class InputError(GraphbuildError):
    """An input document or path cannot be read (missing, empty, binary, not UTF-8, too big)."""


class ModelError(GraphbuildError):
    """The requested spaCy pipeline is not installed or cannot be loaded."""


class GraphError(GraphbuildError):
    """A graph file cannot be read or written (malformed RDF, unknown format)."""


class QueryError(GraphbuildError):
    """A SPARQL query is unknown, malformed, unsafe, or given parameters it does not declare."""


class ValidationError(GraphbuildError):
    """The graph does not conform to the SHACL shapes."""


def one_line(exc: BaseException, *, limit: int | None = None) -> str:
    """An exception's message folded onto one line (the CLI's and endpoint's error format)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if limit is None or len(text) <= limit else text[: limit - 3] + "..."
