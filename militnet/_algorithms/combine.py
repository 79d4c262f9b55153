"""One network from several datasets, every record keeping its origin.

Groups are matched to the first network's groups by a crosswalk table, or
else by :meth:`Network.resolve` on the group's name and aliases. A name that
matches several groups, or none, is never guessed: the group is kept as a
group of its own and listed in the report. Relations are all kept, each with
its origin (dataset, version, original id); the same relation in two datasets
is reported as a duplicate, and disagreeing ones (other dates, the other
direction, an alliance against a rivalry) as conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._core.errors import AmbiguousNameError, UnknownGroupError, ValidationError
from militnet._core.model import split_list
from militnet._core.problems import Problem, ValidationReport

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["CombineReport", "combine"]

CROSSWALK_COLUMNS = ("dataset", "id", "group")
MATCH_COLUMNS = ("dataset", "id", "name", "group", "method")
UNMATCHED_COLUMNS = ("dataset", "id", "name", "reason", "candidates", "kept_as")
OVERLAP_COLUMNS = ("kind", "source", "target", "type", "relations", "detail")
_CONTRARY = {frozenset({"alliance", "rivalry"}), frozenset({"pledge", "rivalry"})}


@dataclass(frozen=True)
class CombineReport:
    """What :func:`combine` matched, could not match, and found twice.

    Attributes
    ----------
    matches : DataFrame
        Groups of later datasets matched to a group of the first
        (``dataset, id, name, group, method``; ``method`` is ``crosswalk`` or
        ``resolve``).
    unmatched : DataFrame
        Groups not matched (``reason``: ``ambiguous`` with the candidates,
        ``unknown``, or ``crosswalk: kept apart``) and the id they were kept as.
    overlaps : DataFrame
        Relations found in several datasets: ``duplicate`` (same pair, type
        and dates) or ``conflict`` (other dates, the other direction, or a
        cooperative and a hostile relation of the same pair).
    """

    matches: pd.DataFrame
    unmatched: pd.DataFrame
    overlaps: pd.DataFrame

    @classmethod
    def of(cls, net: Network) -> CombineReport:
        """The report of a combined network (from ``net.metadata["combine"]``)."""
        import pandas as pd

        meta = net.metadata.get("combine", {})
        return cls(
            *(
                pd.DataFrame(meta.get(k, []), columns=list(cols), dtype=object)
                for k, cols in (
                    ("matches", MATCH_COLUMNS),
                    ("unmatched", UNMATCHED_COLUMNS),
                    ("overlaps", OVERLAP_COLUMNS),
                )
            )
        )

    def __str__(self) -> str:
        lines = [
            f"{len(self.matches)} groups matched, {len(self.unmatched)} not matched, "
            f"{(self.overlaps['kind'] == 'duplicate').sum()} duplicate and "
            f"{(self.overlaps['kind'] == 'conflict').sum()} conflicting relations"
        ]
        for r in self.unmatched.to_dict("records"):
            cands = f" (candidates: {r['candidates']})" if r["candidates"] else ""
            lines.append(
                f"  not matched: {r['dataset']} {r['id']} {r['name']!r}: "
                f"{r['reason']}{cands}; kept as {r['kept_as']}"
            )
        for r in self.overlaps.to_dict("records"):
            lines.append(
                f"  {r['kind']}: {r['source']} {r['type']} {r['target']}: "
                f"{r['relations']} — {r['detail']}"
            )
        return "\n".join(lines)


def _labels(networks: tuple[Network, ...]) -> list[str]:
    labels: list[str] = []
    for i, net in enumerate(networks):
        base = net.name or f"dataset{i + 1}"
        label, n = base, 2
        while label in labels:
            label, n = f"{base}-{n}", n + 1
        labels.append(label)
    return labels


def _read_crosswalk(
    crosswalk: Any, labels: list[str], networks: tuple[Network, ...]
) -> tuple[dict[tuple[str, str], str], list[Problem]]:
    import pandas as pd

    if crosswalk is None:
        return {}, []
    where = "<crosswalk>"
    if isinstance(crosswalk, (str, Path)):
        where = str(crosswalk)
        df = pd.read_csv(crosswalk, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elif isinstance(crosswalk, Mapping):
        df = pd.DataFrame([{"dataset": d, "id": i, "group": g} for (d, i), g in crosswalk.items()])
    else:
        df = crosswalk.astype(str)
    problems = [
        Problem("error", where, 1, c, None, f"missing crosswalk column {c!r}")
        for c in CROSSWALK_COLUMNS
        if c not in df.columns
    ]
    if problems:
        return {}, problems
    ids = {lab: set(net.groups.index) for lab, net in zip(labels, networks, strict=True)}
    out: dict[tuple[str, str], str] = {}
    for n, r in enumerate(df.itertuples(index=False), start=2):
        d, i, g = (str(getattr(r, c)).strip() for c in CROSSWALK_COLUMNS)
        if d not in ids:
            problems.append(
                Problem(
                    "error",
                    where,
                    n,
                    "dataset",
                    d,
                    f"no dataset of that name (datasets: {', '.join(labels)})",
                )
            )
        elif i not in ids[d]:
            problems.append(Problem("error", where, n, "id", i, f"no group {i!r} in {d}"))
        elif g and g not in ids[labels[0]]:
            problems.append(
                Problem(
                    "error",
                    where,
                    n,
                    "group",
                    g,
                    f"no group {g!r} in {labels[0]} (the first dataset)",
                )
            )
        else:
            out[(d, i)] = g
    return out, problems


def _aliases(rec: dict[str, str]) -> list[str]:
    return [a.strip() for a in rec.get("aliases", "").split(";") if a.strip()]


def _resolve(base: Network, name: str, aliases: list[str]) -> tuple[str | None, str, str]:
    """(group, reason, candidates): a unique match, or why there is none."""
    found: set[str] = set()
    candidates: set[str] = set()
    for n in [name, *aliases]:
        try:
            found.add(base.resolve(n))
        except AmbiguousNameError as exc:
            candidates.update(exc.candidates)
        except UnknownGroupError:
            pass
    if len(found) == 1 and not candidates - found:
        return found.pop(), "", ""
    if found or candidates:
        return None, "ambiguous", ";".join(sorted(found | candidates))
    return None, "unknown", ""


class _Builder:
    def __init__(
        self,
        networks: tuple[Network, ...],
        labels: list[str],
        crosswalk: dict[tuple[str, str], str],
    ) -> None:
        self.networks, self.labels, self.crosswalk = networks, labels, crosswalk
        self.base = networks[0]
        self.groups: dict[str, dict[str, Any]] = {}
        self.relations: list[dict[str, Any]] = []
        self.sources: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.event_actors: list[dict[str, Any]] = []
        self.matches: list[dict[str, str]] = []
        self.unmatched: list[dict[str, str]] = []
        self.problems: list[Problem] = []

    def _free(self, taken: Mapping[str, Any] | set[str], label: str, rid: str) -> str:
        new = rid if rid not in taken else f"{label}:{rid}"
        n = 2
        while new in taken:
            new, n = f"{label}:{rid}-{n}", n + 1
        return new

    def add_groups(self, k: int) -> dict[str, str]:
        net, label = self.networks[k], self.labels[k]
        rows = {
            str(gid): {str(c): str(v) for c, v in row.items()} for gid, row in net.groups.iterrows()
        }
        proposed = {
            gid: self._match(k, gid, rec["name"], _aliases(rec)) for gid, rec in rows.items()
        }
        self._one_to_one(k, proposed, rows)
        idmap: dict[str, str] = {}
        for gid, rec in rows.items():
            target = proposed[gid]
            if target is None:
                new = self._free(self.groups, label, gid)
                self.groups[new] = {**rec, "origins": f"{label}:{gid}"}
                idmap[gid] = new
                for u in self.unmatched:
                    if (u["dataset"], u["id"]) == (label, gid):
                        u["kept_as"] = new
                continue
            g = self.groups[target]
            g["origins"] += f";{label}:{gid}"
            names = [g["name"], *g.get("aliases", "").split(";")]
            extra = [n for n in [rec["name"], *_aliases(rec)] if n and n not in names]
            g["aliases"] = ";".join(a for a in [g.get("aliases", ""), *extra] if a)
            idmap[gid] = target
        return idmap

    def _one_to_one(
        self, k: int, proposed: dict[str, str | None], rows: dict[str, dict[str, str]]
    ) -> None:
        """Two groups of one dataset matched by name to the same group are both
        left unmatched: which one it is, is a guess (the crosswalk decides)."""
        label = self.labels[k]
        by_target: dict[str, list[str]] = {}
        for gid, target in proposed.items():
            if target is not None and (label, gid) not in self.crosswalk:
                by_target.setdefault(target, []).append(gid)
        for target, gids in by_target.items():
            if len(gids) < 2:
                continue
            for gid in gids:
                proposed[gid] = None
                self.matches = [m for m in self.matches if (m["dataset"], m["id"]) != (label, gid)]
                self.unmatched.append(
                    {
                        "dataset": label,
                        "id": gid,
                        "name": rows[gid]["name"],
                        "reason": f"ambiguous: {len(gids)} groups of {label} match {target}",
                        "candidates": target,
                        "kept_as": "",
                    }
                )
            self.problems.append(
                Problem(
                    "warning",
                    label,
                    None,
                    "name",
                    ";".join(gids),
                    f"groups {', '.join(gids)} all match {target!r} of {self.labels[0]}: none "
                    "matched, each kept as a group of its own (add them to the crosswalk)",
                )
            )

    def _match(self, k: int, gid: str, name: str, aliases: list[str]) -> str | None:
        if k == 0:
            return None
        label = self.labels[k]
        if (label, gid) in self.crosswalk:
            target = self.crosswalk[(label, gid)]
            if target:
                self.matches.append(
                    {
                        "dataset": label,
                        "id": gid,
                        "name": name,
                        "group": target,
                        "method": "crosswalk",
                    }
                )
                return target
            self.unmatched.append(
                {
                    "dataset": label,
                    "id": gid,
                    "name": name,
                    "reason": "crosswalk: kept apart",
                    "candidates": "",
                    "kept_as": "",
                }
            )
            return None
        found, reason, cands = _resolve(self.base, name, aliases)
        if found is not None:
            self.matches.append(
                {"dataset": label, "id": gid, "name": name, "group": found, "method": "resolve"}
            )
            return found
        self.unmatched.append(
            {
                "dataset": label,
                "id": gid,
                "name": name,
                "reason": reason,
                "candidates": cands,
                "kept_as": "",
            }
        )
        if reason == "ambiguous":
            self.problems.append(
                Problem(
                    "warning",
                    label,
                    None,
                    "name",
                    name,
                    f"group {gid!r} matches several groups of {self.labels[0]} ({cands}): not "
                    "matched, kept as a group of its own (add it to the crosswalk)",
                )
            )
        return None

    def add_sources(self, k: int) -> dict[str, str]:
        net, label = self.networks[k], self.labels[k]
        idmap: dict[str, str] = {}
        for sid, row in net.sources.iterrows():
            rec = {str(c): str(v) for c, v in row.items()}
            if (
                sid in self.sources
                and {c: v for c, v in self.sources[sid].items() if c != "origin_dataset"} == rec
            ):
                idmap[str(sid)] = str(sid)
                continue
            new = self._free(self.sources, label, str(sid))
            self.sources[new] = {**rec, "origin_dataset": label}
            idmap[str(sid)] = new
        return idmap

    def add_events(self, k: int, gmap: dict[str, str], smap: dict[str, str]) -> dict[str, str]:
        """The dataset's events (ids prefixed when taken), their actors mapped onto the
        combined groups; returns old event id -> new."""
        net, label = self.networks[k], self.labels[k]
        if not net.has_events:
            return {}
        emap: dict[str, str] = {}
        for eid, row in net.events.iterrows():
            rec = {str(c): str(v) for c, v in row.items()}
            new = self._free(self.events, label, str(eid))
            srcs = [smap.get(s.strip(), s.strip()) for s in rec.get("sources", "").split(";")]
            self.events[new] = {
                **rec,
                "sources": ";".join(s for s in srcs if s),
                "origin_dataset": label,
                "origin_id": str(eid),
            }
            emap[str(eid)] = new
        for _, row in net.event_actors.iterrows():
            rec = {str(c): str(v) for c, v in row.items()}
            self.event_actors.append(
                {**rec, "event": emap[rec["event"]], "group": gmap[rec["group"]]}
            )
        return emap

    def add_relations(
        self, k: int, gmap: dict[str, str], smap: dict[str, str], emap: dict[str, str] | None = None
    ) -> None:
        net, label = self.networks[k], self.labels[k]
        emap = emap or {}
        taken = {r["id"] for r in self.relations}
        for rid, row in net.relations.iterrows():
            rec = {str(c): str(v) for c, v in row.items()}
            new = self._free(taken, label, str(rid))
            taken.add(new)
            srcs = [
                smap.get(s.strip(), s.strip())
                for s in rec.get("sources", "").split(";")
                if s.strip()
            ]
            self.relations.append(
                {
                    **rec,
                    "id": new,
                    "source": gmap[rec["source"]],
                    "target": gmap[rec["target"]],
                    "sources": ";".join(srcs),
                    **(
                        {"events": ";".join(emap.get(e, e) for e in split_list(rec["events"]))}
                        if "events" in rec
                        else {}
                    ),
                    "origin_dataset": label,
                    "origin_version": net.version,
                    "origin_id": str(rid),
                }
            )


def _overlaps(relations: list[dict[str, Any]]) -> list[dict[str, str]]:
    from militnet._core.model import RELATION_TYPES

    by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    for r in relations:
        by_pair.setdefault(frozenset((r["source"], r["target"])), []).append(r)
    out = []
    for rels in by_pair.values():
        for i, a in enumerate(rels):
            for b in rels[i + 1 :]:
                if a["origin_dataset"] == b["origin_dataset"]:
                    continue
                kind, detail = _compare(a, b, RELATION_TYPES[a["type"]].directed)
                if kind:
                    out.append(
                        {
                            "kind": kind,
                            "source": a["source"],
                            "target": a["target"],
                            "type": a["type"]
                            if a["type"] == b["type"]
                            else f"{a['type']}/{b['type']}",
                            "relations": f"{a['id']};{b['id']}",
                            "detail": detail,
                        }
                    )
    return out


def _span(r: dict[str, Any]) -> tuple[int, int]:
    """The widest reading of a relation's interval, as day ordinals (an unknown
    start runs from always, an open end to always)."""
    from militnet._core.dates import PartialDate

    start, end = PartialDate.parse(r["start"]), PartialDate.parse(r["end"])
    return (
        start.first_day().toordinal() if start else -(2**40),
        end.last_day().toordinal() if end else 2**40,
    )


def _may_overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return max(a0, b0) < min(a1, b1)


def _compare(a: dict[str, Any], b: dict[str, Any], directed: bool) -> tuple[str, str]:
    who = f"{a['origin_dataset']} {a['origin_id']} and {b['origin_dataset']} {b['origin_id']}"
    if a["type"] != b["type"]:
        if frozenset((a["type"], b["type"])) in _CONTRARY and _may_overlap(a, b):
            return "conflict", (
                f"{who}: {a['type']} against {b['type']} for the same pair at the same time"
            )
        return "", ""
    if directed and a["source"] != b["source"]:
        return "conflict", f"{who}: opposite directions"
    if (a["start"], a["end"]) == (b["start"], b["end"]):
        return "duplicate", f"{who}: same pair, type and dates"
    return "conflict", (
        f"{who}: dates differ ({a['start'] or '?'}–{a['end']} against "
        f"{b['start'] or '?'}–{b['end']})"
    )


def combine(*networks: Network, crosswalk: Any = None) -> Network:
    """One network from several, every record keeping its origin.

    Parameters
    ----------
    *networks : Network
        Two or more networks. The first is the base: later datasets' groups
        are matched to its groups.
    crosswalk : path, DataFrame or mapping, optional
        Explicit matches, with columns ``dataset, id, group``: the group
        ``id`` of dataset ``dataset`` (its name, as in ``net.name``) is the
        first dataset's group ``group``; an empty ``group`` keeps it apart.
        A mapping ``{(dataset, id): group}`` works too. Groups not in the
        crosswalk are matched by :meth:`Network.resolve` on their name and
        aliases, only when that gives one group.

    Returns
    -------
    Network
        Groups carry ``origins`` (``dataset:id;...``); relations carry
        ``origin_dataset``, ``origin_version`` and ``origin_id``; sources
        carry ``origin_dataset``. An id used by two datasets is prefixed with
        the later dataset's name (``mmp:r1``). ``CombineReport.of(net)``
        gives the matches, the groups left unmatched (ambiguous or unknown
        names, never guessed) and the duplicate and conflicting relations;
        these are also in ``net.validation``. The metadata names the parents
        (``derived_from``, with each content hash).

    Raises
    ------
    ValidationError
        If the crosswalk names a dataset or group that does not exist, or the
        combined tables are not a valid network.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation
    >>> a = militnet.Network(groups=[Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP"),
    ...                              Group("jua", "Jamaat-ul-Ahrar")],
    ...                      relations=[Relation("r1", "jua", "ttp", "split", start="2014-08",
    ...                                          confidence="confirmed")],
    ...                      metadata={"name": "a", "version": "1"})
    >>> b = militnet.Network(groups=[Group("g1", "Tehreek-e-Taliban Pakistan"),
    ...                              Group("g2", "Jamaat ul Ahrar")],
    ...                      relations=[Relation("r1", "g1", "g2", "split", start="2014-08",
    ...                                          confidence="reported")],
    ...                      metadata={"name": "b", "version": "2"})
    >>> net = militnet.combine(a, b)
    >>> net.relations[["source", "target", "origin_dataset", "origin_id"]]
          source target origin_dataset origin_id
    id
    r1       jua    ttp              a        r1
    b:r1     ttp    jua              b        r1
    >>> print(militnet.CombineReport.of(net))
    2 groups matched, 0 not matched, 0 duplicate and 1 conflicting relations
      conflict: jua split ttp: r1;b:r1 — a r1 and b r1: opposite directions
    """
    from militnet._classes.network import Network as _Network
    from militnet._classes.network import _to_table
    from militnet._dataset.validate import check_tables

    if len(networks) < 2 or not all(isinstance(n, _Network) for n in networks):
        raise TypeError("combine() needs two or more militnet.Network objects")
    labels = _labels(networks)
    cw, problems = _read_crosswalk(crosswalk, labels, networks)
    if problems:
        raise ValidationError(ValidationReport(problems), header="invalid crosswalk")
    b = _Builder(networks, labels, cw)
    for k in range(len(networks)):
        gmap = b.add_groups(k)
        smap = b.add_sources(k)
        b.add_relations(k, gmap, smap, b.add_events(k, gmap, smap))
    overlaps = _overlaps(b.relations)
    for o in overlaps:
        b.problems.append(
            Problem(
                "warning" if o["kind"] == "conflict" else "info",
                "<combined>",
                None,
                "relations",
                o["relations"],
                f"{o['kind']} across datasets: {o['detail']}",
            )
        )
    tables = {
        "groups": _to_table("groups", [{"id": k, **v} for k, v in b.groups.items()]),
        "relations": _to_table("relations", b.relations),
        "sources": _to_table("sources", [{"id": k, **v} for k, v in b.sources.items()]),
    }
    if any(n.has_events for n in networks):
        tables["events"] = _to_table("events", [{"id": k, **v} for k, v in b.events.items()])
        tables["event_actors"] = _to_table("event_actors", b.event_actors)
    report = ValidationReport([*b.problems, *check_tables(tables)])
    if not report.ok:
        raise ValidationError(report, header="the combined tables do not make a valid network")
    meta = {
        "name": "+".join(labels),
        "title": "Combination of "
        + ", ".join(f"{lab} {n.version}".strip() for lab, n in zip(labels, networks, strict=True)),
        "derived_from": [
            {"name": lab, "version": n.version, "content_hash": f"sha256:{n.content_hash}"}
            for lab, n in zip(labels, networks, strict=True)
        ],
        "combine": {"matches": b.matches, "unmatched": b.unmatched, "overlaps": overlaps},
    }
    return _Network._from_tables(tables, meta, report)
