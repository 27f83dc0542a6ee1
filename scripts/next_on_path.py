"""Finding the real tool behind a wrapper in scripts/bin/ (which `./x` puts first on PATH)."""
import os
import sys


def next_on_path(name, wrapper):
    """The first executable `name` on PATH that is not the file `wrapper` (however PATH names it)."""
    me = os.path.realpath(wrapper)
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = os.path.join(directory or ".", name)
        if os.access(candidate, os.X_OK) and os.path.realpath(candidate) != me:
            return candidate
    sys.exit(f"{name}: the real {name} is not on PATH (./x setup installs it)")
