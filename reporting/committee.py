"""The report to the National Advisory Committee: the programme newsletter for a period, with figures.

`CommitteeReport` gathers; `reporting.renderers` turns it into a standalone HTML document, PDF or XLSX.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.humanize.templatetags.humanize import apnumber
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enterprises.models import Enterprise, Sector
from partners.models import Agreement, localized
from reporting.figures import ProgrammeFigures
from reporting.formats import long_date
from reporting.tables import Table
from trainings.models import Event, TrainingRound

UPCOMING_DAYS = 75
IMPROVEMENT_RESULTS = 12
ROUNDS_TOLD_PER_CITY = 10


@dataclass
class RoundSummary:
    round: TrainingRound
    launched: bool
    completed: bool
    enterprises: int = 0
    sectors: list = field(default_factory=list)
    brands: list = field(default_factory=list)

    @property
    def audience(self):
        """Who the round trains, such as "five enterprises (garments, footwear) supplying Gap, Inditex and Pentland"."""
        if not self.enterprises:
            if self.round.kind == TrainingRound.Kind.TOT:
                return _("trainer candidates")
            return _("enterprises still to be enrolled")
        phrase = ngettext("%(count)s enterprise", "%(count)s enterprises", self.enterprises) % {
            "count": apnumber(self.enterprises)
        }
        if self.sectors:
            phrase += " ({})".format(", ".join(str(sector).lower() for sector in self.sectors))
        if self.brands:
            phrase += " " + _("supplying %(brands)s") % {"brands": get_text_list(self.brands, _("and"))}
        return phrase


@dataclass
class CitySection:
    city: object
    rounds: list = field(default_factory=list)
    agreements: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def told_rounds(self):
        """The rounds written up: those launched or completed in the period first. The workbook lists all."""
        news_first = sorted(self.rounds, key=lambda s: (not (s.launched or s.completed), s.round.starts_on))
        return sorted(news_first[:ROUNDS_TOLD_PER_CITY], key=lambda s: s.round.starts_on)

    @property
    def untold_rounds(self):
        return max(len(self.rounds) - ROUNDS_TOLD_PER_CITY, 0)

    @property
    def heading(self):
        if self.city is None:
            return _("Programme-wide")
        province = self.city.display_province
        if province and province != self.city.display_name:
            return f"{self.city.display_name}, {province}"
        return self.city.display_name


class CommitteeReport:
    def __init__(self, user, filters):
        self.filters = filters
        self.figures = ProgrammeFigures(user, filters)
        self.previous = ProgrammeFigures(user, filters.previous())

    @property
    def title(self):
        return _("SCORE programme report, %(start)s – %(end)s") % {
            "start": long_date(self.filters.start),
            "end": long_date(self.filters.end),
        }

    @property
    def filter_labels(self):
        """The chosen partner, city and module, by name (empty when not chosen)."""
        filters = self.filters
        return {
            "partner": filters.partner.display_name if filters.partner else "",
            "city": filters.city.display_name if filters.city else "",
            "module": str(filters.module) if filters.module else "",
        }

    @cached_property
    def round_summaries(self):
        filters = self.filters
        rounds = self.figures.rounds.select_related("module", "partner", "city").order_by("starts_on", "title")
        enrollments = self.figures.enrollments.order_by().values_list("round_id", "enterprise_id", "enterprise__sector")
        brands = defaultdict(set)
        for enterprise_id, name, name_zh in Enterprise.supplies_brands.through.objects.filter(
            enterprise_id__in=self.figures.enrollments.values("enterprise_id")
        ).values_list("enterprise_id", "partner__name", "partner__name_zh"):
            brands[enterprise_id].add(localized(name, name_zh))
        enterprises_of = defaultdict(dict)
        for round_id, enterprise_id, sector in enrollments:
            enterprises_of[round_id][enterprise_id] = sector
        sector_labels = dict(Sector.choices)
        summaries = []
        for training_round in rounds:
            enterprises = enterprises_of[training_round.pk]
            sectors = sorted(set(enterprises.values()))
            summaries.append(
                RoundSummary(
                    round=training_round,
                    launched=filters.start <= training_round.starts_on <= filters.end,
                    completed=training_round.status == TrainingRound.Status.COMPLETED
                    and training_round.ends_on is not None
                    and filters.start <= training_round.ends_on <= filters.end,
                    enterprises=len(enterprises),
                    sectors=[sector_labels[sector] for sector in sectors],
                    brands=sorted(set().union(*(brands[pk] for pk in enterprises))),
                )
            )
        return summaries

    @property
    def city_count(self):
        """In how many cities training rounds ran."""
        return len({summary.round.city_id for summary in self.round_summaries})

    @cached_property
    def agreements(self):
        period = (self.filters.start, self.filters.end)
        return list(
            self.figures.scoped(Agreement.objects, city="partner__city")
            .filter(signed_on__range=period)
            .select_related("partner__city")
            .order_by("signed_on")
        )

    @cached_property
    def events(self):
        period = (self.filters.start, self.filters.end)
        return list(
            self.figures.scoped(Event.objects, city="city")
            .filter(starts_on__range=period)
            .select_related("city")
            .order_by("starts_on")
        )

    @cached_property
    def city_sections(self):
        """What happened in each city, cities in name order, then what belongs to no city."""
        sections = {}

        def section(city):
            key = city.pk if city else None
            if key not in sections:
                sections[key] = CitySection(city)
            return sections[key]

        for summary in self.round_summaries:
            section(summary.round.city).rounds.append(summary)
        for agreement in self.agreements:
            section(agreement.partner.city).agreements.append(agreement)
        for event in self.events:
            section(event.city).events.append(event)
        return sorted(sections.values(), key=lambda s: (s.city is None, s.city.display_name if s.city else ""))

    @cached_property
    def improvement_results(self):
        return self.figures.improvement_results(IMPROVEMENT_RESULTS)

    @cached_property
    def headline_comparison(self):
        """(label, this period, previous period, change) for each headline figure."""
        rows = []
        for (_key, label, current), (_same, _label, previous) in zip(
            self.figures.headline.rows(), self.previous.headline.rows(), strict=True
        ):
            change = current - previous if current is not None and previous is not None else None
            rows.append((label, current, previous, change))
        return rows

    @cached_property
    def upcoming(self):
        return self.figures.upcoming(after=self.filters.end, days=UPCOMING_DAYS)

    def tables(self):
        figures = self.figures
        headline = figures.headline
        participants = headline.participants
        breakdown_columns = [_("Rounds"), _("Enterprises"), _("Participants"), _("Women participants")]
        improvement_columns = [_("Verified improvements"), _("Annual savings (RMB)")]

        def breakdown(rows, name, with_improvements):
            values = []
            for row in rows:
                value = [row.label, row.rounds, row.enterprises, row.participants, row.female_participants]
                if with_improvements:
                    value += [row.verified_improvements, row.annual_savings_rmb]
                values.append(value)
            return Table(
                name,
                [_("Name"), *breakdown_columns, *(improvement_columns if with_improvements else [])],
                values,
            )

        tables = [
            Table(
                _("Headline figures"),
                [_("Figure"), _("This period"), _("Previous period"), _("Change")],
                [list(row) for row in self.headline_comparison],
            ),
            Table(_("Rounds by status"), [_("Status"), _("Rounds")], figures.rounds_by_status_rows()),
            breakdown(figures.by_module, _("By module"), True),
            breakdown(figures.by_city, _("By city"), True),
            breakdown(figures.by_partner, _("By partner"), False),
            Table(
                _("Monthly trend"),
                [_("Month"), _("Participants"), _("Rounds started")],
                [[row.month, row.participants, row.rounds_started] for row in figures.monthly_trend],
            ),
            Table(
                _("Participants"),
                [_("Role"), _("Women"), _("Men"), _("Total")],
                [
                    [_("Managers"), participants.female_managers, participants.male_managers, participants.managers],
                    [_("Workers"), participants.female_workers, participants.male_workers, participants.workers],
                    [_("Total"), participants.female, participants.male, participants.total],
                ],
            ),
            Table(
                _("Trainers"),
                [_("Level"), _("Women"), _("Men"), _("Total")],
                [[level.label, level.female, level.male, level.total] for level in headline.trainer_levels]
                + [
                    [
                        _("Certified in the period"),
                        headline.newly_certified_female,
                        headline.newly_certified_male,
                        headline.newly_certified_female + headline.newly_certified_male,
                    ]
                ],
            ),
            Table(
                _("Training rounds"),
                [
                    _("City"),
                    _("Round"),
                    _("Module"),
                    _("Kind"),
                    _("Partner"),
                    _("Status"),
                    _("Starts on"),
                    _("Ends on"),
                    _("Enterprises"),
                    _("Sectors"),
                    _("Brands supplied"),
                    _("Launched in the period"),
                    _("Completed in the period"),
                ],
                [
                    [
                        summary.round.city.display_name,
                        summary.round.title,
                        summary.round.module.display_label,
                        summary.round.get_kind_display(),
                        summary.round.partner.display_name,
                        summary.round.get_status_display(),
                        summary.round.starts_on,
                        summary.round.ends_on,
                        summary.enterprises,
                        ", ".join(str(sector) for sector in summary.sectors),
                        ", ".join(summary.brands),
                        summary.launched,
                        summary.completed,
                    ]
                    for summary in self.round_summaries
                ],
            ),
            Table(
                _("Agreements signed"),
                [_("City"), _("Partner"), _("Agreement"), _("Kind"), _("Phase"), _("Signed on")],
                [
                    [
                        agreement.partner.city.display_name if agreement.partner.city else "",
                        agreement.partner.display_name,
                        agreement.title,
                        agreement.get_kind_display(),
                        agreement.get_phase_display(),
                        agreement.signed_on,
                    ]
                    for agreement in self.agreements
                ],
            ),
            Table(
                _("Events"),
                [_("City"), _("Event"), _("Kind"), _("Starts on"), _("Ends on")],
                [
                    [
                        event.city.display_name if event.city else "",
                        str(event),
                        event.get_kind_display(),
                        event.starts_on,
                        event.ends_on,
                    ]
                    for event in self.events
                ],
            ),
            Table(
                _("Improvement results"),
                [
                    _("City"),
                    _("Enterprise"),
                    _("Improvement"),
                    _("Module"),
                    _("Category"),
                    _("Implemented on"),
                    _("Annual saving (RMB)"),
                    _("Before photos"),
                    _("After photos"),
                ],
                [
                    [
                        result.improvement.enterprise.city.display_name,
                        result.improvement.enterprise.display_name,
                        str(result.improvement),
                        result.improvement.module.display_label,
                        result.improvement.get_category_display(),
                        result.improvement.implemented_on,
                        result.improvement.annual_saving_rmb,
                        len(result.before),
                        len(result.after),
                    ]
                    for result in self.improvement_results
                ],
            ),
            Table(
                _("Indicator results"),
                [
                    _("Indicator"),
                    _("Unit"),
                    _("Enterprises with a baseline"),
                    _("Enterprises with a follow-up"),
                    _("Reporting rate (%)"),
                    _("Enterprises with both"),
                    _("Median change"),
                    _("Enterprises improved"),
                ],
                [
                    [
                        str(result.indicator),
                        result.indicator.unit,
                        result.baseline_enterprises,
                        result.follow_up_enterprises,
                        result.reporting_rate,
                        result.paired_enterprises,
                        result.median_change,
                        result.improved_enterprises,
                    ]
                    for result in figures.indicator_results
                ],
            ),
            Table(
                _("Upcoming key activities"),
                [_("Starts on"), _("Ends on"), _("Activity"), _("Kind"), _("City")],
                [[item.starts_on, item.ends_on, item.title, item.kind, item.city] for item in self.upcoming],
            ),
        ]
        for table in tables:
            table.title = str(table.title)
            table.columns = [str(column) for column in table.columns]
            table.rows = [[str(value) if isinstance(value, Promise) else value for value in row] for row in table.rows]
        return tables

    def as_dict(self):
        """The report's figures as plain data, kept with a frozen report."""
        return {
            "title": self.title,
            "start": self.filters.start,
            "end": self.filters.end,
            "filters": self.filter_labels,
            "tables": [table.as_dict() for table in self.tables()],
        }
