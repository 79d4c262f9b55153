"""Figures with matplotlib: the network on a day, a timeline of groups, series of
measures, the lifecycle of communities.

They share the visual language of the interactive HTML view (relation types
by colour, dash and arrow; confidence by opacity; see
:mod:`militnet._views.style`). Each function draws on an ``ax`` if given, or on a
new figure, and returns the axes; layouts are seeded, so the same call gives
the same figure. :func:`save` writes PNG, SVG or PDF without timestamps, so
the same figure gives the same bytes.

``import militnet`` does not import matplotlib; this module does.

Examples
--------
>>> import militnet, militnet.plot
>>> net = militnet.load_dataset("afpak")
>>> ax = militnet.plot.timeline(net, groups=["TTP", "Jamaat-ul-Ahrar", "Hizb-ul-Ahrar"])
>>> [t.get_text() for t in ax.get_yticklabels()][:1]
['Tehrik-i-Taliban Pakistan']
"""

from militnet.plot._common import save
from militnet.plot._lifecycle import lifecycle
from militnet.plot._map import map
from militnet.plot._network import network
from militnet.plot._series import series
from militnet.plot._timeline import timeline

__all__ = ["lifecycle", "map", "network", "save", "series", "timeline"]

# argument types checked at the call (ArgumentError naming the argument, not a raw
# TypeError inside matplotlib): militnet._core.arguments
from militnet._core.arguments import checked as _checked

for _name in __all__:
    globals()[_name] = _checked(globals()[_name])
del _name
