"""Domain errors of the read side, raised by ``graph`` and mapped to HTTP in one place (``api.errors``)."""

from __future__ import annotations

__all__ = [
    "InvalidParameter",
    "NotFoundError",
    "NotPrepared",
    "PartialAnswer",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "RemoteError",
    "RemoteTimeout",
    "RemoteUnavailable",
    "ResultTooLarge",
    "ServiceBusy",
]


class NotFoundError(LookupError):
    """No record with this identifier (HTTP 404)."""


class InvalidParameter(ValueError):
    """A request parameter has a value that cannot be used (HTTP 400); ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"parameter '{parameter}': {message}")
        self.parameter = parameter


class QueryError(ValueError):
    """A SPARQL query that cannot be parsed (HTTP 400)."""


class QueryRefused(QueryError):
    """A query this endpoint does not run: updates, SERVICE, LOAD, FROM outside the store (HTTP 400)."""


class QueryTimeout(RuntimeError):
    """A query ran past the time limit and was stopped (HTTP 503)."""


class ResultTooLarge(RuntimeError):
    """A query's result has more rows than the result cap; it is refused, never cut short."""


class ServiceBusy(RuntimeError):
    """Every query worker, or the writer lock, stayed busy for longer than its time limit (HTTP 503)."""


class NotPrepared(RuntimeError):
    """Data the service computes at load time is missing for this dataset (HTTP 503)."""


class RemoteError(RuntimeError):
    """The remote store failed to give a complete answer (the base of the three below)."""


class RemoteUnavailable(RemoteError):
    """The remote store is down, refuses us, or answered with an error (HTTP 502)."""


class RemoteTimeout(RemoteError):
    """The remote store did not answer in time (HTTP 504)."""


class PartialAnswer(RemoteError):
    """The remote store cut its answer short (a time limit, a row cap); never passed on as
    complete (HTTP 502)."""
