"""Generated organisations for the tests of large maps: departments of teams that deliver to many others."""

from __future__ import annotations

from pathlib import Path


def generated_map(folder: Path, departments: int = 8, per_department: int = 25) -> tuple[Path, int]:
    """A generated organisation, and how many links it has: departments delivering to many others."""
    folder.mkdir(parents=True, exist_ok=True)
    total, links = departments * per_department, 0
    for index in range(total):
        lines = [f"team: Team {index:04d}", f"department: Department {index % departments}", "customers:"]
        written = set()
        for step, feedback in ((1 + index % 13, None), (departments + 1, "{kind: review, last: 2026-11-01}"),
                               (7 + 3 * (index % 5), "{kind: survey, last: 2026-11-01}")):
            customer = (index + step) % total
            if customer in written or customer == index:
                continue
            written.add(customer)
            lines.append(f"  - team: Team {customer:04d}")
            if feedback:
                lines.append(f"    feedback: [{feedback}]")
        if index % per_department == 0:
            written.add("citizens")
            lines += ["  - team: Citizens", "    external: true", "    feedback: [{kind: conversation, last: 2026-11-01}]"]
        links += len(written)
        (folder / f"team-{index:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, links


def crowded_department(folder: Path, neighbours: int = 40) -> Path:
    """Legal, four teams, between ``neighbours`` departments that deliver to it and as many that receive
    from it, each a department of one team: suppliers 0-9 deliver to every Legal team, the others to one."""
    folder.mkdir(parents=True, exist_ok=True)
    legal = [f"Counsel {n}" for n in range(4)]
    customers_of: dict[str, list[str]] = {name: [] for name in legal}
    for n in range(neighbours):
        customers = legal if n < 10 else [legal[n % 4]]
        (folder / f"supplier-{n}.yaml").write_text(
            f"team: Supplier {n}\ndepartment: Supplying {n}\ncustomers:\n"
            + "".join(f"  - team: {name}\n    feedback: [{{kind: review, last: 2026-11-01}}]\n" for name in customers),
            encoding="utf-8")
        (folder / f"customer-{n}.yaml").write_text(f"team: Customer {n}\ndepartment: Receiving {n}\n", encoding="utf-8")
        customers_of[legal[n % 4]].append(f"Customer {n}")
    for n, name in enumerate(legal):
        (folder / f"counsel-{n}.yaml").write_text(
            f"team: {name}\ndepartment: Legal\ncustomers:\n"
            + "".join(f"  - team: {customer}\n    feedback: [{{kind: review, last: 2026-11-01}}]\n"
                      for customer in customers_of[name]), encoding="utf-8")
    return folder
