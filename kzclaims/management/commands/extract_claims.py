"""`manage.py extract_claims FILE [FILE ...] --format jsonl`: claims of plain-text files as JSON
Lines on stdout, nothing written to the database. A stable contract for tools and evaluations.

Each line: file, kind, content, start, end, speaker, speaker_mention, speaker_start, speaker_end,
speaker_type, cue, cue_start, cue_end, cue_stance, channel, via, hedges, labels, figures,
confidence, and (extraction v2) mode ("speech" or "thought"), nested (reported inside another
claim's content), part_spans (null, or [start, end] of each part of a split quotation; content
is then the parts joined by a space) and parent (null, or the 0-based position in the same
file's output of the enclosing claim: the claim a nested claim or a fragment belongs to).

Offsets index each file's text as decoded from UTF-8 with its line endings kept (a CRLF file's
"\r" and a byte-order mark count as the characters they are); the BOM is never part of a
claim."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Extract claims from UTF-8 text files and print them (one JSON object per claim)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument("--batch-size", type=int, default=16)

    def handle(self, *args, **options):
        from kzclaims.extraction.pipeline import analyse_many, get_nlp

        paths = options["files"]
        texts: list[tuple[str, str]] = []
        failed: list[str] = []
        for path in paths:
            try:
                with open(path, encoding="utf-8", newline="") as fh:
                    texts.append((path, fh.read()))
            except UnicodeDecodeError as exc:
                failed.append(path)
                self.stderr.write(
                    f"error: {path}: not UTF-8 text ({exc.reason} at byte {exc.start})"
                )
            except OSError as exc:
                failed.append(path)
                self.stderr.write(f"error: {path}: cannot read ({exc.strerror or exc})")
        limit = get_nlp().max_length
        for path, text in [(p, t) for p, t in texts if len(t) > limit]:
            failed.append(path)
            self.stderr.write(f"error: {path}: too long ({len(text)} characters; limit {limit})")
        texts = [(p, t) for p, t in texts if len(t) <= limit]
        show_progress = sys.stderr.isatty()
        analyses = analyse_many([t for _, t in texts], batch_size=options["batch_size"])
        for n, ((path, _), analysis) in enumerate(zip(texts, analyses, strict=True), 1):
            if analysis.error:
                failed.append(path)
                self.stderr.write(f"error: {path}: {analysis.error}")
                continue
            for claim in analysis.claims:
                claim.file = path
                self.stdout.write(json.dumps(claim.as_json(), ensure_ascii=False))
            self.stdout.flush()
            if show_progress:
                self.stderr.write(f"[{n}/{len(texts)}] {path}: {len(analysis.claims)} claims")
        if failed:
            raise CommandError(f"{len(failed)} file(s) not processed: {', '.join(failed)}")
