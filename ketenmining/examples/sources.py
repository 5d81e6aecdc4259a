"""The six exports of the example chain: ids, files, organisations and activity names.

These must match ``examples/midden-brabant/keten.yaml`` exactly (the test
suite checks that every activity name written here is mapped, or ignored, by
that config). Activity codes are indexes into :data:`ACTIVITIES`.
"""

from __future__ import annotations

# Source codes (indexes into the tuples below).
HA, SCH, POL, VT, TT, RVDK = range(6)
MELDERS = (HA, SCH, POL)

SOURCE_IDS = ("huisartsen", "scholen", "politie", "veilig-thuis", "toegang", "raad")
ORGS = ("HA", "SCH", "POL", "VT", "TT", "RvdK")
FILES = (
    "huisartsen.csv",
    "scholen.xlsx",
    "politie.jsonl",
    "veilig-thuis.xes.gz",
    "toegang-tilburg.csv",
    "raad.parquet",
)

# Lifecycle codes.
COMPLETE, START = 0, 1

# Melder activity codes (the same positions for HA, SCH and POL).
SIGNAL, REPORT = 0, 1
# School-only activity codes.
SCH_REPORT_BIJ, SCH_REPORT_AAN, SCH_OVERLEG, SCH_OVERLEG_OUDERS = 2, 3, 4, 5

# Veilig Thuis activity codes.
VT_MELDING, VT_BEOORDELING, VT_ONDERZOEK, VT_OVERDRACHT, VT_VERZOEK_RAAD = 0, 1, 2, 3, 4
VT_HUISBEZOEK, VT_KENNISMAKING, VT_MONITORING, VT_AFSLUITING = 5, 6, 7, 8

# Toegang activity codes.
TT_INTAKE, TT_HUISBEZOEK, TT_STABIEL, TT_TERUG = 0, 1, 2, 3

# Raad activity code.
RVDK_ONDERZOEK = 0

ACTIVITIES: tuple[tuple[str, ...], ...] = (
    ("Signalen in kaart gebracht", "Melding gedaan bij Veilig Thuis"),
    (
        "Zorgsignaal geregistreerd",
        "Melding Veilig Thuis",
        "Melding bij Veilig Thuis",
        "Melding aan Veilig Thuis",
        "Overleg zorgteam (intern)",
        "Overleg zorgteam met ouders",
    ),
    ("Incident geregistreerd", "Zorgmelding opgemaakt"),
    (
        "Melding ontvangen",
        "Veiligheidsbeoordeling",
        "Onderzoek",
        "Overdracht aan Toegang",
        "Verzoek tot onderzoek Raad",
        "Huisbezoek (gezamenlijk)",
        "Kennismakingsgesprek gezin",
        "Monitoring",
        "Afsluiting dossier",
    ),
    (
        "Intake gezin",
        "Huisbezoek",
        "Stabiele veiligheid vastgesteld",
        "Terugverwijzing naar Veilig Thuis",
    ),
    ("Raadsonderzoek",),
)

#: Activity codes that the chain config ignores (internal work, not a chain step).
IGNORED = {SCH: (SCH_OVERLEG, SCH_OVERLEG_OUDERS)}

#: Toegang: hours spent per activity code, written with a decimal comma.
TT_HOURS = ("1,5", "2", "0,5", "0,25")

#: Toegang teams (cp1252 text with an en dash and a diaeresis).
TT_TEAMS = (
    "Wijkteam Reeshof – Noordhoek",
    "Wijkteam Oud-Noord – Piushaven",
    "Gezinscoördinatie Tilburg-Zuid – Stokhasselt",
    "Wijkteam Berkel-Enschot – Udenhout",
    "Wijkteam West – Groenewoud",
)
PILOT, REGULAR = "Verbindend Samenwerken", "Regulier"
#: Toegang's clock runs one hour late: every Toegang timestamp is written this much later.
TT_SKEW_MINUTES = 60


def tt_team(child: int) -> str:
    """The Toegang team of a family (stable per child)."""
    return TT_TEAMS[(child * 2_654_435_761 >> 7) % len(TT_TEAMS)]


#: Veilig Thuis teams (XES ``org:group``, not mapped by the config).
VT_TEAMS = ("Team Voordeur", "Team Onderzoek", "Team Casusregie")

#: Police units (JSON field ``basisteam``, not mapped).
POL_UNITS = ("Basisteam Tilburg-Noord", "Basisteam Tilburg-Zuid", "Basisteam Dongen")

#: Schools (XLSX column ``School``, not mapped).
SCHOOLS = ("OBS De Regenboog", "Kindcentrum Het Startpunt", "Basisschool De Vlindertuin")

#: Raad locations (Parquet column ``vestiging``, not mapped).
RVDK_OFFICES = ("Tilburg", "Breda")
