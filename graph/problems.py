"""What can be wrong with the data, said so that a person can find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "Problem", "VIOLATION", "WARNING"]

VIOLATION = "Violation"
WARNING = "Warning"


@dataclass(frozen=True)
class Problem:
    """One problem: where (file, row, field), what, and how bad.

    >>> str(Problem("data/x/projects.csv", 4, "total_cost", "'12 kr' is not an amount"))
    "data/x/projects.csv, row 4, field total_cost: '12 kr' is not an amount [Violation]"
    """

    file: str
    row: int | None
    field: str | None
    message: str
    severity: str = VIOLATION

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message} [{self.severity}]"

    @property
    def is_violation(self) -> bool:
        return self.severity == VIOLATION


class DataError(Exception):
    """The data cannot be loaded; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        violations = [p for p in problems if p.is_violation]
        lines = "\n".join(str(p) for p in violations[:50])
        more = f"\n... and {len(violations) - 50} more" if len(violations) > 50 else ""
        super().__init__(f"{len(violations)} problem(s) in the data:\n{lines}{more}")
