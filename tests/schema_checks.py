"""Which checks of a table's schema a frame fails: the one helper the rule tests share."""

from __future__ import annotations

import pandas as pd
import pandera.errors

from idlibstats.frames.loading import read_typed
from idlibstats.package.folder import DataPackage
from idlibstats.rules.schemas import schema


def failure_cases(name: str, frame: pd.DataFrame | None = None, package: DataPackage | None = None) -> pd.DataFrame:
    """pandera's failure cases (empty when none) of ``frame`` validated against table ``name``'s schema.

    Without ``frame``, the table as ``package`` holds it (read typed) is validated.
    """
    if frame is None:
        if package is None:
            raise TypeError("failure_cases needs a frame or the package to read it from")
        frame = read_typed(package, name)
    try:
        schema(name, package).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        return errors.failure_cases
    return pd.DataFrame(columns=["check", "index"])


def failing_checks(name: str, frame: pd.DataFrame | None = None, package: DataPackage | None = None) -> set[str]:
    """The name of every check ``frame`` (or ``package``'s own table ``name``) fails."""
    return set(failure_cases(name, frame, package)["check"].astype(str))


def failing_rows(name: str, frame: pd.DataFrame, check: str, package: DataPackage | None = None) -> set[int]:
    """The index of every row that fails ``check`` when ``frame`` is validated against its schema."""
    cases = failure_cases(name, frame, package)
    return set(cases.loc[cases["check"].astype(str) == check, "index"].astype(int))
