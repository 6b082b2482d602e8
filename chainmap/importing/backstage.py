"""A Backstage software catalog -> team data.

Groups are teams (a group's ``spec.parent`` is its department); Components,
APIs, Resources and Systems belong to the group in their ``spec.owner`` (a User
owner: the first group the user is a member of).  When group B's entity depends
on (``spec.dependsOn``) or consumes an API of (``spec.consumesApis``) group A's
entity, A supplies B, delivering that entity; an API's supplier is the group of
the component that provides it (``spec.providesApis``), else the API's owner.

Backstage shows every relation from both sides on its own.  chainmap keeps each
side's own view, so the acknowledgement checks still mean something: B's
declaration puts A in B's ``suppliers:``; only A's own ``spec.dependencyOf`` puts B
in A's ``customers:``.  What Backstage says A delivers to B without A saying so is
written in A's file as a comment to confirm (``both_sides`` writes it as a link).

Entities without an owner, owners and references not in the catalog are
reported as warnings and left out; they never stop the import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError, Problem
from ..i18n import text
from ..model import slugify
from . import Imported

OWNED_KINDS = ("component", "api", "resource", "system")


@dataclass
class Entity:
    kind: str
    namespace: str
    name: str
    data: dict
    path: str
    line: int
    col: int

    @property
    def key(self) -> tuple:
        return (self.kind, self.namespace, self.name)

    @property
    def spec(self) -> dict:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def metadata(self) -> dict:
        metadata = self.data.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    @property
    def title(self) -> str:
        profile = self.spec.get("profile") if isinstance(self.spec.get("profile"), dict) else {}
        return str(profile.get("displayName") or self.metadata.get("title") or self.name)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.namespace}/{self.name}"


def parse_ref(ref, default_kind: str, namespace: str = "default") -> tuple | None:
    """``[kind:][namespace/]name`` (or Backstage's mapping form) as a lowercase (kind, namespace, name)."""
    if isinstance(ref, dict):
        kind, namespace, name = ref.get("kind", default_kind), ref.get("namespace", namespace), ref.get("name")
        return (str(kind).lower(), str(namespace).lower(), str(name).lower()) if name else None
    if not isinstance(ref, str) or not ref.strip():
        return None
    kind, _, rest = ref.strip().rpartition(":") if ":" in ref else ("", "", ref.strip())
    space, _, name = rest.rpartition("/")
    return ((kind or default_kind).lower(), (space or namespace).lower(), name.lower())


def _refs(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read_entities(paths) -> tuple[list[Entity], list[Problem]]:
    """Every entity of every file (multi-document files too), and warnings for documents that are none."""
    import yaml

    entities, warnings, errors = [], [], []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as handle:
                source = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(Problem(path, 0, 0, "error", "not-readable", f"cannot read it: {exc}"))
            continue
        loader = yaml.SafeLoader(source)
        try:
            while loader.check_node():
                node = loader.get_node()
                data = loader.construct_document(node)
                line, col = node.start_mark.line + 1, node.start_mark.column + 1
                kind = data.get("kind") if isinstance(data, dict) else None
                metadata = data.get("metadata") if isinstance(data, dict) else None
                if not isinstance(kind, str) or not isinstance(metadata, dict) or not metadata.get("name"):
                    warnings.append(Problem(path, line, col, "warning", "not-an-entity",
                                            "not a catalog entity (kind and metadata.name): left out"))
                    continue
                namespace = str(metadata.get("namespace") or "default").lower()
                entities.append(Entity(kind.lower(), namespace, str(metadata["name"]).lower(), data, path, line, col))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            errors.append(Problem(path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "error",
                                  "yaml-syntax", f"{getattr(exc, 'problem', None) or exc}"))
        finally:
            loader.dispose()
    if errors:
        raise InputError(errors)
    return entities, warnings


@dataclass
class _Catalog:
    entities: dict
    warnings: list = field(default_factory=list)

    def warn(self, entity: Entity, rule: str, message: str, hint: str | None = None) -> None:
        self.warnings.append(Problem(entity.path, entity.line, entity.col, "warning", rule, message, hint))

    def get(self, key):
        return self.entities.get(key) if key else None

    def owner(self, entity: Entity) -> Entity | str | None:
        """The group owning ``entity`` (an Entity), the name of a group the catalog lacks, or None."""
        ref = entity.spec.get("owner")
        if not ref:
            self.warn(entity, "no-owner", f"{entity.ref} has no spec.owner: left out",
                      "give it an owner group, so chainmap knows which team delivers it")
            return None
        key = parse_ref(ref, "group", entity.namespace)
        if key[0] == "user":
            user = self.get(key)
            groups = [self.get(parse_ref(ref, "group", key[1])) for ref in _refs((user.spec if user else {})
                                                                                   .get("memberOf"))]
            groups = [group for group in groups if group is not None]
            if not groups:
                self.warn(entity, "owner-without-group",
                          f"{entity.ref} is owned by {ref}, who is in no group of the catalog: left out",
                          "make a group its owner, or add the user's spec.memberOf")
                return None
            return groups[0]
        group = self.get(key)
        if group is None:
            self.warn(entity, "unknown-owner", f"{entity.ref} is owned by {ref}, which is not in the catalog",
                      "chainmap made a team of that name; add the Group to give it a department")
            return key[2]
        return group

    def suppliers_of(self, target: Entity) -> list:
        """Who delivers ``target``: the groups of the components providing an API, else its owner."""
        if target.kind == "api":
            providers = [entity for entity in self.entities.values() if entity.kind == "component"
                         and target.key in {parse_ref(ref, "api", entity.namespace)
                                            for ref in _refs(entity.spec.get("providesApis"))}]
            if providers:
                return [owner for owner in map(self.owner, providers) if owner is not None]
        owner = self.owner(target)
        return [owner] if owner is not None else []


def _team_name(owner) -> str:
    return owner if isinstance(owner, str) else owner.title


def read_catalog(paths, both_sides: bool = False, lang: str = "en") -> Imported:
    """The team data a Backstage catalog describes; warnings for what it cannot use."""
    entities, warnings = read_entities(paths)
    catalog = _Catalog({entity.key: entity for entity in entities}, warnings)
    teams: dict[str, dict] = {}
    # (supplier id, customer id) -> {"what": set of delivered titles, "sides": {"supplier", "customer"}}
    relations: dict[tuple, dict] = {}

    def team(owner) -> str:
        name = _team_name(owner)
        team_id = slugify(name)
        if team_id not in teams:
            teams[team_id] = _team(catalog, owner)
        return team_id

    def relate(supplier, customer, what: Entity, side: str) -> None:
        a, b = team(supplier), team(customer)
        if a == b:
            return
        relation = relations.setdefault((a, b), {"what": set(), "sides": set()})
        relation["what"].add(what.title + (" (API)" if what.kind == "api" else ""))
        relation["sides"].add(side)

    for entity in entities:
        if entity.kind not in OWNED_KINDS:
            continue
        owner = catalog.owner(entity)
        if owner is None:
            continue
        if entity.kind != "system":  # a system groups components; it makes no team on its own
            team(owner)
        for field_name, default_kind in (("dependsOn", "component"), ("consumesApis", "api")):
            for ref in _refs(entity.spec.get(field_name)):
                target = catalog.get(parse_ref(ref, default_kind, entity.namespace))
                if target is None:
                    catalog.warn(entity, "unknown-reference",
                                 f"{entity.ref} {field_name} {ref}, which is not in the catalog: left out")
                    continue
                for supplier in catalog.suppliers_of(target):
                    relate(supplier, owner, target, "customer")
        for ref in _refs(entity.spec.get("dependencyOf")):
            target = catalog.get(parse_ref(ref, "component", entity.namespace))
            if target is None:
                catalog.warn(entity, "unknown-reference",
                             f"{entity.ref} dependencyOf {ref}, which is not in the catalog: left out")
                continue
            customer = catalog.owner(target)
            if customer is not None:
                relate(owner, customer, entity, "supplier")
    unique = list(dict.fromkeys(catalog.warnings))  # an entity referenced twice is reported once
    return _imported(teams, relations, both_sides, lang, unique)


def _team(catalog: _Catalog, owner) -> dict:
    if isinstance(owner, str):
        return {"team": owner}
    data = {"team": owner.title}
    parent = catalog.get(parse_ref(owner.spec.get("parent"), "group", owner.namespace)) \
        if owner.spec.get("parent") else None
    if parent is not None:
        data["department"] = parent.title
    if owner.metadata.get("description"):
        data["description"] = str(owner.metadata["description"]).strip()
    profile = owner.spec.get("profile") if isinstance(owner.spec.get("profile"), dict) else {}
    if profile.get("email"):
        data["contact"] = str(profile["email"])
    data["x-backstage"] = owner.ref
    return data


def _imported(teams: dict, relations: dict, both_sides: bool, lang: str, warnings: list) -> Imported:
    imported = Imported(warnings=warnings)
    customers: dict[str, list] = {}
    unconfirmed: dict[str, list] = {}
    for (a, b), relation in relations.items():
        what = ", ".join(sorted(relation["what"]))
        if "customer" in relation["sides"]:
            teams[b].setdefault("suppliers", []).append(teams[a]["team"])
            imported.supplier_notes.setdefault(b, {})[teams[a]["team"]] = text("backstage.uses", lang, what=what)
        if both_sides or "supplier" in relation["sides"]:
            customers.setdefault(a, []).append({"team": teams[b]["team"], "delivers": what})
        else:
            unconfirmed.setdefault(a, []).append((teams[b]["team"], what))
    for team_id, data in teams.items():
        data["customers"] = customers.get(team_id, [])
        imported.teams.append(data)
        if team_id in unconfirmed:
            from ..team_yaml import scalar

            lines = [text("backstage.unconfirmed", lang)]
            for name, what in unconfirmed[team_id]:
                lines += [f"  - team: {scalar(name)}", f"    delivers: {scalar(what)}"]
            imported.footers[team_id] = "\n".join(lines)
    return imported
