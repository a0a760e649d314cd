"""Adapters read one kind of source and yield pages of raw observations; they never write.

Every adapter takes a DataSource and an HTTP session and implements `pages(since)`, yielding
lists of RawObservation (one list per page fetched). A problem with the source raises
SourceError, with a message a data manager can act on. Validation and storage are in twin.ingest.
"""

from twin.adapters.base import RawObservation, SourceError
from twin.adapters.registry import adapter_for

__all__ = ["RawObservation", "SourceError", "adapter_for"]
