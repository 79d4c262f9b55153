"""One network from several datasets, every record keeping its origin.

Groups are matched to the first network's groups by
:func:`militnet.crosswalk` (a reviewed crosswalk table, an exact id, or a name
or alias that nothing contradicts). A name that matches several groups, none,
or one that the groups' countries or notes contradict, is never guessed: the
group is kept as a group of its own and listed in the report. Relations are all kept, each with
its origin (dataset, version, original id); the same relation in two datasets
is reported as a duplicate, and disagreeing ones (other dates, the other
direction, an alliance against a rivalry) as conflicts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ValidationError
from militnet._core.model import split_list
from militnet._core.problems import Problem, ValidationReport

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["CombineReport", "combine"]

MATCH_COLUMNS = ("dataset", "id", "name", "group", "method", "how")
UNMATCHED_COLUMNS = ("dataset", "id", "name", "reason", "candidates", "kept_as")
OVERLAP_COLUMNS = ("kind", "source", "target", "type", "relations", "detail")
DUPLICATE_COLUMNS = ("dataset", "groups", "names", "detail")
_CONTRARY = {frozenset({"alliance", "rivalry"}), frozenset({"pledge", "rivalry"})}


@dataclass(frozen=True)
class CombineReport:
    """What :func:`combine` matched, could not match, and found twice.

    Attributes
    ----------
    matches : DataFrame
        Groups of later datasets matched to a group of the first
        (``dataset, id, name, group, method, how``; ``method`` is
        ``crosswalk`` or ``resolve``, ``how`` says which: ``crosswalk``,
        ``id``, ``name`` or ``alias``).
    unmatched : DataFrame
        Groups not matched (``reason``: ``ambiguous`` with the candidates,
        ``ambiguous: 2 groups of mmp match let``, ``unknown``,
        ``conflict: <why>`` with the contradicted candidate, or
        ``crosswalk: kept apart``) and the id they were kept as.
    overlaps : DataFrame
        Relations found in several datasets: ``duplicate`` (same pair, type
        and dates) or ``conflict`` (other dates, the other direction, or a
        cooperative and a hostile relation of the same pair).
    duplicates : DataFrame
        Groups of one dataset that look like one group (``dataset, groups,
        names, detail``): the same name, or all matching one group of the
        first dataset. None is merged.
    """

    matches: pd.DataFrame
    unmatched: pd.DataFrame
    overlaps: pd.DataFrame
    duplicates: pd.DataFrame | None = None

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
                    ("duplicates", DUPLICATE_COLUMNS),
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
        if self.duplicates is not None:
            for r in self.duplicates.to_dict("records"):
                lines.append(f"  duplicate groups: {r['dataset']} {r['groups']}: {r['detail']}")
        return "\n".join(lines)


def _aliases(rec: dict[str, str]) -> list[str]:
    return [a.strip() for a in rec.get("aliases", "").split(";") if a.strip()]


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
        self.duplicates: list[dict[str, str]] = []
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
        proposed = self._match(k) if k else dict.fromkeys(rows)
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

    def _match(self, k: int) -> dict[str, str | None]:
        """Each group of dataset ``k`` -> the base group it is, or None
        (:func:`militnet._algorithms.crosswalk.match_groups`), recording the
        matches, the unmatched groups, the duplicates and their warnings."""
        from militnet._algorithms.crosswalk import match_groups

        label = self.labels[k]
        found, dups = match_groups(self.base, self.networks[k], label, self.crosswalk)
        out: dict[str, str | None] = {}
        for m in found:
            out[m.external] = m.group or None
            if m.group:
                method = "crosswalk" if m.how == "crosswalk" else "resolve"
                self.matches.append(
                    {
                        "dataset": label,
                        "id": m.external,
                        "name": m.external_name,
                        "group": m.group,
                        "method": method,
                        "how": m.how,
                    }
                )
                continue
            self.unmatched.append(
                {
                    "dataset": label,
                    "id": m.external,
                    "name": m.external_name,
                    "reason": m.reason,
                    "candidates": m.candidates,
                    "kept_as": "",
                }
            )
            if m.reason == "ambiguous":
                self.problems.append(
                    Problem(
                        "warning",
                        label,
                        None,
                        "name",
                        m.external_name,
                        f"group {m.external!r} matches several groups of {self.labels[0]} "
                        f"({m.candidates}): not matched, kept as a group of its own (add it to "
                        "the crosswalk)",
                    )
                )
            elif m.why_not == "conflict":
                self.problems.append(
                    Problem(
                        "warning",
                        label,
                        None,
                        "name",
                        m.external_name,
                        f"group {m.external!r} matches {m.candidates!r} of {self.labels[0]} by "
                        f"name, but {m.reason[len('conflict: ') :]}: not matched, kept as a group "
                        "of its own (the crosswalk can still match it)",
                    )
                )
        for d in dups:
            self.duplicates.append(
                {
                    "dataset": d.dataset,
                    "groups": ";".join(d.groups),
                    "names": ";".join(d.names),
                    "detail": d.detail,
                }
            )
            self.problems.append(
                Problem(
                    "warning",
                    label,
                    None,
                    "name",
                    ";".join(d.groups),
                    f"groups {', '.join(d.groups)}: {d.detail}; none merged or matched, each "
                    "kept as a group of its own (add them to the crosswalk)"
                    if "match" in d.detail
                    else f"groups {', '.join(d.groups)}: {d.detail}; kept apart (a crosswalk "
                    "or a fix of the dataset decides whether they are one group)",
                )
            )
        return out

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
        Reviewed matches, with columns ``source, external, group`` (or
        ``dataset, id, group``): the group ``external`` of dataset ``source``
        (its name, as in ``net.name``) is the first dataset's group
        ``group``; an empty ``group`` keeps it apart. A mapping
        ``{(source, external): group}`` works too. Groups not in the
        crosswalk are matched as :func:`militnet.crosswalk` matches them: by
        their id, or by a name or alias giving one group that neither the
        groups' countries nor their notes contradict.

    Returns
    -------
    Network
        Groups carry ``origins`` (``dataset:id;...``); relations carry
        ``origin_dataset``, ``origin_version`` and ``origin_id``; sources
        carry ``origin_dataset``. An id used by two datasets is prefixed with
        the later dataset's name (``mmp:r1``). ``CombineReport.of(net)``
        gives the matches, the groups left unmatched (ambiguous, unknown or
        contradicted names, never guessed), the duplicate groups inside a
        dataset, and the duplicate and conflicting relations;
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
    from militnet._algorithms.crosswalk import labels_of, read_user_crosswalk
    from militnet._classes.network import Network as _Network
    from militnet._classes.network import _to_table
    from militnet._dataset.validate import check_tables

    if len(networks) < 2 or not all(isinstance(n, _Network) for n in networks):
        raise TypeError("combine() needs two or more militnet.Network objects")
    labels = labels_of(networks)
    cw, problems = read_user_crosswalk(crosswalk, labels, networks)
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
        "combine": {
            "matches": b.matches,
            "unmatched": b.unmatched,
            "overlaps": overlaps,
            "duplicates": b.duplicates,
        },
    }
    return _Network._from_tables(tables, meta, report)
