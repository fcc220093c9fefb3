"""Reads for sponsorship (đỡ đầu): figures for an area and a sponsor's communes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from criteria.models import Assessment
from criteria.queries import level_rank
from sponsorship.models import Sponsorship
from units.models import Unit


def active_in(year: int) -> Q:
    """Sponsorships running in the year."""
    return Q(start_year__lte=year) & (Q(end_year__isnull=True) | Q(end_year__gte=year))


def sponsorships_in(area: Unit, year: int) -> QuerySet[Sponsorship]:
    """Sponsorships running in the year, seen from an area.

    A Party area counts what its organisations sponsor ("51 đảng bộ, chi bộ trực thuộc
    Đảng bộ Khối đỡ đầu 73 xã"); an administrative area counts the help its communes get.
    """
    if area.tree == Unit.Tree.PARTY:
        side = Q(sponsor__path__startswith=area.path)
    else:
        side = Q(commune__path__startswith=area.path)
    return (
        Sponsorship.objects.filter(side, active_in(year))
        .select_related("sponsor", "commune")
        .order_by("commune__path", "start_year", "pk")
    )


@dataclass(frozen=True)
class Figures:
    sponsors: int  # organisations and agencies sponsoring at least one commune
    communes: int  # communes sponsored by at least one of them


def figures(area: Unit, year: int) -> Figures:
    """How many organisations sponsor how many communes in the year, within an area."""
    sponsors: set[tuple[str, str]] = set()
    communes: set[int] = set()
    for sponsor_id, sponsor_name, commune_id in sponsorships_in(area, year).values_list(
        "sponsor_id", "sponsor_name", "commune_id"
    ):
        # Free-text agencies are told apart by name, ignoring case and spacing.
        key = (
            ("unit", str(sponsor_id))
            if sponsor_id
            else ("name", " ".join(sponsor_name.lower().split()))
        )
        sponsors.add(key)
        communes.add(commune_id)
    return Figures(sponsors=len(sponsors), communes=len(communes))


@dataclass(frozen=True)
class SponsoredCommune:
    sponsorship: Sponsorship
    commune: Unit
    # The commune's newest stored Assessment up to the year (highest NTM level that year),
    # or None when criteria have not been assessed for it.
    assessment: Assessment | None


def latest_assessments(communes: list[Unit], year: int) -> dict[int, Assessment]:
    """Each commune's newest assessment in or before the year, the highest level first."""
    best: dict[int, Assessment] = {}
    found = (
        Assessment.objects.filter(unit__in=communes, year__lte=year)
        .select_related("set_version__criteria_set")
        .order_by("unit_id", "-year")
    )
    for assessment in found:
        current = best.get(assessment.unit_id)
        if current is None or _rank(assessment) > _rank(current):
            best[assessment.unit_id] = assessment
    return best


def _rank(assessment: Assessment) -> tuple[int, int, float]:
    level = assessment.set_version.criteria_set.level
    return (assessment.year, level_rank(level), assessment.computed_at.timestamp())


def sponsor_view(sponsor: Unit | str, year: int) -> list[SponsoredCommune]:
    """The communes a sponsor helps in the year, each with its latest criteria assessment."""
    if isinstance(sponsor, Unit):
        mine = Q(sponsor=sponsor)
    else:
        mine = Q(sponsor__isnull=True, sponsor_name__iexact=" ".join(sponsor.split()))
    items = list(
        Sponsorship.objects.filter(mine, active_in(year))
        .select_related("sponsor", "commune")
        .order_by("commune__path", "start_year", "pk")
    )
    assessments = latest_assessments([item.commune for item in items], year)
    return [
        SponsoredCommune(
            sponsorship=item, commune=item.commune, assessment=assessments.get(item.commune_id)
        )
        for item in items
    ]
