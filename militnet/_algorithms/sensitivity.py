"""Sensitivity of a ranking to the uncertain parts of the data.

Analysts cite rankings ("the TTP was the most central group in 2016"); a
reviewer asks whether that survives dropping alleged ties, a different
reading of partial dates, leaving out undated relations, or the alternative
dates other sources give. :func:`sensitivity` reruns one measure under each
such variant and compares the rankings with the baseline.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from militnet._core.dates import as_day
from militnet._core.errors import ArgumentError, MilitnetError
from militnet._core.policy import DEFAULT_TIE_POLICY, TiePolicy

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["SensitivityResult", "default_variants", "sensitivity"]


@dataclass(frozen=True)
class SensitivityResult:
    """How one measure's ranking changes across variants of the data.

    Attributes
    ----------
    summary : pandas.DataFrame
        One row per variant (the first is ``baseline``): ``groups`` and
        ``ties`` in the snapshot, ``spearman`` and ``kendall`` rank
        correlation with the baseline over the groups present in both,
        ``top_overlap`` (share of the baseline's top-``top`` groups still in
        the variant's top ``top``), ``max_rank_shift`` and the group that
        moved most (``most_shifted``).
    values : pandas.DataFrame
        The measure per group (rows) and variant (columns); ``NaN`` where a
        group is not in a variant's snapshot.
    ranks : pandas.DataFrame
        Ranks (1 = highest, ties share the best rank), same shape.
    provenance : dict
        Data, day, policy, parameters and library versions.
    """

    summary: pd.DataFrame
    values: pd.DataFrame
    ranks: pd.DataFrame
    provenance: dict[str, Any]


def _alt_network(net: Network) -> Network | None:
    """The network with each relation's first alternative date (``start_alt`` /
    ``end_alt``) in place of its date, or None if there is none.

    A relation whose alternative dates would contradict its other dates (an
    alternative end before its start, or before the ``last_attested`` date a
    source gives) keeps its own dates; their ids are in
    ``metadata["alternative_dates_skipped"]`` of the returned network.
    """
    from militnet._classes.network import Network
    from militnet._core.dates import PartialDate
    from militnet._core.model import split_list

    rel = net.relations
    cols = [c for c in ("start_alt", "end_alt") if c in rel.columns]
    if not cols:
        return None
    n = len(rel)

    def firsts(col: str) -> list[str]:
        if col not in rel.columns:
            return [""] * n
        return [(split_list(v) or ("",))[0] for v in rel[col]]

    old_s, old_e = list(rel["start"]), list(rel["end"])
    new_s = [a or s for a, s in zip(firsts("start_alt"), old_s, strict=True)]
    new_e = [a or e for a, e in zip(firsts("end_alt"), old_e, strict=True)]
    att = list(rel["last_attested"]) if "last_attested" in rel.columns else [""] * n

    def fits(s: str, e: str, a: str) -> bool:
        ps, pe, pa = (PartialDate.parse(x) for x in (s, e, a))
        if ps and pe and pe.last_day() < ps.first_day():
            return False
        if pa and pe and pa.first_day() > pe.last_day():
            return False
        return not (pa and ps and pa.last_day() < ps.first_day())

    use: list[int] = []
    skipped: list[int] = []
    for i in range(n):
        if (new_s[i], new_e[i]) == (old_s[i], old_e[i]):
            continue
        (use if fits(new_s[i], new_e[i], att[i]) else skipped).append(i)
    if not use:
        return None
    rel = rel.copy()
    rel["start"] = [new_s[i] if i in set(use) else v for i, v in enumerate(old_s)]
    rel["end"] = [new_e[i] if i in set(use) else v for i, v in enumerate(old_e)]
    metadata = {**net.metadata, "alternative_dates_skipped": [str(rel.index[i]) for i in skipped]}
    try:
        evidence = (
            {"events": net.events, "event_actors": net.event_actors} if net.has_events else {}
        )
        return Network(net.groups, rel, net.sources, metadata=metadata, **evidence)
    except MilitnetError as exc:  # pragma: no cover - the checks above keep it valid
        raise MilitnetError(f"the alternative dates do not make a valid network: {exc}") from exc


def default_variants(
    net: Network, policy: TiePolicy | None = None
) -> dict[str, tuple[Network, TiePolicy]]:
    """The standard variants: the baseline; with alleged ties (when the
    baseline leaves them out, as the default does) or without them (when it
    counts them); confirmed ties only; without undated relations; the three
    other date policies; ties lapsing after 3 and 5 years and never lapsing
    (those that differ from the baseline's ``stale_after``); and (if the data
    has ``start_alt``/``end_alt`` columns) the alternative dates.
    """
    base = policy or DEFAULT_TIE_POLICY
    rep = dataclasses.replace
    variants: dict[str, tuple[Network, TiePolicy]] = {"baseline": (net, base)}
    if base.min_confidence == "alleged":
        variants["without alleged"] = (net, rep(base, min_confidence="reported"))
    else:
        variants["with alleged"] = (net, rep(base, min_confidence="alleged"))
    if base.min_confidence != "confirmed":
        variants["confirmed only"] = (net, rep(base, min_confidence="confirmed"))
    variants["undated excluded"] = (net, rep(base, undated="exclude"))
    for dp in ("earliest", "latest", "strict", "lenient"):
        if dp != base.date_policy:
            variants[f"date policy {dp}"] = (net, rep(base, date_policy=dp))
    for stale in ("3y", "5y", None):
        if stale != base.stale_after:
            name = f"ties lapse after {stale}" if stale else "ties never lapse"
            variants[name] = (net, rep(base, stale_after=stale))
    alt = _alt_network(net)
    if alt is not None:
        variants["alternative dates"] = (alt, base)
    return variants


def sensitivity(
    net: Network,
    at: Any,
    *,
    measure: str = "betweenness",
    policy: TiePolicy | None = None,
    variants: Mapping[str, tuple[Network, TiePolicy]] | None = None,
    top: int = 5,
    k: int | None = None,
    seed: int | None = 0,
) -> SensitivityResult:
    """Rerun one centrality measure under variants of the data and compare rankings.

    Parameters
    ----------
    net : Network
    at : str or date
        The day.
    measure : str, default "betweenness"
        A measure of :func:`militnet.centrality`.
    policy : TiePolicy, optional
        The baseline policy (default :class:`TiePolicy()`).
    variants : mapping, optional
        ``name -> (network, policy)``; the first is the baseline. Default:
        :func:`default_variants`.
    top : int, default 5
        Size of the top list whose overlap is reported.
    k : int, optional
        As in :func:`militnet.centrality` (sampled betweenness; exact with
        ``k`` at least the number of groups, as the provenance records).
    seed : int or None, default 0
        As in :func:`militnet.centrality`.

    Returns
    -------
    SensitivityResult

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> res = militnet.sensitivity(net, "2016-10-24", measure="degree")
    >>> res.summary.index[:3].tolist()
    ['baseline', 'with alleged', 'confirmed only']
    >>> float(res.summary.loc["baseline", "spearman"])
    1.0
    >>> bool((res.summary["spearman"].dropna() <= 1.0).all())
    True
    """
    import pandas as pd
    from scipy import stats

    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError(f"top must be a positive integer, got {top!r}")

    from militnet._algorithms.centrality import check_k, check_measures, compute, parameters
    from militnet._algorithms.provenance import provenance
    from militnet._core.policy import tie_policy
    from militnet._engine.snapshot import snapshot

    pol = tie_policy(policy, {}, call="militnet.sensitivity")
    var = dict(variants) if variants is not None else default_variants(net, pol)
    if not var:
        raise MilitnetError("no variants to compare")
    cols: dict[str, pd.Series] = {}
    sizes: dict[str, tuple[int, int]] = {}
    sel = check_measures(measure)
    if len(sel) != 1:
        raise ArgumentError(f"sensitivity compares one measure at a time, got {measure!r}")
    k = check_k(k)
    for name, (vnet, vpol) in var.items():
        # one snapshot per variant: the measure and the sizes come from the same ties
        snap = snapshot(vnet, at, tie_policy(vpol, {}, call="militnet.sensitivity"))
        cols[name] = pd.Series(
            compute(snap.ties, sel, k, seed)[sel[0]],
            index=pd.Index(list(snap.ties.nodes), dtype=object),
        )
        sizes[name] = (snap.ties.n, snap.ties.m)
    values = pd.DataFrame(cols)
    values.index.name = "group"
    ranks = values.rank(ascending=False, method="min")
    names = list(var)
    base = names[0]
    rows = []
    for name in names:
        b, v = values[base], values[name]
        keep = b.notna() & v.notna()
        b, v = b[keep], v[keep]
        rho = tau = math.nan
        if len(b) and b.equals(v):
            rho = tau = 1.0
        elif len(b) >= 2 and b.nunique() > 1 and v.nunique() > 1:
            rho = float(stats.spearmanr(b, v).statistic)
            tau = float(stats.kendalltau(b, v).statistic)
        top_base = set(
            values[base].dropna().sort_values(ascending=False, kind="stable").index[:top]
        )
        top_var = set(values[name].dropna().sort_values(ascending=False, kind="stable").index[:top])
        overlap = len(top_base & top_var) / len(top_base) if top_base else math.nan
        shift = (ranks[name] - ranks[base]).abs().dropna()
        most = str(shift.idxmax()) if len(shift) and shift.max() > 0 else ""
        rows.append(
            {
                "variant": name,
                "groups": sizes[name][0],
                "ties": sizes[name][1],
                "spearman": rho,
                "kendall": tau,
                "top_overlap": overlap,
                "max_rank_shift": float(shift.max()) if len(shift) else math.nan,
                "most_shifted": most,
            }
        )
    summary = pd.DataFrame(rows).set_index("variant")
    prov = provenance(
        net,
        function="militnet.sensitivity",
        dates=[as_day(at)],
        policy=var[base][1],
        parameters={
            **parameters(sel, k, (n for n, _ in sizes.values())),
            "top": top,
            "variants": {n: p.to_dict() for n, (_, p) in var.items()},
            **(
                {
                    "alternative_dates_skipped": var["alternative dates"][0].metadata.get(
                        "alternative_dates_skipped", []
                    )
                }
                if "alternative dates" in var
                else {}
            ),
        },
        seed=seed,
    )
    for df in (summary, values, ranks):
        df.attrs["provenance"] = prov
    return SensitivityResult(summary, values, ranks, prov)
