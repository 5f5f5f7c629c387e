"""The report to the National Advisory Committee: the programme newsletter for a period, with figures.

`CommitteeReport` gathers; `reporting.renderers` turns it into a standalone HTML document, PDF or XLSX.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cached_property

from django.contrib.humanize.templatetags.humanize import apnumber
from django.db.models import Case, Count, F, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from enterprises.models import Enterprise, Sector
from partners.access import scope_for
from partners.models import Agreement
from reporting.figures import ProgrammeFigures
from reporting.formats import long_date
from reporting.framework import ContentItem, Narrative, Period, phase_on
from reporting.logframe import Logframe
from reporting.results import measures_for
from reporting.tables import Table
from score_mis.bilingual import either, in_language
from score_mis.wording import aside, join_list, place, sort_key, sorted_for_reader
from trainings.models import Event, TrainingRound

# "Change" as a difference between two periods, not the verb of the admin's links.
CHANGE = pgettext_lazy("difference from the previous period", "Change")
UPCOMING_ACTIVITY = pgettext_lazy("an upcoming round or event", "Activity")
UPCOMING_DAYS = 75
IMPROVEMENT_RESULTS = 12
ROUNDS_TOLD_PER_CITY = 10
EVENTS_TOLD_PER_CITY = 10
# Headline figures that the document tells in its own sections (gender, improvements), so its summary table
# leaves them out; and the headline figure that each computed key indicator already states in the summary.
TOLD_IN_SECTIONS = {
    "participants",
    "female_participant_share",
    "trainers",
    "female_trainer_share",
    "improvement_teams",
    "female_team_share",
    "verified_improvements",
    "annual_savings_rmb",
}
HEADLINE_OF_COMPUTATION = {
    "cost_share_non_ilo": "cost_recovery",
    "enterprises_trained": "enterprises",
    "participants": "participants",
    "women_participant_share": "female_participant_share",
    "improvement_teams": "improvement_teams",
    "women_in_teams_share": "female_team_share",
    "verified_savings": "annual_savings_rmb",
}


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
            phrase = aside(join_list([str(sector).lower() for sector in self.sectors], conjunction=False), phrase)
        if self.brands:
            phrase += _(" supplying %(brands)s") % {"brands": join_list(self.brands)}
        return phrase


@dataclass
class KeyFigure:
    """A key indicator: its value in the report's period, and its phase-to-date row of the logframe."""

    row: object
    this_period: object = None


@dataclass
class CitySection:
    city: object
    rounds: list = field(default_factory=list)  # the rounds written up (CommitteeReport.told_round_summaries)
    round_count: int = 0
    agreements: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def told_rounds(self):
        return sorted(self.rounds, key=lambda s: s.round.starts_on)

    @property
    def untold_rounds(self):
        return max(self.round_count - len(self.rounds), 0)

    @property
    def told_events(self):
        """The first events of the period written up; the workbook lists all."""
        return self.events[:EVENTS_TOLD_PER_CITY]

    @property
    def untold_events(self):
        return max(len(self.events) - EVENTS_TOLD_PER_CITY, 0)

    @property
    def heading(self):
        if self.city is None:
            return _("Programme-wide")
        return place(self.city.display_name, self.city.display_province)


class CommitteeReport:
    def __init__(self, user, filters):
        self.user = user
        self.filters = filters
        self.figures = ProgrammeFigures(user, filters)
        self.previous = ProgrammeFigures(user, filters.previous())
        self.phase = phase_on(filters.end)
        self.phase_to_date = (
            ProgrammeFigures(user, replace(filters, start=self.phase.starts_on)) if self.phase else None
        )
        # The staff narrative speaks for the whole programme: it is not put into a partner's or a city's report.
        self.programme_wide = scope_for(user).reads_programme_wide and filters.partner is None and filters.city is None

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

    def _summaries(self, rounds):
        """A RoundSummary of each of `rounds`: its enrolled enterprises, their sectors and the brands they supply."""
        filters = self.filters
        rounds = list(rounds.select_related("module", "partner", "city"))
        enrollments = self.figures.enrollments.filter(round__in=[training_round.pk for training_round in rounds])
        brands = defaultdict(set)
        for enterprise_id, name, name_zh in Enterprise.supplies_brands.through.objects.filter(
            enterprise_id__in=enrollments.values("enterprise_id")
        ).values_list("enterprise_id", "partner__name_en", "partner__name_zh_hans"):
            brands[enterprise_id].add(either(name, name_zh))
        enterprises_of = defaultdict(dict)
        for round_id, enterprise_id, sector in enrollments.order_by().values_list(
            "round_id", "enterprise_id", "enterprise__sector"
        ):
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
                    brands=sorted_for_reader(set().union(*(brands[pk] for pk in enterprises))),
                )
            )
        return summaries

    @cached_property
    def round_summaries(self):
        """Every round of the period (the workbook lists them all)."""
        return self._summaries(self.figures.rounds.order_by("starts_on", "title", "pk"))

    @cached_property
    def told_round_summaries(self):
        """The rounds the document writes up, ROUNDS_TOLD_PER_CITY at most per city: those launched or completed in
        the period first, then the earliest; picked in the database."""
        period = (self.filters.start, self.filters.end)
        news = Q(starts_on__range=period) | Q(status=TrainingRound.Status.COMPLETED, ends_on__range=period)
        ranked = self.figures.rounds.annotate(
            later=Case(When(news, then=Value(0)), default=Value(1)),
            place=Window(
                RowNumber(), partition_by=F("city_id"), order_by=[F("later"), F("starts_on"), F("title"), F("pk")]
            ),
        )
        return self._summaries(ranked.filter(place__lte=ROUNDS_TOLD_PER_CITY).order_by("starts_on", "title", "pk"))

    @cached_property
    def rounds_per_city(self):
        return dict(
            self.figures.rounds.order_by().values("city_id").annotate(count=Count("pk")).values_list("city_id", "count")
        )

    @property
    def city_count(self):
        """In how many cities training rounds ran."""
        return len(self.rounds_per_city)

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
        """Events of the period, less the signings and launches that an agreement or a round already tells."""
        period = (self.filters.start, self.filters.end)
        events = (
            self.figures.scoped(Event.objects, city="city")
            .filter(starts_on__range=period)
            .select_related("city")
            .prefetch_related("partners")
            .order_by("starts_on")
        )
        signed = {(agreement.partner_id, agreement.signed_on) for agreement in self.agreements}
        launched = set(self.figures.rounds.filter(starts_on__range=period).values_list("partner_id", "starts_on"))

        def told_elsewhere(event):
            told = {Event.Kind.AGREEMENT_SIGNING: signed, Event.Kind.LAUNCH: launched}.get(event.kind, set())
            return any((partner.pk, event.starts_on) in told for partner in event.partners.all())

        return [event for event in events if not told_elsewhere(event)]

    @cached_property
    def city_sections(self):
        """What happened in each city, cities in name order, then what belongs to no city."""
        sections = {}

        def section(city):
            key = city.pk if city else None
            if key not in sections:
                sections[key] = CitySection(city)
            return sections[key]

        for summary in self.told_round_summaries:
            city_section = section(summary.round.city)
            city_section.rounds.append(summary)
            city_section.round_count = self.rounds_per_city[summary.round.city_id]
        for agreement in self.agreements:
            section(agreement.partner.city).agreements.append(agreement)
        for event in self.events:
            section(event.city).events.append(event)
        return sorted(
            sections.values(), key=lambda s: (s.city is None, sort_key(s.city.display_name if s.city else ""))
        )

    @cached_property
    def improvement_results(self):
        return self.figures.improvement_results(IMPROVEMENT_RESULTS)

    @cached_property
    def headline_comparison(self):
        """(label, this period, previous period, change, phase to date) for each headline figure."""
        phase_rows = self.phase_to_date.headline.rows() if self.phase_to_date else None
        rows = []
        for index, ((_key, label, current), (_same, _label, previous)) in enumerate(
            zip(self.figures.headline.rows(), self.previous.headline.rows(), strict=True)
        ):
            change = current - previous if current is not None and previous is not None else None
            rows.append((label, current, previous, change, phase_rows[index][2] if phase_rows else None))
        return rows

    @cached_property
    def upcoming(self):
        return self.figures.upcoming(after=self.filters.end, days=UPCOMING_DAYS)

    # Results framework ------------------------------------------------------------------------

    @cached_property
    def logframe(self):
        """The phase's logframe, cumulative from the start of the phase to the end of the report's period."""
        if self.phase is None:
            return None
        filters = self.filters
        return Logframe(self.user, Period(self.phase), partner=filters.partner, city=filters.city, until=filters.end)

    @cached_property
    def key_figures(self):
        if self.logframe is None:
            return []
        rows = self.logframe.key_rows
        keys = [row.indicator.computation for row in rows if row.indicator.computation]
        this_period = measures_for(self.user, self.filters, keys)
        return [KeyFigure(row, this_period.get(row.indicator.computation)) for row in rows]

    @property
    def other_logframe_sections(self):
        """The logframe's sections with the indicators that the summary does not already give."""
        if self.logframe is None:
            return []
        sections = [
            replace(section, rows=[row for row in section.rows if not row.indicator.is_key])
            for section in self.logframe.sections
        ]
        return [section for section in sections if section.rows]

    @cached_property
    def summary_figures(self):
        """The headline comparison less what the report says elsewhere, so that each figure is given once."""
        stated = TOLD_IN_SECTIONS | {
            HEADLINE_OF_COMPUTATION.get(figure.row.indicator.computation) for figure in self.key_figures
        }
        return [
            row for key, row in zip(self._headline_keys, self.headline_comparison, strict=True) if key not in stated
        ]

    @property
    def _headline_keys(self):
        return [key for key, _label, _value in self.figures.headline.rows()]

    @cached_property
    def narrative(self):
        """The staff narrative for the report's period: the one for exactly this period, else the latest within it."""
        if not self.programme_wide:
            return None
        start, end = self.filters.start, self.filters.end
        narratives = list(Narrative.objects.filter(period_start__gte=start, period_end__lte=end))
        exact = [
            narrative for narrative in narratives if (narrative.period_start, narrative.period_end) == (start, end)
        ]
        return next(iter(exact or narratives), None)

    @cached_property
    def content_items(self):
        return list(ContentItem.objects.in_period(self.filters.start, self.filters.end).order_by("published_on", "pk"))

    @property
    def communication_products(self):
        return [item for item in self.content_items if item.kind == ContentItem.Kind.PRODUCT]

    @property
    def testimonials(self):
        return [item for item in self.content_items if item.kind == ContentItem.Kind.TESTIMONIAL]

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
                [_("Figure"), _("This period"), _("Previous period"), CHANGE, _("Phase to date")],
                [list(row) for row in self.headline_comparison],
            ),
            *self._results_tables(),
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
                        in_language(agreement, "title")[0],
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
                        result.improvement.category.display_name,
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
                [
                    _("Starts on"),
                    _("Ends on"),
                    UPCOMING_ACTIVITY,
                    _("Kind"),
                    _("City"),
                ],
                [[item.starts_on, item.ends_on, item.title, item.kind, item.city] for item in self.upcoming],
            ),
        ]
        for table in tables:
            table.title = str(table.title)
            table.columns = [str(column) for column in table.columns]
            table.rows = [[str(value) if isinstance(value, Promise) else value for value in row] for row in table.rows]
        return tables

    def _results_tables(self):
        """The key figures against targets, the logframe, the narrative and the content items, for the workbook."""
        tables = [
            Table(
                _("Key figures against targets"),
                [
                    _("Indicator"),
                    _("This period"),
                    _("Phase to date"),
                    _("Phase target"),
                    _("Achieved (%)"),
                    _("Status"),
                ],
                [
                    [
                        figure.row.indicator.name,
                        figure.this_period.value if figure.this_period else None,
                        figure.row.actual,
                        figure.row.target.target if figure.row.target else None,
                        figure.row.achieved,
                        str(figure.row.status_label),
                    ]
                    for figure in self.key_figures
                ],
            )
        ]
        if self.logframe is not None:
            tables.append(self.logframe.table(title=_("Logframe, phase to date")))
        narrative = self.narrative
        tables.append(
            Table(
                _("Narrative"),
                [_("Part"), _("Text")],
                [
                    [str(label), in_language(narrative, name)[0]]
                    for name, label in (
                        ("executive_summary", _("Executive summary")),
                        ("challenges", _("Challenges")),
                        ("next_steps", _("Next steps")),
                    )
                ]
                if narrative
                else [],
            )
        )
        tables.append(
            Table(
                _("Communication and testimonials"),
                [_("Date"), _("Kind"), _("Title or who"), _("Languages"), _("Formats"), _("Text")],
                [
                    [
                        item.published_on,
                        item.get_kind_display(),
                        in_language(item, "title" if item.kind == ContentItem.Kind.PRODUCT else "who")[0],
                        item.get_languages_display(),
                        in_language(item, "formats")[0],
                        in_language(item, "text")[0],
                    ]
                    for item in self.content_items
                ],
            )
        )
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
