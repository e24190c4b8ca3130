"""What a page hands to the public search index besides its own fields."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchAttachment:
    """A file or text attached to a page whose words should make the page findable.

    `kind` is "pdf" (the index reads the text of `file`, a stored file such as a document's
    `FieldFile`, through its storage's `open()`: local disk and buckets alike, with pypdf) or "transcript" (the text is
    given in `text`). `label` says where a hit came from ("PDF : ordre-du-jour.pdf").
    """

    label: str
    kind: str
    url: str = ""
    file: object = None
    text: str = ""
