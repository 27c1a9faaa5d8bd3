"""Where the site's files are: the packaged copies, or a folder of the user's own.

The wheel carries the site as package data of `quotecheck` (setuptools maps the package to
this checkout's top folder): metadata.yml, templates/, static/, the registries, the bundled
articles and their reviews. A user's own registry, taxonomy and reviews live in a folder they
choose (`--site DIR`), which `quotecheck init DIR` fills with editable copies. Nothing falls
back: a file the command needs and cannot find is an error naming it.
"""
from __future__ import annotations

import importlib.resources
import shutil
from pathlib import Path

SPEAKERS = Path("registries") / "speakers.yml"
TOPICS = Path("registries") / "topics.yml"
REVIEWS = Path("reviews")
ARTICLES = Path("articles")
# What `quotecheck init` copies: the files a user edits.
EDITABLE = (SPEAKERS, TOPICS, REVIEWS)


class SiteError(Exception):
    """A site file that is missing or cannot be written: `path` and a one-line `reason`."""

    def __init__(self, path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


def packaged_site() -> Path:
    """The installed package's folder, holding the site's files. Found from a regular
    subpackage: `quotecheck` itself has no __init__.py (it maps to the checkout's top folder,
    where one would make the checkout a package), and importlib.resources cannot list a
    namespace package under an editable install."""
    return Path(str(importlib.resources.files("quotecheck.db"))).parent


def is_checkout(folder: Path) -> bool:
    """A source checkout (editable install), whose site files are the user's to edit."""
    return (folder / "pyproject.toml").is_file()


class Site:
    """The files of one site: the user's folder when given, else the packaged one."""

    def __init__(self, folder: str | Path | None = None):
        self.own = folder is not None
        self.root = Path(folder) if folder is not None else packaged_site()

    def file(self, relative: Path) -> Path:
        """A file of the site that must exist: SiteError naming it when it does not."""
        path = self.root / relative
        if not path.is_file():
            raise SiteError(path, "no such file" + ("" if self.own else
                                                     " in the installed package"))
        return path

    def folder(self, relative: Path) -> Path:
        path = self.root / relative
        if not path.is_dir():
            raise SiteError(path, "no such folder")
        return path

    def writable_reviews(self) -> Path:
        """Where `quotecheck review` writes: never inside an installed package."""
        if not self.own and not is_checkout(self.root):
            raise SiteError(self.root / REVIEWS, "inside the installed package: run "
                            "`quotecheck init DIR` and pass --site DIR (or --reviews DIR)")
        return self.root / REVIEWS


def init_site(folder: str | Path) -> list[Path]:
    """Copy the packaged registry, taxonomy and reviews into `folder` for editing; the paths
    written. An existing file is never overwritten: SiteError naming it, nothing copied."""
    source, target = packaged_site(), Path(folder)
    pairs = []
    for relative in EDITABLE:
        if (source / relative).is_dir():
            pairs += [(path, target / relative / path.name)
                      for path in sorted((source / relative).glob("*.yml"))]
        else:
            pairs.append((source / relative, target / relative))
    for _, path in pairs:
        if path.exists():
            raise SiteError(path, "exists: not overwritten")
    for path, copy in pairs:
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    (target / REVIEWS).mkdir(parents=True, exist_ok=True)
    return [copy for _, copy in pairs]
