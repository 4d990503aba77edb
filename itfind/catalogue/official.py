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
    "alizila.com",
    "hkxtech.com",
)


def is_official(url: str) -> bool:
    host = url.split("/")[2] if "//" in url else url
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)
