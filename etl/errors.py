"""Errors the ETL raises on purpose. Each message says what failed and where, so a cron log is enough to act."""


class EtlError(Exception):
    """Base class: an expected failure with a message meant for the person running the refresh."""


class FetchError(EtlError):
    """The source could not be reached or answered with an error after all retries."""


class SchemaError(EtlError):
    """The source answered, but not in the shape the parser knows (malformed JSON, missing or renamed fields)."""


class ConfigError(EtlError):
    """Something the user must set (an API key, a path) is missing or wrong."""


class ReferenceDataError(EtlError):
    """A curated CSV under data/reference has a bad row; message names file, line and column."""


class LockedError(EtlError):
    """Another refresh holds the warehouse lock."""
