"""watcher: alerts when a watched show's or film's release date or casting really changes."""

__version__ = "0.1.0"
