"""Generator for the annotated archive of conflict reporting.

Stages, one module each: load → validate → link → render → write; `pipeline` runs them and
`mkdocs_hook` is the only module that knows MkDocs: it wires the pieces of `publish` (the
archive's options, search, the pages' Content-Security-Policy, publishing the site whole) to its events.
"""
