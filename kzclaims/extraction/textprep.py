"""Text as it reaches the extractor: a byte-order mark and CR/CRLF line endings are read past
(offsets still index the text as given), and a text is cut into sections at paragraph breaks so
that the parser's memory stays bounded. A paragraph longer than any article's is refused with a
clear message rather than parsed for minutes."""

import re
from dataclasses import dataclass

# Longer than any paragraph of news; parsing one such paragraph takes gigabytes and minutes.
MAX_PARAGRAPH_CHARS = 20_000
# Texts longer than this are parsed section by section (a section ends at a paragraph break).
SECTION_CHARS = 50_000

_LINE_END = re.compile(r"\r\n?")


class TextRejected(ValueError):
    """A text the extractor will not read, with the reason an editor can act on."""


@dataclass
class Prepared:
    text: str  # what the extractor reads: no BOM, "\n" line endings
    # original offset of each character of `text`, plus one past the end; None when the two
    # texts are the same
    to_original: list[int] | None

    def original(self, pos: int) -> int:
        return pos if self.to_original is None else self.to_original[pos]


def prepare(text: str) -> Prepared:
    if not text.startswith("\ufeff") and "\r" not in text:
        return Prepared(text, None)
    out: list[str] = []
    index: list[int] = []
    i = 1 if text.startswith("\ufeff") else 0
    while i < len(text):
        ch = text[i]
        if ch == "\r":
            out.append("\n")
            index.append(i)
            i += 2 if text[i + 1 : i + 2] == "\n" else 1
            continue
        out.append(ch)
        index.append(i)
        i += 1
    index.append(len(text))
    return Prepared("".join(out), index)


def check_paragraphs(text: str) -> None:
    start = 0
    for m in re.finditer(r"\n|$", text):
        if m.start() - start > MAX_PARAGRAPH_CHARS:
            raise TextRejected(
                f"paragraph at character {start} is {m.start() - start:,} characters long; "
                f"the extractor reads paragraphs of up to {MAX_PARAGRAPH_CHARS:,} characters "
                "(split it at its sentences or paragraphs)"
            )
        start = m.end()
        if m.start() == len(text):
            break


def sections(text: str, limit: int = SECTION_CHARS) -> list[tuple[int, str]]:
    """(offset, section) pieces of at most `limit` characters (but whole paragraphs), cut at
    paragraph breaks; one piece for any ordinary article."""
    if len(text) <= limit:
        return [(0, text)]
    out = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n\n", start, end)
            cut = cut if cut > start else text.rfind("\n", start, end)
            end = cut + 1 if cut > start else text.find("\n", end) + 1 or len(text)
        out.append((start, text[start:end]))
        start = end
    return out
