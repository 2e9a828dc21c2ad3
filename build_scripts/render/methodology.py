"""The methodology page: how the archive is annotated, and every vocabulary with its definition.
The prose is build_scripts/templates/methodology.md."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.render.common import code, page, status_badge, table_rows
from build_scripts.render.templating import template


def _rows(terms: dict[str, str], badge: str | None = None) -> list[tuple]:
    return table_rows([[status_badge(term, badge) if badge else code(term), definition]
                       for term, definition in terms.items()])


def render() -> str:
    vocabularies = [
        ("Claim status", _rows(v.CLAIM_STATUSES, "claim")),
        ("Dispute status", _rows(v.DISPUTE_STATUSES, "dispute")),
        ("Attribution roles", _rows(v.ROLES)),
        ("Relations between claims", _rows(v.definitions(v.RELATION_TYPES))),
        ("Actor types", _rows(v.ACTOR_TYPES)),
        ("Affiliations between actors", _rows(v.definitions(v.RELATIONS))),
        ("Where a claim stands on the page", _rows(v.CLAIM_LOCATIONS)),
        ("Figure measures", _rows(v.FIGURE_MEASURES)),
        ("Who a casualty figure counts", _rows(v.VICTIM_CATEGORIES)),
        ("Date precision", _rows(v.DATE_PRECISIONS)),
        ("Place kinds", _rows(v.PLACE_KINDS)),
        ("Location precision", _rows(v.LOCATION_PRECISIONS)),
    ]
    return page("Methodology", "build_scripts/render/methodology.py",
                [template("methodology.md").render(vocabularies=vocabularies)],
                description="How the archive is annotated, and the definitions of its vocabularies.")
