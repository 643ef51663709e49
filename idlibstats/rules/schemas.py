"""Contract -> pandera DataFrameSchema.

Built from :mod:`idlibstats.package.contract` by this small converter (not ``pandera[frictionless]``,
which pins an old frictionless and maps integers to a non-nullable type). Column checks
come from the field constraints; keys and :mod:`idlibstats.rules.registry` become named
dataframe-level checks. The schema validates frames as :func:`idlibstats.load` returns them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from idlibstats.frames.keys import foreign_key_violations
from idlibstats.package.contract import Field, ForeignKey, Table
from idlibstats.package.contract import table as table_contract
from idlibstats.package.folder import DataPackage
from idlibstats.rules import registry as rules
from idlibstats.rules.context import RuleContext

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    import pandera.pandas as pa

DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "date": "datetime64[ns]"}


def schema(
    name: str,
    package: DataPackage | None = None,
    *,
    frames: Mapping[str, pd.DataFrame] | None = None,
    path: str | Path | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema of table ``name`` (foreign keys checked against ``package``'s tables).

    ``frames`` holds typed tables already loaded (all rows), used for the foreign keys and the
    rules instead of reading those tables again. ``path`` is a package folder (or its
    ``datapackage.json``) to read instead of the installed package.
    """
    import pandera.pandas as pa

    package = package or (DataPackage.open(path) if path is not None else DataPackage.shipped())
    frames = frames or {}
    table = table_contract(package, name)
    context = RuleContext(package, sources=frames.get("sources"))
    checks = [foreign_key_check(fk, table, package, frames) for fk in table.foreign_keys]
    checks += [rule_check(rule, table, context) for rule in rules.rules_for(table)]
    return pa.DataFrameSchema(
        {field.name: column(field) for field in table.fields},
        checks=checks,
        unique=list(table.primary_key) if len(table.primary_key) > 1 else None,
        strict=True,
        ordered=True,
        name=table.name,
        description=table.description,
    )


def dtype(field: Field) -> Any:
    import pandas as pd

    if field.enum is not None:
        return pd.CategoricalDtype(categories=list(field.enum), ordered=False)
    if field.type == "string":
        return pd.StringDtype()
    return DTYPES[field.type]


def column(field: Field) -> pa.Column:
    import pandera.pandas as pa

    checks = []
    if field.enum is not None:
        checks.append(pa.Check.isin(list(field.enum)))
    if field.pattern is not None:
        checks.append(pa.Check.str_matches(field.pattern))
    if field.minimum is not None:
        checks.append(pa.Check.ge(field.minimum))
    if field.maximum is not None:
        checks.append(pa.Check.le(field.maximum))
    if field.min_length is not None or field.max_length is not None:
        checks.append(pa.Check.str_length(field.min_length, field.max_length))
    return pa.Column(
        dtype(field),
        checks=checks,
        nullable=not field.required,
        unique=field.unique,
        description=field.description,
        title=field.name,
    )


def foreign_key_check(fk: ForeignKey, table: Table, package: DataPackage,
                      frames: Mapping[str, pd.DataFrame]) -> pa.Check:
    import pandera.pandas as pa

    def check(frame: pd.DataFrame) -> pd.Series:
        if fk.resource is None:
            reference = frame
        elif fk.resource in frames:
            reference = frames[fk.resource]
        else:
            from idlibstats.frames.loading import read_typed

            reference = read_typed(package, fk.resource)
        return ~foreign_key_violations(frame, fk, reference)

    target = fk.resource or table.name
    return pa.Check(check, name=f"foreign-key:{','.join(fk.fields)}->{target}",
                    description=f"{', '.join(fk.fields)} must exist in {target}.{', '.join(fk.reference_fields)}")


def rule_check(rule: rules.Rule, table: Table, context: RuleContext) -> pa.Check:
    import pandera.pandas as pa

    return pa.Check(lambda frame: ~rule.violations(frame, context, table), name=rule.type,
                    description=f"expected {rule.expected}")
