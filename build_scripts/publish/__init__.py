"""Publishing the built site: the pieces that build_scripts/mkdocs_hook.py wires to MkDocs' events.

- `options`: the archive's settings under `extra:` in mkdocs.yml and the site's public address
  (`site_url`, from ARCHIVE_SITE_URL), read and checked in one place.
- `generate`: the generate step before each build, whole or the live preview's fast refresh.
- `csp`: the Content-Security-Policy that every published page carries.
- `search`: Material's search or Pagefind, and what Pagefind indexes.
- `edit_links`: "edit this page" opens the contributor's file.
- `fastpages`: generated pages' raw HTML goes to Python-Markdown as finished (same bytes, faster).
- `parallel`, `workers`: the pages built in worker processes, one per core, once MkDocs has
  built the navigation (same bytes, in less time on more cores).
- `build_date`: the same commit builds the same bytes.
- `staging`: `mkdocs build` writes the site in a folder of its own and publishes it whole, or
  not at all.

None of them imports MkDocs (`parallel` reaches MkDocs' build module only while a build runs, by
name, so that ProperDocs answers it): the hook passes them values, logs what they return, and reports a
`PublishError` as MkDocs' `PluginError`.
"""

from __future__ import annotations

__all__ = ["PublishError"]


class PublishError(Exception):
    """A setting or a step that stops the build; the message is what the person building reads."""
