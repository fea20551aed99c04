"""Deep hierarchies in imported files: a 5,000-deep chain imports whole, in order, and a cycle at its end is named."""

from __future__ import annotations

import pytest

from standards.interchange import InterchangeError, framework_from_case, framework_from_moodle_csv
from standards.interchange.framework_assembly import children_in_order
from standards.interchange.moodle import HEADER

DEPTH = 5_000


def moodle_chain(depth: int, *, loop_back: bool = False) -> str:
    """A Moodle CSV whose competencies C0..C(depth-1) each sit under the one before; ``loop_back`` hangs C0 under the last."""
    lines = [",".join(f'"{name}"' for name in HEADER), ',deep,"Deep chain",,1,"Low,High",,,,,,,1,']
    for number in range(depth):
        parent = f"C{number - 1}" if number else (f"C{depth - 1}" if loop_back else "")
        lines.append(f'{parent},C{number},"Competency {number}",,1,,,,,,,,,')
    return "\n".join(lines) + "\n"


def case_chain(depth: int) -> dict:
    """A CASE package whose items C0..C(depth-1) each sit under the one before (C0 under the document)."""
    document = {"identifier": "doc", "title": "Deep chain", "uri": "urn:x:doc", "lastChangeDateTime": "2024-01-01T00:00:00Z"}
    items = [{"identifier": f"i{n}", "humanCodingScheme": f"C{n}", "fullStatement": f"Competency {n}"} for n in range(depth)]
    associations = [
        {
            "identifier": f"a{n}",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": f"i{n}"},
            "destinationNodeURI": {"identifier": f"i{n - 1}" if n else "doc"},
            "sequenceNumber": 1,
        }
        for n in range(depth)
    ]
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def assert_whole_chain(framework) -> None:
    """The top item is the stage; every deeper one is a standard, parents first, naming the one it sat under."""
    (stage,) = framework.stages
    assert stage.title == "Competency 0"
    assert [s.id for s in stage.standards] == [f"C{n}" for n in range(1, DEPTH)]
    assert stage.standards[0].notes == ""
    assert stage.standards[-1].notes == f"Part of C{DEPTH - 2}: Competency {DEPTH - 2}"


def test_a_5000_deep_moodle_chain_imports_whole():
    assert_whole_chain(framework_from_moodle_csv(moodle_chain(DEPTH)))


def test_a_5000_deep_case_chain_imports_whole():
    assert_whole_chain(framework_from_case(case_chain(DEPTH)))


def test_a_cycle_closing_a_5000_deep_chain_is_named():
    with pytest.raises(InterchangeError) as caught:
        framework_from_moodle_csv(moodle_chain(DEPTH, loop_back=True))
    message = str(caught.value)
    assert message.startswith("cycle in the hierarchy (child -> parent): 'C0' (line 3) -> 'C4999' (line 5002) -> 'C4998'")
    assert message.endswith("-> 'C1' (line 4) -> 'C0' (line 3)")


class CountingParents(dict):
    """A parent map that counts lookups, so the work done per node can be checked without a clock."""

    lookups = 0

    def __getitem__(self, key):
        self.lookups += 1
        return super().__getitem__(key)


def test_each_parent_is_looked_up_a_bounded_number_of_times():
    """Walking from every node to the top costs depth squared; each node must be walked once."""
    depth = 1_000
    parents = CountingParents({f"n{k}": (f"n{k - 1}" if k else None) for k in range(depth)})
    children = children_in_order(parents, {key: (index,) for index, key in enumerate(parents)}, str)
    assert children[None] == ["n0"] and children["n998"] == ["n999"]
    assert parents.lookups <= 3 * depth
