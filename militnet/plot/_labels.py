"""Label placement for the network figure: nodes spread so their labels fit,
labels pushed off each other and off the markers, measured by the renderer.

Everything here works in display pixels of the figure as drawn (after the
layout engine has sized the axes), with boxes ``(cx, cy, half_w, half_h)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

PAD = 2.0  # pixels kept free around every box
GAP = 3.0  # pixels between a node and its label
CROSSING = 12.0  # pixels a label would rather move out than lie across one edge
LEADER = 24.0  # pixels a label would rather move out than need a leader line


def _push(
    cx: np.ndarray, cy: np.ndarray, hw: np.ndarray, hh: np.ndarray, movable: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int]:
    """One step of overlap removal: each overlapping pair is pushed apart along
    the axis of least overlap (movable boxes only; a fixed box pushes the other
    the whole way). Returns the displacements and the number of overlaps."""
    dx = cx[:, None] - cx[None, :]
    dy = cy[:, None] - cy[None, :]
    ox = hw[:, None] + hw[None, :] + PAD - np.abs(dx)
    oy = hh[:, None] + hh[None, :] + PAD - np.abs(dy)
    n = len(cx)
    over = (ox > 0) & (oy > 0) & ~np.eye(n, dtype=bool)
    over &= movable[:, None] | movable[None, :]
    count = int(over.sum()) // 2
    if not count:
        return np.zeros(n), np.zeros(n), 0
    # who moves how much: half each, or all of it when the other box is fixed
    share = np.where(movable[None, :], 0.5, 1.0) * movable[:, None]
    # a deterministic direction for coincident boxes: by index
    tie = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :]).astype(float)
    sx = np.where(dx != 0, np.sign(dx), tie)
    sy = np.where(dy != 0, np.sign(dy), tie)
    along_x = over & (ox <= oy)
    along_y = over & (ox > oy)
    # push a pixel further than the overlap, so that a pair comes apart in one step
    mx = (np.where(along_x, (ox + 1.0) * sx, 0.0) * share).sum(axis=1)
    my = (np.where(along_y, (oy + 1.0) * sy, 0.0) * share).sum(axis=1)
    return mx, my, count


def _clamp(c: np.ndarray, h: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.clip(c, lo + h, np.maximum(hi - h, lo + h))


def _fit(c: np.ndarray, h: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Scale and shift centres ``c`` (as little as needed) so that every box of
    half size ``h`` lies within ``[lo, hi]``."""

    def shift(s: float) -> float | None:
        a_lo = float(np.max(lo + h - s * c))
        a_hi = float(np.min(hi - h - s * c))
        return a_lo if a_lo <= a_hi else None

    if shift(1.0) is not None:
        a = shift(1.0)
        return c + (a if a is not None and a > 0 else min(0.0, float(np.min(hi - h - c))))
    s_lo, s_hi = 0.0, 1.0
    for _ in range(40):
        mid = (s_lo + s_hi) / 2
        s_lo, s_hi = (mid, s_hi) if shift(mid) is not None else (s_lo, mid)
    a = shift(s_lo)
    return s_lo * c + (a if a is not None else (lo + hi) / 2)


def spread(
    cx: np.ndarray,
    cy: np.ndarray,
    hw: np.ndarray,
    hh: np.ndarray,
    bounds: Sequence[float],
    *,
    rounds: int = 12,
) -> tuple[np.ndarray, np.ndarray]:
    """Move boxes apart until none overlap, inside ``bounds = (x0, y0, x1, y1)``.

    Each round pushes overlapping boxes apart freely, then scales the layout
    back into the bounds (which closes gaps evenly); rounds repeat until the
    boxes fit without overlapping, or ``rounds`` run out.
    """
    cx, cy = cx.astype(float).copy(), cy.astype(float).copy()
    movable = np.ones(len(cx), dtype=bool)
    for _ in range(rounds):
        for _ in range(300):
            mx, my, count = _push(cx, cy, hw, hh, movable)
            if not count:
                break
            cx, cy = cx + mx, cy + my
        cx = _fit(cx, hw, bounds[0], bounds[2])
        cy = _fit(cy, hh, bounds[1], bounds[3])
        if not overlaps(cx, cy, hw, hh, movable):
            break
    return cx, cy


def overlaps(
    cx: np.ndarray, cy: np.ndarray, hw: np.ndarray, hh: np.ndarray, movable: np.ndarray
) -> int:
    """The number of overlapping pairs involving a movable box."""
    return _push(cx, cy, hw, hh, movable)[2]


def _hits(x0: Any, y0: Any, x1: Any, y1: Any, cx: Any, cy: Any, hw: Any, hh: Any) -> np.ndarray:
    """Whether segments ``(x0, y0)–(x1, y1)`` pass through boxes ``(cx, cy, hw, hh)``
    (Liang–Barsky; arrays broadcast against each other)."""
    x0, y0, x1, y1, cx, cy, hw, hh = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (x0, y0, x1, y1, cx, cy, hw, hh))
    )
    dx, dy = x1 - x0, y1 - y0
    t0 = np.zeros(x0.shape)
    t1 = np.ones(x0.shape)
    ok = np.ones(x0.shape, dtype=bool)
    for p, q in (
        (-dx, x0 - (cx - hw)),
        (dx, (cx + hw) - x0),
        (-dy, y0 - (cy - hh)),
        (dy, (cy + hh) - y0),
    ):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return ok & (t0 < t1)


def _crossings(box: tuple[float, float, float, float], segments: np.ndarray) -> int:
    """How many segments ``(x0, y0, x1, y1)`` pass through a box."""
    if not len(segments):
        return 0
    x0, y0, x1, y1 = segments.T
    return int(_hits(x0, y0, x1, y1, *box).sum())


def place(
    anchors: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    segments: np.ndarray,
    bounds: Sequence[float],
    *,
    iterations: int = 600,
    below_only: bool = False,
) -> tuple[np.ndarray, int]:
    """Label centres for nodes at ``anchors`` (n × 2 pixels) with marker radii
    ``radii`` and label sizes ``sizes`` (n × 2: width, height).

    Each label first takes the side of its node (below, above, right, left,
    then the corners) that overlaps no label placed so far nor any marker
    and crosses the fewest edges (``segments``, m × 4); then a repel step
    pushes labels off each other and off every marker, markers staying put.
    Returns the centres (n × 2) and the number of overlaps left. With
    ``below_only``, every label sits under its node (no overlaps if the nodes
    were spread with room for their whole labels).
    """
    n = len(anchors)
    hw, hh = sizes[:, 0] / 2, sizes[:, 1] / 2
    gap = GAP
    centres = np.zeros((n, 2))
    placed: list[int] = []
    m_hw = radii.copy()
    order = np.argsort(-radii, kind="stable")  # big nodes first: they have the most edges
    for i in order:
        x, y = anchors[i]
        r = radii[i]
        d = r + gap
        cands = [
            (x, y - d - hh[i]),
            (x, y + d + hh[i]),
            (x + d + hw[i], y),
            (x - d - hw[i], y),
            # the corners: the box's nearest corner at distance d from the centre
            (x + 0.71 * d + hw[i], y - 0.71 * d - hh[i]),
            (x - 0.71 * d - hw[i], y - 0.71 * d - hh[i]),
            (x + 0.71 * d + hw[i], y + 0.71 * d + hh[i]),
            (x - 0.71 * d - hw[i], y + 0.71 * d + hh[i]),
        ]
        if below_only:
            cands = cands[:1]
        best: tuple[float, int] | None = None
        best_c = cands[0]
        for k, (cx, cy) in enumerate(cands):
            cx = min(max(cx, bounds[0] + hw[i]), bounds[2] - hw[i])
            cy = min(max(cy, bounds[1] + hh[i]), bounds[3] - hh[i])
            hit = 0
            for j in placed:
                if (
                    abs(cx - centres[j, 0]) < hw[i] + hw[j] + PAD
                    and abs(cy - centres[j, 1]) < hh[i] + hh[j] + PAD
                ):
                    hit += 1
            mk = (np.abs(cx - anchors[:, 0]) < hw[i] + m_hw + PAD) & (
                np.abs(cy - anchors[:, 1]) < hh[i] + m_hw + PAD
            )
            hit += int(mk.sum())
            score = 10.0 * hit + _crossings((cx, cy, hw[i], hh[i]), segments) + 0.3 * k
            if best is None or score < best[0]:
                best, best_c = (score, k), (cx, cy)
        centres[i] = best_c
        placed.append(i)

    # repel: labels (movable) against labels and markers (fixed), springs back when free
    bx = np.concatenate([centres[:, 0], anchors[:, 0]])
    by = np.concatenate([centres[:, 1], anchors[:, 1]])
    bw = np.concatenate([hw, m_hw])
    bh = np.concatenate([hh, m_hw])
    movable = np.concatenate([np.ones(n, dtype=bool), np.zeros(n, dtype=bool)])
    home = centres.copy()
    count = 0
    for _ in range(iterations):
        mx, my, count = _push(bx, by, bw, bh, movable)
        if not count:
            break
        bx[:n] = _clamp(bx[:n] + mx[:n], hw, bounds[0], bounds[2])
        by[:n] = _clamp(by[:n] + my[:n], hh, bounds[1], bounds[3])
    # pull each label back towards its side of the node while that frees no overlap
    for _ in range(40):
        moved = False
        for i in range(n):
            step = home[i] - (bx[i], by[i])
            if np.hypot(*step) < 0.5:
                continue
            ox, oy = bx[i], by[i]
            bx[i], by[i] = ox + 0.25 * step[0], oy + 0.25 * step[1]
            one = np.zeros(len(bx), dtype=bool)
            one[i] = True
            if _push(bx, by, bw, bh, one)[2]:
                bx[i], by[i] = ox, oy
            else:
                moved = True
        if not moved:
            break
    return np.column_stack([bx[:n], by[:n]]), overlaps(bx, by, bw, bh, movable)


def leader_end(centre: Any, half: Any, node: Any) -> tuple[float, float]:
    """The point of a label box nearest to its node (where a leader line ends)."""
    return (
        float(np.clip(node[0], centre[0] - half[0], centre[0] + half[0])),
        float(np.clip(node[1], centre[1] - half[1], centre[1] + half[1])),
    )


def _free(
    i: int,
    c: tuple[float, float],
    hw: np.ndarray,
    hh: np.ndarray,
    centres: np.ndarray,
    shown: np.ndarray,
    anchors: np.ndarray,
    radii: np.ndarray,
    bounds: Sequence[float],
    reserved: Sequence[Sequence[float]],
) -> bool:
    """Whether label ``i`` centred at ``c`` stays inside ``bounds`` and clear of
    the labels ``shown``, of every marker but its own (as circles), and of the
    ``reserved`` boxes ``(x0, y0, x1, y1)``."""
    x, y = c
    w, h = hw[i], hh[i]
    if x - w < bounds[0] or x + w > bounds[2] or y - h < bounds[1] or y + h > bounds[3]:
        return False
    for x0, y0, x1, y1 in reserved:
        if x + w + PAD > x0 and x - w - PAD < x1 and y + h + PAD > y0 and y - h - PAD < y1:
            return False
    others = shown.copy()
    others[i] = False
    lab = (
        others
        & (np.abs(x - centres[:, 0]) < w + hw + PAD)
        & (np.abs(y - centres[:, 1]) < h + hh + PAD)
    )
    if lab.any():
        return False
    nx = np.clip(anchors[:, 0], x - w, x + w)
    ny = np.clip(anchors[:, 1], y - h, y + h)
    near = np.hypot(nx - anchors[:, 0], ny - anchors[:, 1]) < radii + PAD
    return not near.any()


def settle(
    anchors: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    centres: np.ndarray,
    segments: np.ndarray,
    bounds: Sequence[float],
    priority: np.ndarray,
    *,
    reserved: Sequence[Sequence[float]] = (),
    reach: float = 110.0,
    leader_from: float = 6.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Make every label that is drawn free of the others, or hide it.

    Labels are taken in order of ``priority`` (highest first: the groups that
    matter most keep their label). A free spot lies inside ``bounds``, clear
    of the labels kept so far, of every marker and of the ``reserved`` boxes.
    A label whose spot (from :func:`place`) is free and next to its node
    keeps it; otherwise it takes, among that spot and spots on rings around
    its node (up to ``reach`` pixels from the marker), the free one that
    crosses the fewest edges and lies nearest. A spot more than
    ``leader_from`` pixels from the marker is tied to it by a leader line
    when drawn: it costs more, and its leader may not pass over a kept label
    or another marker. A label with no free spot is hidden. Returns the label
    centres and a mask of the labels shown.

    Examples
    --------
    >>> import numpy as np
    >>> anchors = np.array([[100.0, 100.0], [104.0, 100.0]])
    >>> sizes = np.array([[60.0, 14.0], [60.0, 14.0]])
    >>> centres, shown = settle(
    ...     anchors, np.array([5.0, 5.0]), sizes, anchors - [0, 15],
    ...     np.zeros((0, 4)), (0, 0, 200, 200), np.array([2.0, 1.0]))
    >>> shown.tolist()
    [True, True]
    >>> bool(abs(centres[0, 1] - centres[1, 1]) >= 14 or abs(centres[0, 0] - centres[1, 0]) >= 60)
    True
    """
    n = len(anchors)
    hw, hh = sizes[:, 0] / 2, sizes[:, 1] / 2
    centres = np.asarray(centres, dtype=float).copy()
    shown = np.zeros(n, dtype=bool)
    order = sorted(range(n), key=lambda i: (-float(priority[i]), i))
    angles = np.deg2rad(np.arange(0, 360, 15) - 90.0)  # below first, then round

    def cost(i: int, c: tuple[float, float]) -> float | None:
        """The cost of label ``i`` at ``c`` (None: not free, or its leader is blocked)."""
        if not _free(i, c, hw, hh, centres, shown, anchors, radii, bounds, reserved):
            return None
        x, y = anchors[i]
        end = leader_end(c, (hw[i], hh[i]), (x, y))
        dist = math.hypot(end[0] - x, end[1] - y)
        score = CROSSING * _crossings((c[0], c[1], hw[i], hh[i]), segments) + dist - radii[i]
        if dist > radii[i] + leader_from:
            others = shown.copy()
            others[i] = False
            lab = _hits(x, y, *end, centres[others, 0], centres[others, 1], hw[others], hh[others])
            mk = np.ones(n, dtype=bool)
            mk[i] = False
            mark = _hits(x, y, *end, anchors[mk, 0], anchors[mk, 1], radii[mk], radii[mk])
            if lab.any() or mark.any():
                return None
            score += LEADER
        return score

    # three rounds, each in order of priority: labels whose spot is next to
    # their node and free; then free spots next to the node (no leader); then
    # the rest, leaders allowed. So no leader takes the room of a label that
    # fits beside its own node.
    # by tiers of priority: the top quarter (at least five) is settled first
    top = max(5, n // 4)
    tiers = [order[:top], order[top:]]
    for tier, rnd in ((t, r) for t in tiers for r in range(3)):
        for i in tier:
            if shown[i]:
                continue
            best: tuple[float, float, float] | None = None
            x, y = anchors[i]
            c0 = (float(centres[i, 0]), float(centres[i, 1]))
            s0 = cost(i, c0)
            if s0 is not None:
                if s0 < LEADER:  # next to its node, free: kept
                    shown[i] = True
                    continue
                best = (s0, *c0)
            if rnd == 0:
                continue
            step = max(8.0, float(hh[i]))
            last = min(reach, leader_from) if rnd == 1 else reach
            for ring in np.arange(GAP, last + step, step):
                for a in angles:
                    # the box's edge at distance ``ring`` from the marker, in direction a
                    ux, uy = math.cos(a), math.sin(a)
                    t = min(
                        hw[i] / abs(ux) if abs(ux) > 1e-9 else math.inf,
                        hh[i] / abs(uy) if abs(uy) > 1e-9 else math.inf,
                    )
                    d = radii[i] + ring + t
                    c = (x + d * ux, y + d * uy)
                    score = cost(i, c)
                    if score is not None and (best is None or score < best[0]):
                        best = (score, c[0], c[1])
                if best is not None and best[0] <= ring:  # nothing better further out
                    break
            if best is not None and (rnd == 2 or best[0] < LEADER):
                centres[i] = best[1:]
                shown[i] = True
    return centres, shown
