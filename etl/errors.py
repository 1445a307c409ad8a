"""Errors the ETL raises on purpose. Each message says what failed and where, so a cron log is enough to act."""


class EtlError(Exception):
    """Base class: an expected failure with a message meant for the person running the refresh."""


class FetchError(EtlError):
    """The source could not be reached or answered with an error after all retries.

    ``status`` (the last HTTP status, None when no answer came), ``body`` (its first 2 kB) and ``url`` (public form)
    are set where the error is raised, so callers test ``exc.status``, never the message text.
    """

    def __init__(self, message: str, *, status: int | None = None, body: str | None = None,
                 url: str | None = None) -> None:
        super().__init__(message)
        self.status, self.body, self.url = status, body, url


class UnreachableError(FetchError):
    """No answer at all: connection refused, DNS failure, timeouts on every attempt."""


class SchemaError(EtlError):
    """The source answered, but not in the shape the parser knows (malformed JSON, missing or renamed fields)."""


class ConfigError(EtlError):
    """Something the user must set (an API key, a path) is missing or wrong."""


class ReferenceDataError(EtlError):
    """A curated CSV under data/reference has a bad row; message names file, line and column."""


class LockedError(EtlError):
    """Another refresh holds the warehouse lock."""
