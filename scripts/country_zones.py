#!/usr/bin/env python3
"""Writes assets/country_zones.csv: for every ISO 3166-1 country, its IANA time zones, read
from the tz database's zone.tab (python3 scripts/country_zones.py [path/to/zone.tab]); the
first is the zone of its main population centre: the one named in CHOSEN, or zone.tab's first.
The two uninhabited islands zone.tab leaves out take the nearest zone."""

import sys

CHOSEN = {
    "AQ": "Antarctica/McMurdo", "AR": "America/Argentina/Buenos_Aires", "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo", "CA": "America/Toronto", "CD": "Africa/Kinshasa",
    "CL": "America/Santiago", "CN": "Asia/Shanghai", "CY": "Asia/Nicosia", "DE": "Europe/Berlin",
    "EC": "America/Guayaquil", "ES": "Europe/Madrid", "FM": "Pacific/Pohnpei",
    "GL": "America/Nuuk", "ID": "Asia/Jakarta", "KI": "Pacific/Tarawa", "KZ": "Asia/Almaty",
    "MH": "Pacific/Majuro", "MN": "Asia/Ulaanbaatar", "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "PF": "Pacific/Tahiti",
    "PG": "Pacific/Port_Moresby", "PS": "Asia/Gaza", "PT": "Europe/Lisbon", "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv", "UM": "Pacific/Midway", "US": "America/New_York",
    "UZ": "Asia/Tashkent",
    # Not in zone.tab: Bouvet Island and Heard Island take their nearest neighbours' zones.
    "BV": "Africa/Johannesburg", "HM": "Indian/Kerguelen",
}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/zoneinfo/zone.tab"
    zones = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#"):
            continue
        code, _, zone = line.rstrip("\n").split("\t")[:3]
        zones.setdefault(code, []).append(zone)
    for code, main in CHOSEN.items():
        others = [z for z in zones.get(code, []) if z != main]
        zones[code] = [main] + others
    with open("assets/country_zones.csv", "w", encoding="utf-8") as out:
        out.write("code,zones\n")
        for code in sorted(zones):
            out.write(f"{code},{' '.join(zones[code])}\n")


if __name__ == "__main__":
    main()
