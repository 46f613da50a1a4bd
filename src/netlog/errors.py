"""The errors a user can fix. The CLI turns each into one line on stderr and exit 1."""


class NetlogError(Exception):
    """Base class: something the user can fix (exit code 1)."""


class InvalidValue(NetlogError):
    """A value given on the command line or in a file is not acceptable."""


class NotFound(NetlogError):
    """No contact (or other record) matches."""


class Ambiguous(NetlogError):
    """A name fragment matches more than one contact."""


class DatabaseError(NetlogError):
    """The database file cannot be used: locked, corrupt, foreign or newer."""


class ConfigError(NetlogError):
    """The configuration file has problems (all of them are listed)."""
