"""The machine's own troubles, and the theme's, in plain words: what happened, to which file or
folder, and what to do. What is not explained here is a defect of the software ("internal
error"), reported as such."""

import errno
from pathlib import Path


def explain(exc: BaseException, root: Path | None = None) -> str:
    """A plain-words account of `exc`, or '' when it is a defect of the software."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    def shown(path) -> str:
        if not path:
            return "a file"
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix() if root else str(path)
        except ValueError:
            return str(path)

    if isinstance(exc, TemplateSyntaxError):
        return (
            f"A template has a mistake: {shown(exc.filename)}:{exc.lineno}: {exc.message}. "
            "Fix that line of the template (or undo the last change to it) and build again."
        )
    if isinstance(exc, TemplateNotFound):
        return (
            f"The template '{exc.name}' does not exist in theme/templates/. Restore it, or correct the "
            "name that asks for it, and build again."
        )
    if isinstance(exc, OSError):
        where = shown(exc.filename)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return (
                f"The disk is full (while writing {where}). Free some space and build again; the "
                "site that was there before is unchanged."
            )
        if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
            return (
                f"{where} is in the way: a file stands where a folder must be (or the reverse). Move "
                "it away or delete it (the build makes what it needs), then build again."
            )
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return (
                f"{where} cannot be written: {exc.strerror}. Make that folder writable by you (or "
                "delete it: the build makes it again), then build again."
            )
    return ""


def pid_alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
