"""Writes the demo data set of demo/newsletter.py: creates what is missing, changes only what differs."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model

from demo import newsletter
from demo.pictures import render_photo
from enterprises.models import Enterprise, ImprovementTeam, Indicator, Measurement
from improvements.models import Improvement, Photo, ReviewStep
from improvements.services import photo_add
from partners.models import Agreement, City, Notification, NotificationKind, Partner, PartnerMembership
from partners.notifications import notify
from reporting.framework import (
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)
from reporting.summaries import rebuild_all
from reporting.tasks import reminders_send
from score_mis.audit import Stamped
from trainings.models import (
    Activity,
    Attendance,
    Certification,
    Enrollment,
    Event,
    EventParticipation,
    Module,
    RoundTrainer,
    Trainee,
    Trainer,
    TrainingRound,
)

SUMMARY_MODELS = [
    City,
    Partner,
    Agreement,
    Enterprise,
    ImprovementTeam,
    Measurement,
    Trainer,
    Certification,
    TrainingRound,
    Enrollment,
    Activity,
    Attendance,
    Event,
    Improvement,
    Photo,
    ReviewStep,
    ResultIndicator,
    ResultTarget,
    ReportedActual,
    ContentItem,
    Narrative,
]
MEMBER_FIELDS = ["female_managers", "male_managers", "female_workers", "male_workers"]


def load_demo():
    """Create or bring up to date the demo data set; running it again changes nothing."""
    with transaction.atomic():
        users = {spec["username"]: _save_user(spec) for spec in newsletter.USERS}
        DemoLoader(author=users[newsletter.ADMIN]).load(users)
        if not Notification.objects.exists():
            _notify(users)
        rebuild_all()


def _notify(users):
    """What the demo users find in their inbox: the coordinators' reminders of rounds overdue to close and
    follow-up measurements due, and the CEC coordinator's news that an improvement was verified."""
    reminders_send.call()
    verified = Improvement.objects.get(title_en=newsletter.IMPROVEMENTS[0]["title_en"])
    notify(
        recipients=[users["cec.coordinator"]],
        kind=NotificationKind.IMPROVEMENT_VERIFIED,
        params={"title": verified.title_en, "title_zh": verified.title_zh_hans},
        link=verified.get_absolute_url(),
    )


def demo_counts():
    """(label, count) for each kind of record the demo creates."""
    models = [*SUMMARY_MODELS, get_user_model()]
    return [(str(model._meta.verbose_name_plural).capitalize(), model.objects.count()) for model in models]


def logins():
    """(username, password, role) of every demo user."""
    return [(spec["username"], newsletter.PASSWORD, _role(spec)) for spec in newsletter.USERS]


def _role(spec):
    if spec.get("is_superuser"):
        return "Superuser"
    partners = ", ".join(code for code, _ in spec.get("memberships", ()))
    return f"{spec['group']} ({partners})" if partners else spec["group"]


def _save_user(spec):
    user = get_user_model().objects.filter(username=spec["username"]).first()
    user = user or get_user_model()(username=spec["username"])
    values = {
        "first_name": spec["first_name"],
        "last_name": spec["last_name"],
        "email": f"{spec['username']}@example.org",
        "is_staff": spec.get("is_staff", False),
        "is_superuser": spec.get("is_superuser", False),
    }
    changed = {name: value for name, value in values.items() if getattr(user, name) != value}
    for name, value in changed.items():
        setattr(user, name, value)
    if not user.check_password(newsletter.PASSWORD):
        user.set_password(newsletter.PASSWORD)
        changed["password"] = user.password
    if changed:
        user.save()
    user.groups.set(Group.objects.filter(name=spec.get("group")))
    return user


def _stored(record, name):
    """The field's value as stored: for a relation the id, so that no query is needed."""
    return getattr(record, record._meta.get_field(name).attname)


def _plain(value):
    return value.pk if isinstance(value, Model) else value


class DemoLoader:
    def __init__(self, author):
        self.author = author
        self.modules = {module.number: module for module in Module.objects.all()}
        self.indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}

    def load(self, users):
        self.cities = {spec["name_en"]: self.upsert(City, spec, "name_en") for spec in newsletter.CITIES}
        self.partners = {}
        for spec in newsletter.PARTNERS:
            self.partners[spec["code"]] = self.save_partner(spec)
        for spec in newsletter.AGREEMENTS:
            self.upsert(Agreement, {**spec, "partner": self.partners[spec["partner"]]}, "partner", "title_en")
        self.enterprises = {spec["name_en"]: self.save_enterprise(spec) for spec in newsletter.ENTERPRISES}
        self.save_improvement_teams()
        self.save_measurements()
        self.trainers = {spec["name_en"]: self.save_trainer(spec) for spec in newsletter.TRAINERS}
        for spec in newsletter.ROUNDS:
            self.save_round(spec)
        self.save_trainer_pipeline()
        for spec in newsletter.EVENTS:
            self.save_event(spec)
        for spec in newsletter.IMPROVEMENTS:
            self.save_improvement(spec, users)
        self.save_results_framework()
        for spec in newsletter.USERS:
            for code, role in spec.get("memberships", ()):
                values = {"user": users[spec["username"]], "partner": self.partners[code], "role": role}
                self.upsert(PartnerMembership, values, "user", "partner")
        for spec in newsletter.INVITED:
            self.save_invited(spec, invited_by=users[newsletter.VERIFIER])

    def save_invited(self, spec, invited_by):
        """An account ILO staff made by invitation: no password until its owner chooses one."""
        person = get_user_model().objects.filter(username=spec["username"]).first()
        if person is None:
            person = get_user_model()(
                username=spec["username"],
                email=spec["username"],
                first_name=spec["first_name"],
                last_name=spec["last_name"],
            )
            person.set_unusable_password()
            person._history_user = invited_by
            person.save()
            person.groups.set(Group.objects.filter(name=spec["group"]))
        for code, role in spec["memberships"]:
            self.upsert(
                PartnerMembership, {"user": person, "partner": self.partners[code], "role": role}, "user", "partner"
            )

    def upsert(self, model, values, *keys):
        """The record found by `keys` (or a new one), with `values` saved if any of them differ."""
        lookup = {key: values[key] for key in keys}
        return self.save(model.objects.filter(**lookup).first() or model(**lookup), values)

    def save(self, record, values):
        adding = record._state.adding
        changed = {name: value for name, value in values.items() if adding or _stored(record, name) != _plain(value)}
        if changed or adding:
            for name, value in changed.items():
                setattr(record, name, value)
            if isinstance(record, Stamped):
                record.stamp(self.author)
                record._history_user = self.author
            record.full_clean()
            record.save()
        return record

    def save_partner(self, spec):
        values = {
            **spec,
            "parent": self.partners.get(spec.get("parent")),
            "parent_relation": spec.get("parent_relation", ""),
            "city": self.cities.get(spec.get("city")),
        }
        return self.upsert(Partner, values, "code")

    def save_enterprise(self, spec):
        values = {**spec, "city": self.cities[spec["city"]], "recruited_by": self.partners[spec["recruited_by"]]}
        brands = [self.partners[code] for code in values.pop("supplies_brands")]
        enterprise = self.upsert(Enterprise, values, "name_en", "city")
        enterprise.supplies_brands.set(brands)
        return enterprise

    def save_improvement_teams(self):
        for name, (established_on, *members, meets) in newsletter.IMPROVEMENT_TEAMS.items():
            values = dict(
                zip(MEMBER_FIELDS, members, strict=True),
                enterprise=self.enterprises[name],
                established_on=established_on,
                meets=meets,
            )
            self.upsert(ImprovementTeam, values, "enterprise")

    def save_measurements(self):
        for name, (periods, values) in newsletter.MEASUREMENTS.items():
            for code, stage_values in values.items():
                for (stage, (start, end)), value in zip(periods.items(), stage_values, strict=True):
                    record = {
                        "enterprise": self.enterprises[name],
                        "indicator": self.indicators[code],
                        "stage": stage,
                        "period_start": start,
                        "period_end": end,
                        "value": Decimal(str(value)),
                    }
                    self.upsert(Measurement, record, "enterprise", "indicator", "stage", "period_start")

    def save_trainer(self, spec):
        values = {**spec, "partner": self.partners[spec["partner"]]}
        certifications = values.pop("certifications")
        trainer = self.upsert(Trainer, values, "name_en", "partner")
        for number, status_or_date in certifications.items():
            certified = isinstance(status_or_date, datetime.date)
            record = {
                "trainer": trainer,
                "module": self.modules[number],
                "status": Certification.Status.CERTIFIED if certified else status_or_date,
                "certified_on": status_or_date if certified else None,
            }
            self.upsert(Certification, record, "trainer", "module")
        return trainer

    def save_round(self, spec):
        values = {
            **spec,
            "partner": self.partners[spec["partner"]],
            "module": self.modules[spec["module"]],
            "city": self.cities[spec["city"]],
            "phase": newsletter.PHASE,
        }
        enterprises = [self.enterprises[name] for name in values.pop("enterprises")]
        trainers = [self.trainers[name] for name in values.pop("trainers")]
        workshop_days, visit_weeks = values.pop("workshop_days"), values.pop("visit_weeks")
        training_round = self.upsert(TrainingRound, values, "title_en")
        for enterprise in enterprises:
            self.save_enrollment(training_round, enterprise)
        for position, day in enumerate(workshop_days):
            workshop = self.save_activity(training_round, Activity.Kind.WORKSHOP, day, None, trainers)
            if training_round.status != TrainingRound.Status.PLANNED:
                self.save_attendance(workshop, enterprises, rotation=position)
        for week in visit_weeks:
            for index, enterprise in enumerate(enterprises):
                day = week + datetime.timedelta(days=index)
                self.save_activity(training_round, Activity.Kind.FACTORY_VISIT, day, enterprise, trainers)

    def save_enrollment(self, training_round, enterprise):
        completed = training_round.status == TrainingRound.Status.COMPLETED
        values = {
            "round": training_round,
            "enterprise": enterprise,
            "status": Enrollment.Status.COMPLETED if completed else Enrollment.Status.ENROLLED,
            "enrolled_on": training_round.starts_on,
            "completed_on": training_round.ends_on if completed else None,
            "baseline_done": training_round.status != TrainingRound.Status.PLANNED,
        }
        self.upsert(Enrollment, values, "round", "enterprise")

    def save_activity(self, training_round, kind, day, enterprise, trainers):
        values = {"round": training_round, "kind": kind, "date": day, "enterprise": enterprise}
        activity = self.upsert(Activity, values, "round", "kind", "date", "enterprise")
        activity.trainers.set(trainers)
        return activity

    def save_attendance(self, workshop, enterprises, rotation):
        delegations = newsletter.DELEGATIONS
        for index, enterprise in enumerate(enterprises):
            counts = delegations[(index + rotation) % len(delegations)]
            values = dict(
                zip(MEMBER_FIELDS, counts, strict=True),
                activity=workshop,
                enterprise=enterprise,
            )
            self.upsert(Attendance, values, "activity", "enterprise")

    def save_trainer_pipeline(self):
        """The Chongqing ToT's trainees and their days, who delivered the ToE, the recommendations and the
        certification that followed."""
        tot = TrainingRound.objects.get(title_en=newsletter.CHONGQING_TOT)
        days = list(tot.activities.filter(kind=Activity.Kind.WORKSHOP).order_by("date"))
        for name, days_present in newsletter.TOT_TRAINEES.items():
            trainer = self.trainers[name]
            self.upsert(Trainee, {"round": tot, "trainer": trainer}, "round", "trainer")
            for day in days:
                if not days_present or day.date in days_present:
                    day.trainees_present.add(trainer)
        for title, team in newsletter.TOE_TEAMS.items():
            training_round = TrainingRound.objects.get(title_en=title)
            for name, role in team.items():
                values = {"round": training_round, "trainer": self.trainers[name], "role": role}
                self.upsert(RoundTrainer, values, "round", "trainer")
        for spec in newsletter.RECOMMENDATIONS:
            training_round = TrainingRound.objects.get(title_en=spec["round"])
            supervisor = training_round.team.get(role=RoundTrainer.Role.SUPERVISOR).trainer
            certified_on = spec["certified_on"]
            values = {
                "trainer": self.trainers[spec["trainer"]],
                "module": training_round.module,
                "status": Certification.Status.CERTIFIED if certified_on else Certification.Status.RECOMMENDED,
                "recommended_by": supervisor,
                "recommended_in": training_round,
                "recommended_on": spec["recommended_on"],
                "recommendation_en": spec["recommendation_en"],
                "recommendation_zh_hans": spec["recommendation_zh_hans"],
                "certified_on": certified_on,
            }
            self.upsert(Certification, values, "trainer", "module")

    def save_event(self, spec):
        values = {**spec, "city": self.cities.get(spec["city"])}
        partners = [self.partners[code] for code in values.pop("partners")]
        participants = values.pop("participants", {})
        event = self.upsert(Event, values, "title_en")
        event.partners.set(partners)
        for code, (female, male) in participants.items():
            values = {"event": event, "partner": self.partners.get(code), "female": female, "male": male}
            self.upsert(EventParticipation, values, "event", "partner")

    def save_improvement(self, spec, users):
        last_step = newsletter.REVIEW_STEPS[-1]
        values = {
            **spec,
            "enterprise": self.enterprises[spec["enterprise"]],
            "module": self.modules[spec["module"]],
            "status": last_step["to_status"],
            "verified_by": users[last_step["user"]],
            "verified_at": last_step["at"],
        }
        scene, captions = values.pop("scene"), values.pop("captions")
        improvement = self.upsert(Improvement, values, "enterprise", "title_en")
        for stage, *caption in zip([Photo.Stage.BEFORE, Photo.Stage.AFTER], *captions, strict=True):
            self.save_photo(improvement, stage, caption, scene)
        for step in newsletter.REVIEW_STEPS:
            values = {**step, "improvement": improvement, "user": users[step["user"]]}
            self.upsert(ReviewStep, values, "improvement", "action")

    def save_photo(self, improvement, stage, caption, scene):
        """A photo drawn for `scene`, with its `caption` in English and in Chinese."""
        english, chinese = caption
        photo = Photo.objects.filter(improvement=improvement, stage=stage).first()
        if photo is None:
            picture = render_photo(scene, after=stage == Photo.Stage.AFTER, caption=english)
            upload = ContentFile(picture, name=f"{scene}-{stage}.jpg")
            photo_add(user=self.author, improvement=improvement, stage=stage, caption=english, uploaded_file=upload)
            photo = Photo.objects.get(improvement=improvement, stage=stage)
        self.save(photo, {"caption_en": english, "caption_zh_hans": chinese})

    def save_results_framework(self):
        """The Phase II logframe with its targets and reported actuals, the USD rate, the summer's narrative and
        the newsletter's brochure and testimonial."""
        phase = ProgrammePhase.objects.get(code=newsletter.PHASE)
        areas = {}
        for position, (code, level, parent, title, title_zh) in enumerate(newsletter.RESULT_AREAS):
            values = {
                "phase": phase,
                "code": code,
                "level": level,
                "parent": areas.get(parent),
                "title_en": title,
                "title_zh_hans": title_zh,
                "position": position,
            }
            areas[code] = self.upsert(ResultArea, values, "phase", "code")
        for position, spec in enumerate(newsletter.RESULT_INDICATORS):
            values = {**spec, "area": areas[spec["area"]], "position": position}
            target = values.pop("target")
            female_share = values.pop("target_female_share", None)
            reported = values.pop("reported", None)
            values["source"] = (
                ResultIndicator.Source.COMPUTED if values["computation"] else ResultIndicator.Source.REPORTED
            )
            indicator = self.upsert(ResultIndicator, values, "area", "code")
            programme = {"indicator": indicator, "year": 0, "half": 0}
            self.upsert(
                ResultTarget,
                {**programme, "partner": None, "city": None, "target": target, "target_female_share": female_share},
                "indicator",
                "year",
                "half",
                "partner",
                "city",
            )
            if reported:
                value, women, note, note_zh = reported
                actual = {**programme, "value": value, "female_share": women, "note_en": note, "note_zh_hans": note_zh}
                self.upsert(ReportedActual, actual, "indicator", "year", "half")
        rate = {"phase": phase, "year": 0, "half": 0, "rmb_per_usd": Decimal(newsletter.RMB_PER_USD)}
        self.upsert(UsdRate, rate, "phase", "year", "half")
        self.upsert(Narrative, newsletter.NARRATIVE, "period_start", "period_end")
        for spec in newsletter.CONTENT_ITEMS:
            self.upsert(ContentItem, spec, "kind", "published_on")
