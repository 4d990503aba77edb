"""Which web sites count as official sources: government sites and the sites of the
bodies that run the schemes (for the two private funds, their own sites). Every record
needs at least one source on one of them (a data test checks the shipped catalogue)."""

from __future__ import annotations

OFFICIAL_DOMAINS = (
    "gov.hk",
    "hkpc.org",
    "cyberport.hk",
    "hkstp.org",
    "hkmc.com.hk",
    "cic.hk",
    "hkfyg.org.hk",
    "istartup.hk",  # Cyberport's portal for its start-up schemes
    "recyclingfund.hk",  # the Recycling Fund's own site (EPD, HKPC secretariat)
    "cleanerproduction.hk",  # the CPPP's own site (EPD, HKPC)
    "alizila.com",
    "hkxtech.com",
)


def is_official(url: str) -> bool:
    host = url.split("/")[2] if "//" in url else url
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)
