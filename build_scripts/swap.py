"""Atomic replacement of a whole folder, so a reader or a killed build never sees half of one.

On Linux, `renameat2(RENAME_EXCHANGE)` swaps two directories in one step. Elsewhere (or on a
file system without it) the fallback is two renames, which leaves a window of microseconds.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_EXCHANGE = _renameat2()


def replace_dir(new: Path, target: Path) -> None:
    """Put the complete folder `new` at `target`; the previous `target`, if any, is deleted."""
    if not target.exists():
        os.rename(new, target)
        return
    exchanged = _EXCHANGE is not None and _EXCHANGE(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target),
                                                      _RENAME_EXCHANGE) == 0
    if not exchanged:
        old = target.with_name(f".{target.name}.old")
        remove(old)
        os.rename(target, old)
        os.rename(new, target)
        new = old
    remove(new)


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def staging_for(target: Path) -> Path:
    """The hidden sibling a new version of `target` is built in (MkDocs skips dot-folders)."""
    return target.with_name(f".{target.name}.new")
