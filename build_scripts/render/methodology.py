"""The methodology page: how the archive is annotated, and every vocabulary with its definition."""

from __future__ import annotations

from build_scripts import vocabulary as v
from build_scripts.render.common import esc, page, status_badge, table

INTRO = """\
This archive records **who said what, where**, and where the accounts disagree. It does not rule
on what happened: a claim's status says how the sources *in this archive* relate to it, never
whether the archive's editors believe it.

## How the texts are kept

- Each article's text is kept **exactly as published** (only line endings are normalised) and
  shown character for character: brackets, asterisks and dollar signs appear as typed.
- Parts of a web page that are not the article (donation appeals, comment widgets, reader
  comments) are kept, marked as segments and shown collapsed with a label.
- **Unknown stays unknown.** Where a text does not give its outlet, author, address or date, the
  site says "not identified". Where a value is inferred, the words it is inferred from are shown
  as its *basis*. Dates carry a precision: a month-precise date is shown as a month.

## How claims are recorded

- A claim is an attributed statement: its **exact quote**, the **claimant** who makes it, the
  **role** in which they make it, and who **reports** it. An outlet that reports a ministry's
  statement is not the claimant: it is listed under "Reported by".
- Statements an article makes in its own voice are attributed to its outlet, or shown as "the
  article itself" when the outlet is not identified.
- Figures are kept per source as a range (minimum and maximum, either may be open), with the
  unit the source uses: "up to 40" is recorded as a maximum of 40.
- **Quotes are checked at every build** against the article text. Before comparing, both are
  normalised: Unicode NFC; every run of whitespace counts as one space; curly and straight
  quotation marks are equal (“ ” „ as ", ‘ ’ ‚ as '). Everything else, case and dashes
  included, must match. A quote found twice must say which one with a prefix or suffix.

## How disputes are recorded

A dispute is one record for one question, with two or more **sides**; each side has a position
in neutral words and the claims that take it. Its status changes are dated in a public history.

## Corrections

When a published record turns out to be wrong, it is corrected in the open: the record's page
carries a notice saying what changed, when and why, and every correction is listed on the
[corrections page](corrections.md), newest first.
"""


def _vocab_table(terms: dict[str, str], badge: str | None = None) -> str:
    rows = [[status_badge(term, badge) if badge else f"<code>{esc(term)}</code>", esc(definition)]
            for term, definition in terms.items()]
    return table(["Term", "Definition"], rows, sortable=False)


def render() -> str:
    relations = {term: definition for term, (definition, _) in v.RELATIONS.items()}
    body = [
        INTRO,
        "## Vocabularies",
        "### Claim status",
        _vocab_table(v.CLAIM_STATUSES, "claim"),
        "### Dispute status",
        _vocab_table(v.DISPUTE_STATUSES, "dispute"),
        "### Attribution roles",
        _vocab_table(v.ROLES),
        "### Relations between claims",
        _vocab_table(v.RELATION_TYPES),
        "### Actor types",
        _vocab_table(v.ACTOR_TYPES),
        "### Affiliations between actors",
        _vocab_table(relations),
        "### Segments of a page",
        _vocab_table(v.SEGMENT_KINDS),
        "### Date precision",
        _vocab_table(v.DATE_PRECISIONS),
    ]
    return page("Methodology", "build_scripts/render/methodology.py", body,
                description="How the archive is annotated, and the definitions of its vocabularies.")
