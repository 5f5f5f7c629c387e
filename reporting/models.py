import datetime
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from partners.access import scope_for


class FrozenReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Frozen reports are programme-wide packs: ILO staff and committee members open them."""
        return self.all() if scope_for(user).reads_programme_wide else self.none()

    def for_list(self):
        """With the title and filters of each language, without the documents themselves."""
        renderings = FrozenRendering.objects.defer("html", "figures", "pdf", "xlsx").order_by("language")
        return self.select_related("frozen_by").prefetch_related(models.Prefetch("renderings", queryset=renderings))


class FrozenReport(models.Model):
    """A committee report as it was handed out, in English and in Chinese (its renderings), never recomputed."""

    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    frozen_at = models.DateTimeField(_("frozen at"), default=timezone.now, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )

    objects = FrozenReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-frozen_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="frozen_report_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        rendering = self.rendering
        return rendering.title if rendering else f"{self.period_start} – {self.period_end}"

    def get_absolute_url(self):
        return reverse("reporting:frozen_detail", args=[self.pk])

    @property
    def rendering(self):
        """The rendering in the reader's language, else the one there is (reports frozen before both were kept)."""
        renderings = list(self.renderings.all())
        language = get_language()
        return next((r for r in renderings if r.language == language), renderings[0] if renderings else None)


class FrozenRenderingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(frozen__in=FrozenReport.objects.visible_to(user))


class FrozenRendering(models.Model):
    """One language of a frozen report: its title, the filters by name, the HTML, figures, PDF and workbook."""

    frozen = models.ForeignKey(
        FrozenReport, verbose_name=_("frozen report"), on_delete=models.CASCADE, related_name="renderings"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=300)
    filters = models.JSONField(_("filters"), default=dict, blank=True, help_text=_("Partner, city and module chosen."))
    html = models.TextField(_("document (HTML)"), editable=False)
    figures = models.JSONField(_("figures"), encoder=DjangoJSONEncoder, editable=False)
    pdf = models.BinaryField(_("PDF"), editable=False)
    xlsx = models.BinaryField(_("workbook (XLSX)"), editable=False)

    objects = FrozenRenderingQuerySet.as_manager()

    class Meta:
        verbose_name = _("frozen report in one language")
        verbose_name_plural = _("frozen reports in one language")
        ordering = ["frozen", "language"]
        constraints = [
            models.UniqueConstraint(fields=["frozen", "language"], name="frozen_rendering_one_per_language"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language_name})"

    @property
    def language_name(self):
        """The language by its own name (English, 简体中文), which a reader of either finds."""
        return get_language_info(self.language)["name_local"]


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job and its result belong to the user who asked for it, and to nobody else (not even ILO staff)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def finished(self):
        return self.filter(status__in=[Job.Status.DONE, Job.Status.FAILED])

    def expired(self, now):
        return self.filter(expires_at__lte=now)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("in progress")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    # A random id: a job's link reveals nothing about other jobs (and is checked against its owner anyway).
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField(_("download name"), max_length=200, blank=True)
    result_url = models.CharField(_("result page"), max_length=300, blank=True)
    result_note = models.CharField(
        _("result"), max_length=500, blank=True, help_text=_("What the job did, in a sentence (an import's counts).")
    )
    expires_at = models.DateTimeField(_("download expires at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            # "Your downloads": a user's jobs, newest first.
            models.Index(fields=["requested_by", "-created_at"], name="job_user_created_idx"),
            # delete_expired_job_files: the files whose time is up.
            models.Index(fields=["expires_at"], name="job_expires_idx", condition=Q(expires_at__isnull=False)),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reporting:job_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def has_expired(self, now=None):
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def has_download(self):
        return self.status == self.Status.DONE and bool(self.result_file) and not self.has_expired()

    def mark_running(self):
        self.status, self.started_at = self.Status.RUNNING, timezone.now()
        self.save(update_fields=["status", "started_at"])

    def finish_with_file(self, name, content):
        """Keep `content` as the job's private download, for JOB_RESULT_HOURS."""
        self.result_file.save(name, ContentFile(content), save=False)
        self.result_name = name
        self.expires_at = timezone.now() + datetime.timedelta(hours=settings.JOB_RESULT_HOURS)
        self._finish(self.Status.DONE, ["result_file", "result_name", "expires_at"])

    def finish_with_page(self, url, note=""):
        """The job made a record that has a page of its own (such as a frozen report, or a file's check), or changed
        records listed at `url`; `note` says what it did (shown on its page and in the notice)."""
        self.result_url = url
        self.result_note = note[: self._meta.get_field("result_note").max_length]
        self._finish(self.Status.DONE, ["result_url", "result_note"])

    def mark_failed(self, message, url=""):
        """The job failed, for the reason `message` gives; `url` may show more (the rows of a file with problems)."""
        self.error = message[: self._meta.get_field("error").max_length]
        self.result_url = url
        self._finish(self.Status.FAILED, ["error", "result_url"])

    def delete_result_file(self):
        self.result_file.delete(save=False)
        self.save(update_fields=["result_file"])

    def _finish(self, status, fields):
        self.status, self.finished_at = status, timezone.now()
        self.save(update_fields=["status", "finished_at", *fields])


def unclaimed(now, give_up):
    """Rows no background count has been asked for within `give_up` (a count that long is taken for lost)."""
    return Q(requested_at__isnull=True) | Q(requested_at__lt=now - give_up)


class QualityCountsQuerySet(models.QuerySet):
    def claim_recount(self, scope, row, now, version):
        """True when this call, and no other, asks for a recount of `scope`'s counts (`row` as read, or None): the
        counts are missing, of a data version older than `version` or older than QualityCounts.FRESH_FOR, and no
        recount has been asked for within QualityCounts.RECOUNT_GIVE_UP (a recount that long is taken for lost)."""
        if row is None:
            try:
                with transaction.atomic():
                    self.create(scope=scope, requested_at=now)
            except IntegrityError:
                return False
            return True
        stale = (
            Q(counted_at__isnull=True)
            | Q(counted_at__lt=now - QualityCounts.FRESH_FOR)
            | Q(data_version__isnull=True)
            | ~Q(data_version=version)
        )
        return bool(
            self.filter(pk=row.pk).filter(stale, unclaimed(now, QualityCounts.RECOUNT_GIVE_UP)).update(requested_at=now)
        )

    def store(self, scope, counts, counted_at, version):
        """Keep `counts` ({check: number of findings}) as counted at `counted_at` from the records of data version
        `version`; the recount asked for is done."""
        self.update_or_create(
            scope=scope,
            defaults={"counts": counts, "counted_at": counted_at, "data_version": version, "requested_at": None},
        )


class QualityCounts(models.Model):
    """The data-quality findings of a scope counted by check, kept by a background task so that the home page reads
    them instead of counting them (which reads every measurement and improvement): counted again when the records
    have changed since (the data version), or after FRESH_FOR (findings also age with the date)."""

    PROGRAMME = "programme"
    FRESH_FOR = datetime.timedelta(hours=1)
    RECOUNT_GIVE_UP = datetime.timedelta(hours=1)

    scope = models.CharField(_("scope"), max_length=40, unique=True)
    counts = models.JSONField(_("findings by check"), default=dict, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    data_version = models.BigIntegerField(_("data version counted"), null=True, blank=True)
    requested_at = models.DateTimeField(_("recount asked for at"), null=True, blank=True)

    objects = QualityCountsQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-quality counts")
        verbose_name_plural = _("data-quality counts")

    def __str__(self):
        return self.scope

    def is_fresh(self, now, version):
        return self.counted_at is not None and self.data_version == version and self.counted_at >= now - self.FRESH_FOR

    def is_recounting(self, now):
        return self.requested_at is not None and self.requested_at >= now - self.RECOUNT_GIVE_UP


class DataVersion(models.Model):
    """How many times the programme's records have changed (one row). Figures counted at one number are out of
    date once it grows: `reporting.data_version` grows it after every write that commits."""

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")

    def __str__(self):
        return str(self.number)


class StoredFiguresQuerySet(models.QuerySet):
    def claim_count(self, row, now):
        """True when this call, and no other, asks for a new count of `row`: none has been asked for within
        StoredFigures.COUNT_GIVE_UP (a count that long is taken for lost)."""
        return bool(self.filter(pk=row.pk).filter(unclaimed(now, StoredFigures.COUNT_GIVE_UP)).update(requested_at=now))

    def store(self, row, counted, counted_at):
        """Keep the figures `counted` (a `reporting.pages.Counted`) as counted at `counted_at`; the count asked for
        is done."""
        row.html, row.data_version, row.seconds = counted.html or "", counted.data_version, counted.seconds
        row.counted_at, row.requested_at = counted_at, None
        self.filter(pk=row.pk).update(
            html=row.html, data_version=row.data_version, seconds=row.seconds, counted_at=counted_at, requested_at=None
        )

    def prune(self, now):
        """Forget figures not counted for StoredFigures.FORGOTTEN_AFTER (a past day's or period's), and counts asked
        for that never came."""
        forgotten = now - StoredFigures.FORGOTTEN_AFTER
        return self.filter(
            Q(counted_at__lt=forgotten) | Q(counted_at__isnull=True, requested_at__lt=now - StoredFigures.COUNT_GIVE_UP)
        ).delete()

    def slow_for(self, page, scope):
        """Whether the figures of `page` took too long to count in a request, the last time they were counted for a
        reader of `scope` (whatever the period), or for any reader while none of `scope` has been counted yet."""
        same_scope = Case(When(scope=scope, then=Value(1)), default=Value(0))
        latest = (
            self.filter(page=page, seconds__isnull=False)
            .alias(same_scope=same_scope)
            .order_by("-same_scope", "-counted_at")
            .first()
        )
        return latest is not None and latest.seconds > settings.FIGURES_IN_REQUEST_SECONDS


class StoredFigures(models.Model):
    """A report page's figures (the dashboard's or the committee report's body) as a background task last counted
    and rendered them for one reader, period and language: for readers whose figures take too long to count inside a
    request."""

    COUNT_GIVE_UP = datetime.timedelta(minutes=30)
    # Figures counted this long ago are counted again even if no write was seen (a belt to the data version's braces).
    KEPT_FOR = datetime.timedelta(hours=1)
    FORGOTTEN_AFTER = datetime.timedelta(days=7)

    key = models.CharField(_("key"), max_length=64, unique=True)
    page = models.CharField(_("page"), max_length=20)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("rows counted"), max_length=200, help_text=_("programme, or the partners' numbers"))
    language = models.CharField(_("language"), max_length=10)
    arguments = models.JSONField(_("filters and day"), encoder=DjangoJSONEncoder)
    html = models.TextField(_("rendered figures"), blank=True)
    data_version = models.BigIntegerField(_("data version counted"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    seconds = models.FloatField(_("seconds to count"), null=True, blank=True)
    requested_at = models.DateTimeField(_("count asked for at"), null=True, blank=True)

    objects = StoredFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        indexes = [
            # StoredFiguresQuerySet.slow_for: the latest count of a page for a scope.
            models.Index(fields=["page", "scope", "-counted_at"], name="stored_figures_latest"),
        ]

    def __str__(self):
        return f"{self.page} {self.key[:8]}"

    def is_current(self, version, now):
        return bool(self.html) and self.data_version == version and self.counted_at >= now - self.KEPT_FOR


# The results framework lives in its own module; imported here so that Django finds its models.
from reporting.framework import (  # noqa: E402, F401
    ContentItem,
    Narrative,
    ProgrammePhase,
    ReportedActual,
    ResultArea,
    ResultIndicator,
    ResultTarget,
    UsdRate,
)
