#!/usr/bin/env python3
"""Regenerate ``countries.json`` (country outlines) from the ``world-atlas`` npm package.

Build-time tool only: the library never runs it and never downloads anything.

Source
------
``world-atlas`` 2.0.2 (npm, ISC licence, by Mike Bostock) is a redistribution of
Natural Earth 4.1.0 "Admin 0 - Countries" (public domain) as quantized TopoJSON at
1:110m, 1:50m and 1:10m. Its countries carry only the Natural Earth ``NAME`` and the
ISO 3166-1 numeric code; the alpha-2 / alpha-3 codes and the ISO names used as
alternate names come from the table ``ISO_3166`` below (taken from Debian's
``iso-codes`` 4.15.0 ``iso_3166-1.json`` and frozen here so the build needs nothing
but Python and the npm tarball).

What it writes
--------------
A plain JSON file (keys sorted, no whitespace, fixed rounding, so the same tarball
gives a byte-identical file)::

    {"meta": {...},
     "countries": {"Afghanistan": {"name": "Afghanistan", "iso_a2": "AF",
                                   "iso_a3": "AFG", "iso_n3": "004",
                                   "alt_names": [...], "bbox": [w, s, e, n],
                                   "scale": "50m", "polygons": [[[lon, lat], ...], ...]},
                   ...}}

* Every Natural Earth 1:10m admin-0 unit is present (255), so tiny states
  (Bahrain, Singapore, Malta...) have a bbox even though 1:110m leaves them out.
* ``polygons`` are outer rings only, closed (first point == last point), largest
  first. Natural Earth's holes are all enclaves of another unit (Lesotho, San
  Marino, Vatican, the Fergana valley enclaves...), which is drawn as its own
  polygon; the build checks that and warns otherwise.
* Geometry (simplification is Douglas-Peucker on the shared TopoJSON arcs, so two
  units drawn from the same scale keep identical borders):

  - ``REGION_50M`` (Afghanistan, Pakistan, Iran, India, the Central Asian states,
    China, Iraq, Syria, and Siachen Glacier): 1:50m, tolerance 0.01 degree,
    3 decimals;
  - their neighbours (every unit sharing a border with them, Russia and Turkey
    included) and ``EXTRA_50M`` (Palestine, Egypt, the Gulf, the Caucasus...):
    1:50m, with their borders with the region as above and their other arcs at
    tolerance 0.05 degree and 2 decimals, islands under 0.01 square degree left out;
  - every other unit: 1:110m as it is, 2 decimals;
  - units that 1:110m leaves out (Bahrain, Singapore, Malta...): 1:50m, or 1:10m for
    the 14 only 1:10m has, tolerance 0.005, 3 decimals. Those 1:10m-only units lying
    inside another unit's coarser outline (Baikonur, Akrotiri, Dhekelia, Gibraltar,
    Guantanamo Bay, the Cyprus buffer zone) keep a bbox but no polygons.

  Where a 1:50m unit meets a 1:110m one the two borders do not quite match. Those
  seams are all far from the region: Russia / Finland, Norway, the Baltic states and
  Poland; Ukraine and Belarus / their western neighbours; Turkey / Greece, Bulgaria;
  Egypt / Libya, Sudan; Thailand / Malaysia; and the micro-states of Europe.
* ``bbox`` is ``[min_lon, min_lat, max_lon, max_lat]`` of the 1:10m geometry (padded
  by half a quantization step, floored / ceiled to 3 decimals) united with the
  drawn polygons, so simplification never shrinks it. Units with parts on both sides
  of the antimeridian (Russia, Fiji, USA, New Zealand, Kiribati...) get the plain
  bbox spanning -180..180 plus ``bbox_wrap``, the tight one with ``w > e``
  (the GeoJSON / RFC 7946 convention).
* Rings that cross the antimeridian are cut at +/-180 (Russia's Chukotka, Fiji,
  Wrangel Island); Antarctica's ring, which encircles the pole, is closed along
  latitude -90.
* Kashmir and other disputed areas follow Natural Earth's default (de facto)
  admin-0 depiction; at 1:50m / 1:10m "Siachen Glacier" is a unit of its own.

Usage
-----
::

    # get the package (any directory; only the tarball is read)
    cd /tmp && npm pack world-atlas@2.0.2
    python make_outlines.py --package /tmp/world-atlas-2.0.2.tgz --out countries.json

Without ``--package`` the script runs ``npm pack world-atlas@2.0.2`` in a temporary
directory itself. Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

PACKAGE = "world-atlas"
PACKAGE_VERSION = "2.0.2"
PACKAGE_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
PACKAGE_LICENSE = "ISC"
NATURAL_EARTH_VERSION = "4.1.0"

#: The region of interest, drawn from 1:50m. "Siachen Glacier" is a unit of its own
#: only at 1:50m / 1:10m; without it India, Pakistan and China would leave a gap.
REGION_50M = (
    "Afghanistan",
    "Pakistan",
    "Iran",
    "India",
    "Tajikistan",
    "Uzbekistan",
    "Turkmenistan",
    "Kyrgyzstan",
    "Kazakhstan",
    "China",
    "Iraq",
    "Syria",
    "Siachen Glacier",
)
#: Douglas-Peucker tolerance (degrees) and decimals of the 1:50m arcs that a
#: REGION_50M unit uses (its coasts and all its borders).
REGION_ARCS = (0.01, 3)
#: The same for the other arcs of the neighbours of REGION_50M. Neighbours (every unit
#: sharing a border with the region: Russia, Turkey, Nepal, Myanmar...) are drawn from
#: 1:50m too, so that their borders with the region match; their far sides are coarser.
NEIGHBOUR_ARCS = (0.05, 2)
#: Drawn like the neighbours, to push the 1:50m / 1:110m seams (where borders drawn at
#: the two scales do not quite meet) away from where events happen: Palestine and Egypt
#: (against Israel and Jordan), the Gulf states, the Caucasus, mainland South-East Asia.
EXTRA_50M = (
    "Palestine",
    "Egypt",
    "Georgia",
    "Yemen",
    "Oman",
    "United Arab Emirates",
    "Qatar",
    "Thailand",
    "Cambodia",
    "South Korea",
    "Ukraine",
    "Belarus",
)
#: Neighbours' islands smaller than this (square degrees) are left out.
NEIGHBOUR_MIN_AREA = 0.01
#: Units that 1:110m leaves out (Bahrain, Singapore...): 1:50m, or 1:10m for the 14
#: that only 1:10m has; lightly simplified.
SMALL_ARCS = (0.005, 3)
#: Everything else: 1:110m as it is, 2 decimals.
WORLD_DECIMALS = 2

# ISO 3166-1 numeric -> alpha-2, alpha-3, names (ISO short name | official | common),
# for the numeric codes world-atlas uses. From Debian iso-codes 4.15.0.
ISO_3166 = """
004 AF AFG Afghanistan|Islamic Republic of Afghanistan
008 AL ALB Albania|Republic of Albania
010 AQ ATA Antarctica
012 DZ DZA Algeria|People's Democratic Republic of Algeria
016 AS ASM American Samoa
020 AD AND Andorra|Principality of Andorra
024 AO AGO Angola|Republic of Angola
028 AG ATG Antigua and Barbuda
031 AZ AZE Azerbaijan|Republic of Azerbaijan
032 AR ARG Argentina|Argentine Republic
036 AU AUS Australia
040 AT AUT Austria|Republic of Austria
044 BS BHS Bahamas|Commonwealth of the Bahamas
048 BH BHR Bahrain|Kingdom of Bahrain
050 BD BGD Bangladesh|People's Republic of Bangladesh
051 AM ARM Armenia|Republic of Armenia
052 BB BRB Barbados
056 BE BEL Belgium|Kingdom of Belgium
060 BM BMU Bermuda
064 BT BTN Bhutan|Kingdom of Bhutan
068 BO BOL Bolivia, Plurinational State of|Plurinational State of Bolivia|Bolivia
070 BA BIH Bosnia and Herzegovina|Republic of Bosnia and Herzegovina
072 BW BWA Botswana|Republic of Botswana
076 BR BRA Brazil|Federative Republic of Brazil
084 BZ BLZ Belize
086 IO IOT British Indian Ocean Territory
090 SB SLB Solomon Islands
092 VG VGB Virgin Islands, British|British Virgin Islands
096 BN BRN Brunei Darussalam
100 BG BGR Bulgaria|Republic of Bulgaria
104 MM MMR Myanmar|Republic of Myanmar
108 BI BDI Burundi|Republic of Burundi
112 BY BLR Belarus|Republic of Belarus
116 KH KHM Cambodia|Kingdom of Cambodia
120 CM CMR Cameroon|Republic of Cameroon
124 CA CAN Canada
132 CV CPV Cabo Verde|Republic of Cabo Verde
136 KY CYM Cayman Islands
140 CF CAF Central African Republic
144 LK LKA Sri Lanka|Democratic Socialist Republic of Sri Lanka
148 TD TCD Chad|Republic of Chad
152 CL CHL Chile|Republic of Chile
156 CN CHN China|People's Republic of China
158 TW TWN Taiwan, Province of China|Taiwan, Province of China|Taiwan
170 CO COL Colombia|Republic of Colombia
174 KM COM Comoros|Union of the Comoros
178 CG COG Congo|Republic of the Congo
180 CD COD Congo, The Democratic Republic of the
184 CK COK Cook Islands
188 CR CRI Costa Rica|Republic of Costa Rica
191 HR HRV Croatia|Republic of Croatia
192 CU CUB Cuba|Republic of Cuba
196 CY CYP Cyprus|Republic of Cyprus
203 CZ CZE Czechia|Czech Republic
204 BJ BEN Benin|Republic of Benin
208 DK DNK Denmark|Kingdom of Denmark
212 DM DMA Dominica|Commonwealth of Dominica
214 DO DOM Dominican Republic
218 EC ECU Ecuador|Republic of Ecuador
222 SV SLV El Salvador|Republic of El Salvador
226 GQ GNQ Equatorial Guinea|Republic of Equatorial Guinea
231 ET ETH Ethiopia|Federal Democratic Republic of Ethiopia
232 ER ERI Eritrea|the State of Eritrea
233 EE EST Estonia|Republic of Estonia
234 FO FRO Faroe Islands
238 FK FLK Falkland Islands (Malvinas)
239 GS SGS South Georgia and the South Sandwich Islands
242 FJ FJI Fiji|Republic of Fiji
246 FI FIN Finland|Republic of Finland
248 AX ALA Åland Islands
250 FR FRA France|French Republic
258 PF PYF French Polynesia
260 TF ATF French Southern Territories
262 DJ DJI Djibouti|Republic of Djibouti
266 GA GAB Gabon|Gabonese Republic
268 GE GEO Georgia
270 GM GMB Gambia|Republic of the Gambia
275 PS PSE Palestine, State of|the State of Palestine
276 DE DEU Germany|Federal Republic of Germany
288 GH GHA Ghana|Republic of Ghana
292 GI GIB Gibraltar
296 KI KIR Kiribati|Republic of Kiribati
300 GR GRC Greece|Hellenic Republic
304 GL GRL Greenland
308 GD GRD Grenada
316 GU GUM Guam
320 GT GTM Guatemala|Republic of Guatemala
324 GN GIN Guinea|Republic of Guinea
328 GY GUY Guyana|Republic of Guyana
332 HT HTI Haiti|Republic of Haiti
334 HM HMD Heard Island and McDonald Islands
336 VA VAT Holy See (Vatican City State)
340 HN HND Honduras|Republic of Honduras
344 HK HKG Hong Kong|Hong Kong Special Administrative Region of China
348 HU HUN Hungary|Hungary
352 IS ISL Iceland|Republic of Iceland
356 IN IND India|Republic of India
360 ID IDN Indonesia|Republic of Indonesia
364 IR IRN Iran, Islamic Republic of|Islamic Republic of Iran|Iran
368 IQ IRQ Iraq|Republic of Iraq
372 IE IRL Ireland
376 IL ISR Israel|State of Israel
380 IT ITA Italy|Italian Republic
384 CI CIV Côte d'Ivoire|Republic of Côte d'Ivoire
388 JM JAM Jamaica
392 JP JPN Japan
398 KZ KAZ Kazakhstan|Republic of Kazakhstan
400 JO JOR Jordan|Hashemite Kingdom of Jordan
404 KE KEN Kenya|Republic of Kenya
408 KP PRK Korea, Democratic People's Republic of|Democratic People's Republic of Korea|North Korea
410 KR KOR Korea, Republic of|South Korea
414 KW KWT Kuwait|State of Kuwait
417 KG KGZ Kyrgyzstan|Kyrgyz Republic
418 LA LAO Lao People's Democratic Republic|Laos
422 LB LBN Lebanon|Lebanese Republic
426 LS LSO Lesotho|Kingdom of Lesotho
428 LV LVA Latvia|Republic of Latvia
430 LR LBR Liberia|Republic of Liberia
434 LY LBY Libya|Libya
438 LI LIE Liechtenstein|Principality of Liechtenstein
440 LT LTU Lithuania|Republic of Lithuania
442 LU LUX Luxembourg|Grand Duchy of Luxembourg
446 MO MAC Macao|Macao Special Administrative Region of China
450 MG MDG Madagascar|Republic of Madagascar
454 MW MWI Malawi|Republic of Malawi
458 MY MYS Malaysia
462 MV MDV Maldives|Republic of Maldives
466 ML MLI Mali|Republic of Mali
470 MT MLT Malta|Republic of Malta
478 MR MRT Mauritania|Islamic Republic of Mauritania
480 MU MUS Mauritius|Republic of Mauritius
484 MX MEX Mexico|United Mexican States
492 MC MCO Monaco|Principality of Monaco
496 MN MNG Mongolia
498 MD MDA Moldova, Republic of|Republic of Moldova|Moldova
499 ME MNE Montenegro|Montenegro
500 MS MSR Montserrat
504 MA MAR Morocco|Kingdom of Morocco
508 MZ MOZ Mozambique|Republic of Mozambique
512 OM OMN Oman|Sultanate of Oman
516 NA NAM Namibia|Republic of Namibia
520 NR NRU Nauru|Republic of Nauru
524 NP NPL Nepal|Federal Democratic Republic of Nepal
528 NL NLD Netherlands|Kingdom of the Netherlands
531 CW CUW Curaçao|Curaçao
533 AW ABW Aruba
534 SX SXM Sint Maarten (Dutch part)|Sint Maarten (Dutch part)
540 NC NCL New Caledonia
548 VU VUT Vanuatu|Republic of Vanuatu
554 NZ NZL New Zealand
558 NI NIC Nicaragua|Republic of Nicaragua
562 NE NER Niger|Republic of the Niger
566 NG NGA Nigeria|Federal Republic of Nigeria
570 NU NIU Niue|Niue
574 NF NFK Norfolk Island
578 NO NOR Norway|Kingdom of Norway
580 MP MNP Northern Mariana Islands|Commonwealth of the Northern Mariana Islands
581 UM UMI United States Minor Outlying Islands
583 FM FSM Micronesia, Federated States of|Federated States of Micronesia
584 MH MHL Marshall Islands|Republic of the Marshall Islands
585 PW PLW Palau|Republic of Palau
586 PK PAK Pakistan|Islamic Republic of Pakistan
591 PA PAN Panama|Republic of Panama
598 PG PNG Papua New Guinea|Independent State of Papua New Guinea
600 PY PRY Paraguay|Republic of Paraguay
604 PE PER Peru|Republic of Peru
608 PH PHL Philippines|Republic of the Philippines
612 PN PCN Pitcairn
616 PL POL Poland|Republic of Poland
620 PT PRT Portugal|Portuguese Republic
624 GW GNB Guinea-Bissau|Republic of Guinea-Bissau
626 TL TLS Timor-Leste|Democratic Republic of Timor-Leste
630 PR PRI Puerto Rico
634 QA QAT Qatar|State of Qatar
642 RO ROU Romania
643 RU RUS Russian Federation
646 RW RWA Rwanda|Rwandese Republic
652 BL BLM Saint Barthélemy
654 SH SHN Saint Helena, Ascension and Tristan da Cunha
659 KN KNA Saint Kitts and Nevis
660 AI AIA Anguilla
662 LC LCA Saint Lucia
663 MF MAF Saint Martin (French part)
666 PM SPM Saint Pierre and Miquelon
670 VC VCT Saint Vincent and the Grenadines
674 SM SMR San Marino|Republic of San Marino
678 ST STP Sao Tome and Principe|Democratic Republic of Sao Tome and Principe
682 SA SAU Saudi Arabia|Kingdom of Saudi Arabia
686 SN SEN Senegal|Republic of Senegal
688 RS SRB Serbia|Republic of Serbia
690 SC SYC Seychelles|Republic of Seychelles
694 SL SLE Sierra Leone|Republic of Sierra Leone
702 SG SGP Singapore|Republic of Singapore
703 SK SVK Slovakia|Slovak Republic
704 VN VNM Viet Nam|Socialist Republic of Viet Nam|Vietnam
705 SI SVN Slovenia|Republic of Slovenia
706 SO SOM Somalia|Federal Republic of Somalia
710 ZA ZAF South Africa|Republic of South Africa
716 ZW ZWE Zimbabwe|Republic of Zimbabwe
724 ES ESP Spain|Kingdom of Spain
728 SS SSD South Sudan|Republic of South Sudan
729 SD SDN Sudan|Republic of the Sudan
732 EH ESH Western Sahara
740 SR SUR Suriname|Republic of Suriname
748 SZ SWZ Eswatini|Kingdom of Eswatini
752 SE SWE Sweden|Kingdom of Sweden
756 CH CHE Switzerland|Swiss Confederation
760 SY SYR Syrian Arab Republic|Syria
762 TJ TJK Tajikistan|Republic of Tajikistan
764 TH THA Thailand|Kingdom of Thailand
768 TG TGO Togo|Togolese Republic
776 TO TON Tonga|Kingdom of Tonga
780 TT TTO Trinidad and Tobago|Republic of Trinidad and Tobago
784 AE ARE United Arab Emirates
788 TN TUN Tunisia|Republic of Tunisia
792 TR TUR Türkiye|Republic of Türkiye
795 TM TKM Turkmenistan
796 TC TCA Turks and Caicos Islands
798 TV TUV Tuvalu
800 UG UGA Uganda|Republic of Uganda
804 UA UKR Ukraine
807 MK MKD North Macedonia|Republic of North Macedonia
818 EG EGY Egypt|Arab Republic of Egypt
826 GB GBR United Kingdom|United Kingdom of Great Britain and Northern Ireland
831 GG GGY Guernsey
832 JE JEY Jersey
833 IM IMN Isle of Man
834 TZ TZA Tanzania, United Republic of|United Republic of Tanzania|Tanzania
840 US USA United States|United States of America
850 VI VIR Virgin Islands, U.S.|Virgin Islands of the United States
854 BF BFA Burkina Faso
858 UY URY Uruguay|Eastern Republic of Uruguay
860 UZ UZB Uzbekistan|Republic of Uzbekistan
862 VE VEN Venezuela, Bolivarian Republic of|Bolivarian Republic of Venezuela|Venezuela
876 WF WLF Wallis and Futuna
882 WS WSM Samoa|Independent State of Samoa
887 YE YEM Yemen|Republic of Yemen
894 ZM ZMB Zambia|Republic of Zambia
"""

#: NE names whose world-atlas numeric code belongs to another unit: no ISO codes.
NO_ISO = frozenset({"Ashmore and Cartier Is."})
#: Units without an ISO 3166-1 numeric code but with a code in common use.
EXTRA_ISO = {"Kosovo": ("XK", "XKX")}

#: Alternate names as event data sets (ACLED, UCDP, GTD, ...) and people write them.
#: Matching is case-, accent- and punctuation-insensitive (see ``normalise``), so
#: only genuinely different spellings are listed.
ALT_NAMES: dict[str, list[str]] = {
    "Afghanistan": ["Islamic Emirate of Afghanistan"],
    "Antigua and Barb.": ["Antigua and Barbuda", "Antigua"],
    "Bahamas": ["The Bahamas"],
    "Bosnia and Herz.": ["Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia"],
    "Br. Indian Ocean Ter.": ["British Indian Ocean Territory", "Chagos Islands"],
    "British Virgin Is.": ["British Virgin Islands"],
    "Brunei": ["Brunei Darussalam"],
    "Cabo Verde": ["Cape Verde"],
    "Cambodia": ["Kampuchea", "Cambodia (Kampuchea)"],
    "Cayman Is.": ["Cayman Islands"],
    "Central African Rep.": ["Central African Republic", "CAR"],
    "Congo": [
        "Republic of Congo",
        "Congo-Brazzaville",
        "Congo Brazzaville",
        "Congo (Brazzaville)",
        "Congo, Rep.",
        "Congo Republic",
    ],
    "Cook Is.": ["Cook Islands"],
    "Cyprus U.N. Buffer Zone": ["UN Buffer Zone in Cyprus"],
    "Czechia": ["Czech Republic"],
    "Côte d'Ivoire": ["Ivory Coast"],
    "Dem. Rep. Congo": [
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "DR Congo",
        "DRC",
        "Congo-Kinshasa",
        "Congo Kinshasa",
        "Congo (Kinshasa)",
        "Congo, Dem. Rep.",
        "Zaire",
        "DR Congo (Zaire)",
    ],
    "Dominican Rep.": ["Dominican Republic"],
    "Eq. Guinea": ["Equatorial Guinea"],
    "Faeroe Is.": ["Faroe Islands", "Faeroe Islands"],
    "Falkland Is.": ["Falkland Islands", "Falklands", "Islas Malvinas", "Malvinas"],
    "Fr. Polynesia": ["French Polynesia"],
    "Fr. S. Antarctic Lands": [
        "French Southern and Antarctic Lands",
        "French Southern Territories",
    ],
    "Gambia": ["The Gambia"],
    "Heard I. and McDonald Is.": ["Heard Island and McDonald Islands"],
    "Hong Kong": ["Hong Kong SAR", "Hong Kong, China"],
    "Indian Ocean Ter.": [
        "Australian Indian Ocean Territories",
        "Christmas Island",
        "Cocos (Keeling) Islands",
    ],
    "Iran": ["Iran (Islamic Republic of)", "Persia"],
    "Kyrgyzstan": ["Kyrgyz Republic", "Kirghizia", "Kirgizstan"],
    "Laos": ["Lao PDR", "Lao People's Democratic Republic", "Lao"],
    "Macao": ["Macau", "Macao SAR", "Macau SAR"],
    "Macedonia": [
        "North Macedonia",
        "Republic of North Macedonia",
        "FYROM",
        "Former Yugoslav Republic of Macedonia",
        "Macedonia, FYR",
    ],
    "Madagascar": ["Madagascar (Malagasy)", "Malagasy Republic"],
    "Marshall Is.": ["Marshall Islands"],
    "Micronesia": ["Federated States of Micronesia", "Micronesia (Federated States of)"],
    "Moldova": ["Republic of Moldova", "Moldova, Republic of"],
    "Myanmar": ["Burma", "Myanmar (Burma)"],
    "N. Cyprus": ["Northern Cyprus", "Turkish Republic of Northern Cyprus", "TRNC"],
    "N. Mariana Is.": ["Northern Mariana Islands"],
    "North Korea": ["Korea, North", "DPRK", "Korea DPR"],
    "Palestine": [
        "State of Palestine",
        "Palestinian Territories",
        "Palestinian Territory",
        "Occupied Palestinian Territory",
        "West Bank and Gaza",
        "West Bank and Gaza Strip",
        "West Bank",
        "Gaza",
        "Gaza Strip",
    ],
    "Pitcairn Is.": ["Pitcairn Islands", "Pitcairn"],
    "Russia": ["Russian Federation", "Russia (Soviet Union)"],
    "S. Geo. and the Is.": ["South Georgia and the South Sandwich Islands", "South Georgia"],
    "S. Sudan": ["South Sudan", "Republic of South Sudan"],
    "Saint Helena": ["St. Helena", "Saint Helena, Ascension and Tristan da Cunha"],
    "Saint Lucia": ["St. Lucia"],
    "Serbia": ["Serbia (Yugoslavia)"],
    "Solomon Is.": ["Solomon Islands"],
    "South Korea": ["Korea, South", "Republic of Korea", "ROK"],
    "Sri Lanka": ["Ceylon"],
    "St-Barthélemy": ["Saint Barthélemy", "Saint-Barthélemy", "St. Barthélemy"],
    "St-Martin": ["Saint Martin", "Saint-Martin", "Saint Martin (French part)"],
    "St. Kitts and Nevis": ["Saint Kitts and Nevis"],
    "St. Pierre and Miquelon": ["Saint Pierre and Miquelon"],
    "St. Vin. and Gren.": ["Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "Syria": ["Syrian Arab Republic", "Syrian Republic"],
    "São Tomé and Principe": ["Sao Tome and Principe", "São Tomé and Príncipe"],
    "Taiwan": ["Republic of China", "Taiwan, Province of China", "Chinese Taipei"],
    "Tanzania": ["United Republic of Tanzania"],
    "Timor-Leste": ["East Timor"],
    "Turkey": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "Turks and Caicos Is.": ["Turks and Caicos Islands"],
    "U.S. Minor Outlying Is.": ["United States Minor Outlying Islands"],
    "U.S. Virgin Is.": ["U.S. Virgin Islands", "US Virgin Islands", "United States Virgin Islands"],
    "United Kingdom": [
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "United Kingdom of Great Britain and Northern Ireland",
    ],
    "United States of America": ["United States", "USA", "U.S.A.", "U.S.", "America"],
    "Vatican": ["Vatican City", "Holy See", "Holy See (Vatican City State)"],
    "Venezuela": ["Venezuela (Bolivarian Republic of)"],
    "Vietnam": ["Viet Nam", "Socialist Republic of Vietnam"],
    "W. Sahara": ["Western Sahara", "Sahrawi Arab Democratic Republic"],
    "Wallis and Futuna Is.": ["Wallis and Futuna"],
    "Yemen": ["Yemen (North Yemen)", "Republic of Yemen"],
    "Zimbabwe": ["Rhodesia", "Zimbabwe (Rhodesia)"],
    "eSwatini": ["Eswatini", "Swaziland", "Kingdom of Eswatini"],
    "Åland": ["Aland Islands", "Åland Islands"],
    "Bolivia": ["Bolivia (Plurinational State of)"],
    "Burkina Faso": ["Upper Volta"],
    "Benin": ["Dahomey"],
}


def normalise(text: str) -> str:
    """Matching key: casefolded, accents stripped, punctuation to spaces, no leading "the".

    ``militnet/plot/_outlines.py`` uses the same rule at run time.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def iso_variants(name: str) -> list[str]:
    """``"Iran, Islamic Republic of"`` -> also ``"Islamic Republic of Iran"``, ``"Iran (...)"``."""
    head, sep, tail = name.partition(", ")
    if not sep:
        return [name]
    return [name, f"{tail} {head}", f"{head} ({tail})"]


# ----------------------------------------------------------------------------- TopoJSON


def read_package(tgz: Path) -> dict[str, Any]:
    """The three ``countries-*.json`` topologies from the npm tarball."""
    out = {}
    with tarfile.open(tgz, "r:gz") as tar:
        for scale in ("110m", "50m", "10m"):
            member = tar.extractfile(f"package/countries-{scale}.json")
            assert member is not None
            out[scale] = json.load(member)
    return out


ArcPolicy = Callable[[int], tuple[float, int]]


def exact(decimals: int) -> ArcPolicy:
    """Arc policy: no simplification, ``decimals`` kept."""
    return lambda _arc: (0.0, decimals)


class Topology:
    """Decoded arcs and country geometries of one world-atlas topology.

    Arcs are simplified and rounded one by one (``policy(arc) -> (tolerance,
    decimals)``) before rings are assembled from them, so two units sharing a
    border always get the very same points for it.
    """

    def __init__(self, topo: dict[str, Any]):
        (self.sx, self.sy), (self.tx, self.ty) = (
            topo["transform"]["scale"],
            topo["transform"]["translate"],
        )
        self.raw_arcs = topo["arcs"]
        self.geometries = {
            g["properties"]["name"]: g for g in topo["objects"]["countries"]["geometries"]
        }

    def arc_ids(self, name: str) -> set[int]:
        """Indices (non-negative) of the arcs that unit ``name`` uses."""
        return {i if i >= 0 else ~i for poly in self._polys(name) for ring in poly for i in ring}

    def islands(self, name: str) -> list[bool]:
        """Per polygon of ``name``: does its outer ring share no arc with another unit?"""
        if not hasattr(self, "_uses"):
            self._uses: dict[int, int] = {}
            for other in self.geometries:
                for i in self.arc_ids(other):
                    self._uses[i] = self._uses.get(i, 0) + 1
        return [
            all(self._uses[i if i >= 0 else ~i] == 1 for i in poly[0]) for poly in self._polys(name)
        ]

    def _polys(self, name: str) -> list[list[list[int]]]:
        geom = self.geometries[name]
        return geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]

    def arc(self, index: int, policy: ArcPolicy) -> Ring:
        """Arc ``index`` (negative: reversed, TopoJSON's ``~i``) in lon/lat."""
        i = index if index >= 0 else ~index
        tolerance, decimals = policy(i)
        x = y = 0
        pts = []
        for dx, dy in self.raw_arcs[i]:
            x += dx
            y += dy
            pts.append((x * self.sx + self.tx, y * self.sy + self.ty))
        pts = unwrap(pts)
        if tolerance > 0:
            pts = douglas_peucker(pts, tolerance)
        pts = [(round(px, decimals) + 0.0, round(py, decimals) + 0.0) for px, py in pts]
        return pts if index >= 0 else pts[::-1]

    def polygons(self, name: str, policy: ArcPolicy) -> list[list[Ring]]:
        """Polygons (outer ring, holes...) of unit ``name``, rings closed."""
        out = []
        for poly in self._polys(name):
            rings = []
            for arc_ids in poly:
                ring: Ring = []
                for i in arc_ids:
                    pts = self.arc(i, policy)
                    ring.extend(pts if not ring else pts[1:])
                rings.append(ring)
            out.append(rings)
        return out


def unwrap(pts: Ring) -> Ring:
    """Shift longitudes by multiples of 360 so that no step is longer than 180 degrees."""
    out = [pts[0]]
    shift = 0.0
    for (x0, _), (x1, y1) in itertools.pairwise(pts):
        if x1 - x0 > 180:
            shift -= 360
        elif x0 - x1 > 180:
            shift += 360
        out.append((x1 + shift, y1))
    return out


def douglas_peucker(pts: Ring, tol: float) -> Ring:
    """Douglas-Peucker simplification keeping both end points (iterative, deterministic)."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    forced = 0
    if pts[0] == pts[-1]:  # a closed arc (island, exclave): keep at least a quadrilateral
        far = max(range(1, n - 1), key=lambda i: (math.dist(pts[0], pts[i]), -i))
        keep[far] = True
        stack = [(0, far), (far, n - 1)]
        forced = 2
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / norm
            if d > best:
                best, index = d, i
        if index > 0 and (best > tol or forced):
            forced = max(0, forced - 1)
            keep[index] = True
            stack.append((a, index))
            stack.append((index, b))
    return [p for p, k in zip(pts, keep, strict=True) if k]


# ----------------------------------------------------------------------------- antimeridian


def clip_x(ring: Ring, lo: float, hi: float) -> Ring:
    """Sutherland-Hodgman clip of a closed ring to ``lo <= x <= hi``."""

    def clip(pts: Ring, inside: Any, cut: float) -> Ring:
        out: Ring = []
        if not pts:
            return out
        prev = pts[-1]
        for cur in pts:
            cin, pin = inside(cur[0]), inside(prev[0])
            if cin != pin:
                t = (cut - prev[0]) / (cur[0] - prev[0])
                out.append((cut, prev[1] + t * (cur[1] - prev[1])))
            if cin:
                out.append(cur)
            prev = cur
        return out

    pts = ring[:-1] if ring[0] == ring[-1] else list(ring)
    pts = clip(pts, lambda x: x >= lo, lo)
    pts = clip(pts, lambda x: x <= hi, hi)
    return [*pts, pts[0]] if pts else []


def split_antimeridian(ring: Ring) -> list[Ring]:
    """Cut a ring at +/-180 into rings inside [-180, 180]; close polar rings at the pole."""
    pts = unwrap(ring)
    if abs(pts[-1][0] - pts[0][0]) > 180:  # encircles a pole: close along it
        pole = -90.0 if sum(p[1] for p in pts) < 0 else 90.0
        pts = [*pts, (pts[-1][0], pole), (pts[0][0], pole), pts[0]]
    xs = [p[0] for p in pts]
    lo, hi = min(xs), max(xs)
    if lo >= -180 and hi <= 180:
        return [pts]
    out = []
    for k in range(math.floor((lo + 180) / 360), math.ceil((hi - 180) / 360) + 1):
        piece = clip_x(pts, -180 + 360 * k, 180 + 360 * k)
        if len(piece) >= 4:
            out.append([(x - 360 * k, y) for x, y in piece])
    return out


# ----------------------------------------------------------------------------- rings


def ring_area(ring: Ring) -> float:
    """Signed planar area (shoelace), in square degrees."""
    return 0.5 * sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))


def round_ring(ring: Ring, decimals: int) -> Ring | None:
    """Round, drop repeated points; ``None`` if fewer than 3 distinct points remain."""
    out: Ring = []
    for x, y in ring:
        p = (round(x, decimals) + 0.0, round(y, decimals) + 0.0)  # + 0.0: no -0.0
        if not out or p != out[-1]:
            out.append(p)
    if out[0] != out[-1]:
        out.append(out[0])
    if len(out) < 4 or ring_area(out) == 0:
        return None
    return out


def point_in_ring(x: float, y: float, ring: Ring) -> bool:
    """Even-odd ray casting."""
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def wrap_bbox(lons: list[float]) -> tuple[float, float] | None:
    """Tight west/east over the antimeridian, if that is narrower than min..max."""
    xs = sorted(set(lons))
    gaps = [(xs[i + 1] - xs[i], i) for i in range(len(xs) - 1)]
    if not gaps:
        return None
    widest, i = max(gaps)
    wrap_gap = xs[0] + 360 - xs[-1]
    if widest <= wrap_gap or widest < 30:  # min..max is already the tight interval
        return None
    return xs[i + 1], xs[i]  # west (east of the gap) > east


# ----------------------------------------------------------------------------- build


def iso_table() -> dict[str, tuple[str, str, list[str]]]:
    """numeric -> (alpha-2, alpha-3, ISO names)."""
    out = {}
    for line in ISO_3166.strip().splitlines():
        num, a2, a3, names = line.split(" ", 3)
        out[num] = (a2, a3, names.split("|"))
    return out


def outer_rings(polys: list[list[Ring]], min_areas: list[float] | None = None) -> list[Ring]:
    """Outer rings of ``polys``, cut at the antimeridian, deduplicated, largest first.

    Polygon ``i`` is left out if smaller than ``min_areas[i]`` square degrees.
    """
    out = []
    for poly, min_area in zip(polys, min_areas or [0.0] * len(polys), strict=True):
        for piece in split_antimeridian(poly[0]):
            r = round_ring(piece, 3)
            if r is not None and abs(ring_area(r)) >= min_area:
                out.append(r)
    out.sort(key=lambda r: (-abs(ring_area(r)), r[0]))
    return out


def choose_geometry(
    topos: dict[str, Topology],
) -> dict[str, tuple[str, list[list[Ring]], list[float] | None]]:
    """name -> (scale, polygons, smallest area kept per polygon) for every 1:10m unit.

    Only a neighbour's islands (polygons sharing no border) may be left out: an
    exclave is always kept, as it fills another unit's hole.
    """
    t50 = topos["50m"]
    region_arcs = set().union(*(t50.arc_ids(n) for n in REGION_50M))
    neighbours = {
        n for n in t50.geometries if n not in REGION_50M and t50.arc_ids(n) & region_arcs
    } | set(EXTRA_50M)

    def policy50(arc: int) -> tuple[float, int]:
        return REGION_ARCS if arc in region_arcs else NEIGHBOUR_ARCS

    out: dict[str, tuple[str, list[list[Ring]], list[float] | None]] = {}
    for name in sorted(topos["10m"].geometries):
        if name in REGION_50M:
            out[name] = ("50m", t50.polygons(name, policy50), None)
        elif name in neighbours:
            min_areas = [NEIGHBOUR_MIN_AREA if island else 0.0 for island in t50.islands(name)]
            out[name] = ("50m", t50.polygons(name, policy50), min_areas)
        elif name in topos["110m"].geometries:
            out[name] = ("110m", topos["110m"].polygons(name, exact(WORLD_DECIMALS)), None)
        else:
            scale = "50m" if name in t50.geometries else "10m"
            out[name] = (scale, topos[scale].polygons(name, lambda _a: SMALL_ARCS), None)
    return out


def build(tgz: Path) -> dict[str, Any]:
    """The ``countries.json`` document."""
    topos = {scale: Topology(t) for scale, t in read_package(tgz).items()}
    iso = iso_table()
    countries: dict[str, dict[str, Any]] = {}
    holes: list[tuple[str, Ring]] = []
    t10 = topos["10m"]
    for name, (scale, polys, min_areas) in choose_geometry(topos).items():
        rings = outer_rings(polys, min_areas)
        if not rings:  # simplified away: take the unit's geometry as it is
            rings = outer_rings(topos[scale].polygons(name, exact(3)))
        if not rings:
            raise SystemExit(f"{name}: no ring survives rounding")
        holes += [(name, h) for poly in polys for h in poly[1:]]

        # bbox: 1:10m geometry padded by half a quantization step, plus the drawn rings
        fine = [
            p
            for poly in t10.polygons(name, exact(6))
            for piece in split_antimeridian(poly[0])
            for p in piece
        ]
        lons = [p[0] for p in fine] + [p[0] for r in rings for p in r]
        lats = [p[1] for p in fine] + [p[1] for r in rings for p in r]
        hx, hy = t10.sx / 2, t10.sy / 2
        bbox = [
            max(-180.0, math.floor((min(lons) - hx) * 1000) / 1000),
            max(-90.0, math.floor((min(lats) - hy) * 1000) / 1000),
            min(180.0, math.ceil((max(lons) + hx) * 1000) / 1000),
            min(90.0, math.ceil((max(lats) + hy) * 1000) / 1000),
        ]

        num = t10.geometries[name].get("id")
        a2 = a3 = None
        alts: list[str] = list(ALT_NAMES.get(name, []))
        if num and name not in NO_ISO:
            a2, a3, iso_names = iso[num]
            alts += [v for n in iso_names for v in iso_variants(n)]
        else:
            num = None
        if name in EXTRA_ISO:
            a2, a3 = EXTRA_ISO[name]
        seen = {normalise(name)}
        alt_names = []
        for alt in alts:
            key = normalise(alt)
            if key not in seen:
                seen.add(key)
                alt_names.append(alt)

        rec: dict[str, Any] = {
            "name": name,
            "iso_a2": a2,
            "iso_a3": a3,
            "iso_n3": num,
            "alt_names": sorted(alt_names),
            "bbox": bbox,
            "scale": scale,
            "polygons": rings,
        }
        wrapped = wrap_bbox(lons)
        if wrapped is not None:
            west = math.floor((wrapped[0] - hx) * 1000) / 1000
            east = math.ceil((wrapped[1] + hx) * 1000) / 1000
            rec["bbox_wrap"] = [west, bbox[1], east, bbox[3]]
        countries[name] = rec

    covered = drop_covered(countries)
    check_unique_keys(countries)
    check_holes(countries, holes)
    missing = set(ALT_NAMES) - set(countries)
    if missing:
        raise SystemExit(f"ALT_NAMES for unknown units: {sorted(missing)}")
    by_scale = {
        s: sorted(n for n, c in countries.items() if c["scale"] == s) for s in ("50m", "10m")
    }
    meta = {
        "source": f"{PACKAGE} {PACKAGE_VERSION} (npm, {PACKAGE_LICENSE} licence), "
        f"sha256 {PACKAGE_SHA256}",
        "data": f"Natural Earth {NATURAL_EARTH_VERSION} Admin 0 - Countries "
        "(public domain), naturalearthdata.com. Made with Natural Earth.",
        "geometry": {
            "110m": "every unit not listed below",
            "50m": by_scale["50m"],
            "10m": by_scale["10m"],
            "region": list(REGION_50M),
        },
        "disputed": "Natural Earth's default (de facto) admin-0 depiction, e.g. of Kashmir",
        "polygons": "outer rings only, closed, [lon, lat], largest first; empty for "
        "1:10m-only units lying inside another unit's coarser outline: " + ", ".join(covered),
        "bbox": "[min_lon, min_lat, max_lon, max_lat] from 1:10m; "
        "bbox_wrap (across the antimeridian) has min_lon > max_lon",
        "generator": "make_outlines.py",
    }
    return {"meta": meta, "countries": countries}


def drop_covered(countries: dict[str, dict[str, Any]]) -> list[str]:
    """Empty the polygons of 1:10m-only units drawn over another unit; return their names.

    Baikonur, the Cyprus buffer zone, Akrotiri, Dhekelia, Guantanamo Bay... are
    holes of their host only at 1:10m; drawn over a 1:50m / 1:110m host they would
    look like artefacts. They keep their bbox.
    """
    out = []
    for name, rec in countries.items():
        if rec["scale"] != "10m":
            continue
        x, y = hole_point(rec["polygons"][0])
        if any(
            point_in_ring(x, y, r)
            for o in countries.values()
            if o["scale"] != "10m"
            for r in o["polygons"]
        ):
            rec["polygons"] = []
            out.append(name)
    return out


def check_unique_keys(countries: dict[str, dict[str, Any]]) -> None:
    """Every name, code and alternate name must point at one unit only."""
    owner: dict[str, str] = {}
    for name, rec in countries.items():
        keys = {
            normalise(k)
            for k in [name, *rec["alt_names"], rec["iso_a2"] or "", rec["iso_a3"] or ""]
            if k
        }
        for key in keys:
            if owner.setdefault(key, name) != name:
                raise SystemExit(f"{key!r} matches both {owner[key]} and {name}")


def check_holes(countries: dict[str, dict[str, Any]], holes: list[tuple[str, Ring]]) -> None:
    """Warn about a dropped hole that no other unit fills (it would be painted over)."""
    for name, hole in holes:
        x, y = hole_point(hole)
        filled = [
            n
            for n, rec in countries.items()
            if n != name and any(point_in_ring(x, y, r) for r in rec["polygons"])
        ]
        if not filled:
            print(
                f"warning: hole of {name} at {x:.3f},{y:.3f} is not another unit", file=sys.stderr
            )


def hole_point(ring: Ring) -> Point:
    """A point inside ``ring``: middle of the widest horizontal chord at mid height."""
    ys = [p[1] for p in ring]
    y = (min(ys) + max(ys)) / 2 + 1e-9
    xs = sorted(
        x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in itertools.pairwise(ring)
        if (y0 > y) != (y1 > y)
    )
    pairs = [(xs[i + 1] - xs[i], xs[i]) for i in range(0, len(xs) - 1, 2)]
    width, x = max(pairs)
    return x + width / 2, y


def fetch_package(workdir: Path) -> Path:
    """``npm pack world-atlas@VERSION`` into ``workdir``; path of the tarball."""
    subprocess.run(
        ["npm", "pack", "--loglevel=error", f"{PACKAGE}@{PACKAGE_VERSION}"],
        cwd=workdir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return workdir / f"{PACKAGE}-{PACKAGE_VERSION}.tgz"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--package", type=Path, help=f"{PACKAGE}-{PACKAGE_VERSION}.tgz (default: npm pack it)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "militnet" / "_core" / "countries.json",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tgz = args.package or fetch_package(Path(tmp))
        digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
        if digest != PACKAGE_SHA256:
            print(f"warning: {tgz} has sha256 {digest}, expected {PACKAGE_SHA256}", file=sys.stderr)
        doc = build(tgz)
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(doc['countries'])} units)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
