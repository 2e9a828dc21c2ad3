"""Atomic replacement of a whole folder, so a reader or a killed build never sees half of one.

On Linux, `renameat2(RENAME_EXCHANGE)` swaps two directories in one step. Elsewhere (or on a
file system without it) the fallback is two renames, which leaves a window of microseconds.

Every build assembles its new version of a folder in a `Staging` folder of its own, so two
builds of the same folder at the same time (two terminals, an editor's build on save) never
delete or fill each other's: each publishes a complete folder, and the last to finish wins.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks, so leftover staging folders are only ignored
    fcntl = None

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


def _exchange(new: Path, target: Path) -> int:
    """Swap `new` and `target` in one step: 0, or the error number (ENOENT: no `target`;
    ENOSYS, EINVAL…: not possible here)."""
    if _EXCHANGE is None:
        return errno.ENOSYS
    if _EXCHANGE(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE) == 0:
        return 0
    return ctypes.get_errno()


_NO_EXCHANGE = (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP)


def replace_dir(new: Path, target: Path) -> None:
    """Put the complete folder `new` at `target`; the previous `target`, if any, is deleted.

    Safe when another build replaces `target` at the same moment: `target` is at every
    instant one complete folder, and whichever build swaps last leaves its own."""
    for _ in range(100):  # each retry means another build swapped in between: a handful at most
        error = _exchange(new, target)
        if error == 0:
            remove(new)  # now the previous target
            return
        if error == errno.ENOENT and not os.path.lexists(new):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(new))
        if error not in (errno.ENOENT, *_NO_EXCHANGE):
            raise OSError(error, os.strerror(error), str(target))
        old = None
        if error != errno.ENOENT:  # no exchange here: two renames, the previous target to a folder of our own
            old = target.with_name(f".{target.name}.old-{_suffix()}")
            try:
                os.rename(target, old)
            except FileNotFoundError:
                old = None  # there was none, or another build moved it away first
        try:
            os.rename(new, target)
            return
        except OSError as err:
            if err.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # another build put its folder at `target` first: try again, swapping with it
        finally:
            if old is not None:
                remove(old)
    raise OSError(errno.EBUSY, f"{target} kept changing while this build tried to publish to it")


def remove(path: Path) -> None:
    """Delete a file or a folder; what another process deletes at the same time is no error."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.exists():
        shutil.rmtree(path, **{_ON_ERROR: _gone_already})


def _gone_already(function, name, error) -> None:
    error = error[1] if isinstance(error, tuple) else error  # `onerror` (3.11) or `onexc` (3.12+)
    if not isinstance(error, FileNotFoundError):
        raise error


_ON_ERROR = "onexc" if sys.version_info >= (3, 12) else "onerror"


def _suffix() -> str:
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _pattern(target: Path) -> re.Pattern[str]:
    """The names of `target`'s staging and old folders, of any build (and of earlier versions,
    which used one shared `.<name>.new` and `.<name>.old`)."""
    return re.compile(rf"\.{re.escape(target.name)}\.(?:new|old)(?:-\d+-[0-9a-f]+)?")


def staging_folders(target: Path) -> list[Path]:
    """Every staging or old folder of `target` there is, this build's or any other's."""
    try:
        names = os.listdir(target.parent)
    except FileNotFoundError:
        return []
    pattern = _pattern(target)
    return sorted(target.parent / name for name in names if pattern.fullmatch(name))


def _lock(path: Path) -> int | None:
    """Hold `path` (a folder) with an exclusive lock, which ends with this process; the open
    descriptor, or None if another process holds it, it is gone, or it cannot be locked."""
    if fcntl is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        now, held = os.stat(path, follow_symlinks=False), os.fstat(fd)
        if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino):
            return fd  # still the folder at `path`, not one removed and made again since
    except OSError:
        pass
    os.close(fd)
    return None


def _lockable(path: Path) -> bool:
    """Whether locks work on the folder `path` (held by another process counts as working)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)
    return True


def remove_stale(target: Path) -> list[Path]:
    """Delete the staging folders of `target` that no running build holds (the build was killed,
    or ran an earlier version); the ones deleted. A folder that cannot be locked is left alone."""
    removed = []
    for path in staging_folders(target):
        fd = _lock(path)
        if fd is None:
            continue
        try:
            remove(path)
            removed.append(path)
        finally:
            os.close(fd)
    return removed


class Staging:
    """A new hidden sibling folder of `target` for one build alone, `.<name>.new-<pid>-<random>`:
    MkDocs skips dot-folders, and a sibling lies on the same file system, so publishing it is a
    rename. The build holds a lock on it while it lives; a killed build's lock ends with it, and
    the next build deletes its folder (`remove_stale`).

    `publish()` swaps it in at `target`; `discard()` deletes it (nothing, after a publish)."""

    def __init__(self, target: Path):
        self.target = target
        remove_stale(target)
        for _ in range(100):
            self.path = target.with_name(f".{target.name}.new-{_suffix()}")
            self.path.mkdir(parents=True)
            self._fd = _lock(self.path)
            if self._fd is not None or (os.path.lexists(self.path) and not _lockable(self.path)):
                return  # locked; or, where nothing can be locked, unlocked (and never taken as stale)
            # another build's `remove_stale` took it in the moment before the lock: a new one
        raise OSError(errno.EBUSY, f"could not make a staging folder next to {target}")

    def publish(self) -> None:
        try:
            replace_dir(self.path, self.target)
        finally:
            self._release()

    def discard(self) -> None:
        try:
            remove(self.path)
        finally:
            self._release()

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


__all__ = ["Staging", "remove_stale", "replace_dir", "staging_folders"]
