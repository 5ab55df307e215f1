"""Checks JSON-LD against the schema.org vocabulary file (release 30.0 in ../shared/vocab): the
document is expanded by pyld (with the schema.org context served locally: nothing is fetched),
then every node's types must be schema.org classes and every property a schema.org property
whose domain includes one of the node's types or their superclasses."""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from pyld import jsonld

SCHEMA = "https://schema.org/"
VOCAB_NAME = "schemaorg-30.0-current-https.jsonld"
ROOT = Path(__file__).resolve().parents[2]
# schema.org's own context maps every term into its namespace; @vocab does the same here, so a
# term that schema.org does not define still expands (and is then reported, never dropped).
LOCAL_CONTEXT = {"@context": {"@vocab": SCHEMA}}
CONTEXT_URLS = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
}


def vocabulary_path() -> Path | None:
    """The vocabulary beside the clone (../shared/vocab, as in CI) or beside a folder above it
    (a git worktree's), or KZCLAIMS_SCHEMAORG_VOCAB."""
    if given := os.environ.get("KZCLAIMS_SCHEMAORG_VOCAB"):
        return Path(given)
    for folder in ROOT.parents:
        if (path := folder / "shared" / "vocab" / VOCAB_NAME).exists():
            return path
    return None


def require_vocabulary() -> Path:
    path = vocabulary_path()
    if path is None or not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI: the schema.org vocabulary {VOCAB_NAME} is missing (../shared/vocab)")
        pytest.skip(f"no {VOCAB_NAME} in ../shared/vocab")
    return path


def _ids(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"] if isinstance(item, dict) else item for item in items]


class Vocabulary:
    def __init__(self, path: Path):
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]

        def iri(curie: str) -> str:
            return SCHEMA + curie.removeprefix("schema:") if curie.startswith("schema:") else curie

        self.parents: dict[str, set[str]] = {}
        self.domains: dict[str, set[str]] = {}
        self.super_properties: dict[str, set[str]] = {}
        for node in graph:
            types = set(_ids(node.get("@type")))
            name = iri(node["@id"])
            if "rdfs:Class" in types:
                self.parents[name] = {iri(p) for p in _ids(node.get("rdfs:subClassOf"))}
            if "rdf:Property" in types:
                self.domains[name] = {iri(d) for d in _ids(node.get("schema:domainIncludes"))}
                self.super_properties[name] = {iri(p) for p in _ids(node.get("rdfs:subPropertyOf"))}

    def ancestors(self, cls: str) -> set[str]:
        seen, todo = set(), [cls]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.parents.get(current, ()))
        return seen

    def problems(self, document) -> list[str]:
        """Every type or property the vocabulary does not have, or a property on a node none
        of whose types is in its domain."""
        expanded = jsonld.expand(document, {"documentLoader": _local_loader})
        found: list[str] = []
        for node in expanded:
            self._walk(node, "", found)
        if not expanded:
            found.append("the document expands to nothing")
        return found

    def _walk(self, node: dict, where: str, found: list[str]):
        types = node.get("@type", [])
        if not types:
            found.append(f"{where or 'top'}: a node without @type")
        for cls in types:
            if cls not in self.parents:
                found.append(f"{where or 'top'}: unknown type {cls}")
        reachable = set().union(*(self.ancestors(cls) for cls in types)) if types else set()
        for key, values in node.items():
            if key.startswith("@"):
                continue
            here = f"{where}/{key.removeprefix(SCHEMA)}"
            if key not in self.domains:
                found.append(f"{here}: unknown property")
                continue
            if not self.domains[key] & reachable and not self._inherited_domain(key, reachable):
                found.append(f"{here}: not a property of {', '.join(types)}")
            for value in values:
                if isinstance(value, dict) and "@value" not in value and "@id" not in value:
                    self._walk(value, here, found)

    def _inherited_domain(self, prop: str, reachable: set[str]) -> bool:
        # A property schema.org gives no domain of its own takes its super-property's.
        if self.domains.get(prop):
            return False
        return any(
            self.domains.get(parent, set()) & reachable for parent in self.super_properties[prop]
        )


def _local_loader(url, options=None):
    if url.rstrip("/") + "/" not in {u.rstrip("/") + "/" for u in CONTEXT_URLS}:
        raise AssertionError(f"the test would fetch {url}: only schema.org's context is served")
    return {"contextUrl": None, "documentUrl": url, "document": LOCAL_CONTEXT}


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(require_vocabulary())
