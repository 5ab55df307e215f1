"""JSON Schemas of the export contracts (draft 2020-12): claims.schema.json for the claims JSON
Lines export, extract_claims.schema.json for `manage.py extract_claims`."""

import json
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def schema(name: str) -> dict:
    return json.loads((HERE / f"{name}.schema.json").read_text(encoding="utf-8"))
