"""Errors raised for documents that break format v1."""


class DocumentError(ValueError):
    """A document breaks the format; `field` names where (e.g. ``rooms[2].capacity``)."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}" if field else message)
