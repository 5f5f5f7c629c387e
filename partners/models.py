from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords

from partners.querysets import EXPIRY_WARNING, AgreementQuerySet, PartnerQuerySet
from score_mis.audit import Audited, Stamped
from score_mis.bilingual import filled, in_language, require_text


def unique_in_each_language(name, prefix, message, fields=()):
    """Unique constraints on the text field `name` in each language, together with `fields`; an empty value
    (the text written in the other language only) takes part in none."""
    return [
        models.UniqueConstraint(
            fields=[f"{name}_{suffix}", *fields],
            condition=Q(**{f"{name}_{suffix}__gt": ""}),
            name=f"{prefix}_{suffix}_unique",
            violation_error_message=message,
        )
        for suffix in ("en", "zh_hans")
    ]


class Phase(models.TextChoices):
    PHASE_I = "I", _("Phase I (2009–2013)")
    PHASE_II = "II", _("Phase II (2013–2017)")
    PHASE_III = "III", _("Phase III (from 2017)")


class City(Stamped):
    """A city, named in English and Chinese (partners/translation.py); either name is unique among cities."""

    name = models.CharField(_("name"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=filled("name"), name="city_has_name", violation_error_message=_("A city needs a name.")
            ),
            *unique_in_each_language("name", "city_name", _("Another city has this name.")),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        require_text(self, "name")

    @property
    def display_name(self):
        return in_language(self, "name")[0]

    @property
    def display_province(self):
        return in_language(self, "province")[0]


class Partner(Stamped):
    class Kind(models.TextChoices):
        EMPLOYERS_ORGANISATION = "employers", _("Employers' organisation")
        BUYER_INITIATIVE = "buyer_initiative", _("Buyer initiative")
        BRAND = "brand", _("Brand")
        TRADE_UNION = "trade_union", _("Trade union")
        GOVERNMENT = "government", _("Government")
        TRAINING_PROVIDER = "training_provider", _("Training provider")

    class ParentRelation(models.TextChoices):
        BRANCH_OF = "branch", _("Branch of")
        MEMBER_OF = "member", _("Member of")

    name = models.CharField(_("name"), max_length=200, blank=True)
    code = models.SlugField(
        _("short code"),
        max_length=30,
        unique=True,
        help_text=_("A short unique code such as CEC or CQ-EC, used in imports and exports."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    parent_relation = models.CharField(
        _("relation to parent"), max_length=10, choices=ParentRelation.choices, blank=True
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(parent_relation=""))
                | (Q(parent__isnull=False) & ~Q(parent_relation="")),
                name="partner_parent_has_relation",
                violation_error_message=_("A partner with a parent needs a relation to it, and only then."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="partner_not_own_parent",
                violation_error_message=_("A partner cannot be its own parent."),
            ),
            models.CheckConstraint(
                condition=filled("name"), name="partner_has_name", violation_error_message=_("A partner needs a name.")
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("partners:partner_detail", args=[self.pk])

    @property
    def display_name(self):
        return in_language(self, "name")[0]

    def clean(self):
        require_text(self, "name")
        if self.parent_id == self.pk:
            return  # the partner_not_own_parent constraint reports this
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A partner cannot be a branch or member of its own branch.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Agreement(Stamped):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        IMPLEMENTATION = "implementation", _("Implementation agreement")

    class Status(models.TextChoices):
        NOT_YET = "not_yet", _("Not yet in force")
        IN_FORCE = "in_force", _("In force")
        EXPIRING = "expiring", _("Expiring within 90 days")
        EXPIRED = "expired", _("Expired")

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=3, choices=Phase.choices)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    scope = models.TextField(_("scope"), blank=True)
    document = models.FileField(_("document"), upload_to="agreements/", blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on"]
        indexes = [
            # Agreements signed in a period (report), the admin's default order and its date drill-down.
            models.Index(fields=["-signed_on"], name="agreement_signed_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_start",
                violation_error_message=_("An agreement cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=filled("title"),
                name="agreement_has_title",
                violation_error_message=_("An agreement needs a title."),
            ),
            # Its natural key: saving the same agreement twice (a double tap on save) lands on the first
            # (score_mis.saving).
            *unique_in_each_language(
                "title",
                "agreement_title",
                _("This partner already has an agreement with this title."),
                fields=["partner"],
            ),
        ]

    def __str__(self):
        return f"{in_language(self, 'title')[0]} ({self.signed_on:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("partners:agreement_detail", args=[self.pk])

    def clean(self):
        require_text(self, "title")

    def status_on(self, day):
        if day < self.starts_on:
            return self.Status.NOT_YET
        if self.ends_on is None or self.ends_on > day + EXPIRY_WARNING:
            return self.Status.IN_FORCE
        return self.Status.EXPIRING if self.ends_on >= day else self.Status.EXPIRED


class PartnerMembership(Audited):
    """A user's part in a partner: coordinators enter its data, viewers only read it."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        VIEWER = "viewer", _("Viewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("partner membership")
        verbose_name_plural = _("partner memberships")
        ordering = ["partner__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partner"], name="one_membership_per_user_and_partner"),
        ]

    def __str__(self):
        return f"{self.user} – {self.partner} ({self.get_role_display()})"


class UserPreference(models.Model):
    """Choices a user makes for themselves, kept across sign-ins and devices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(_("interface language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self):
        return str(self.user)


class UserHistory(HistoricalRecords):
    """The history of users: their groups (roles) and flags decide who sees, changes and reviews what.
    A sign-in, which only stamps `last_login`, is not a change."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("update_fields") == {"last_login"}:
            return
        super().post_save(instance, created, using=using, **kwargs)


register(
    User,
    app="partners",
    records_class=UserHistory,
    excluded_fields=["password", "last_login"],
    m2m_fields=["groups"],
)


class QualitySettings(Audited):
    """The thresholds of the data-quality rules, set by ILO staff (one row, `QualitySettings.current()`)."""

    activity_tolerance_days = models.PositiveSmallIntegerField(
        _("days an activity may fall outside its round"),
        default=7,
        help_text=_("A workshop day or factory visit may be dated this many days before or after its round."),
    )
    attendance_ceiling = models.PositiveSmallIntegerField(
        _("most people one enterprise sends to one activity"), default=40
    )
    follow_up_months = models.CharField(
        _("follow-up measurements due (months after Module 1)"),
        max_length=40,
        default="6,12",
        validators=[RegexValidator(r"^\d{1,2}(,\d{1,2})*$", _("Months separated by commas, such as 6,12."))],
    )
    review_wait_days = models.PositiveSmallIntegerField(_("days an improvement may wait for review"), default=14)
    outlier_z = models.DecimalField(
        _("robust z-score above which a value is an outlier"), max_digits=4, decimal_places=1, default=3.5
    )

    class Meta:
        verbose_name = _("data-quality settings")
        verbose_name_plural = _("data-quality settings")

    def __str__(self):
        return str(_("Data-quality settings"))

    @classmethod
    def current(cls):
        """The settings ILO staff saved, or the defaults until they save some (reading never writes)."""
        return cls.objects.order_by("pk").first() or cls()

    @property
    def follow_up_month_list(self):
        return sorted({int(month) for month in self.follow_up_months.split(",")})


class PeriodLockQuerySet(models.QuerySet):
    def covering(self, dates):
        """The locks of any of `dates` (None are ignored)."""
        condition = Q()
        for day in {day for day in dates if day is not None}:
            condition |= Q(starts_on__lte=day, ends_on__gte=day)
        return self.filter(condition) if condition else self.none()


class PeriodLock(Stamped):
    """A reporting period closed after the committee meeting: its records change only by ILO staff, with a reason."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, help_text=_("For example: reported to the committee.")
    )

    objects = PeriodLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("locked period")
        verbose_name_plural = _("locked periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="period_lock_ends_after_start",
                violation_error_message=_("A period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=filled("reason"),
                name="period_lock_has_reason",
                violation_error_message=_("A locked period needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d} – {self.ends_on:%Y-%m-%d}"

    def clean(self):
        require_text(self, "reason")


class NotificationKind(models.TextChoices):
    IMPROVEMENT_SUBMITTED = "improvement_submitted", _("Improvement sent for review")
    IMPROVEMENT_RETURNED = "improvement_returned", _("Improvement returned")
    IMPROVEMENT_VERIFIED = "improvement_verified", _("Improvement verified")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up measurements due")
    ROUND_OVERDUE = "round_overdue", _("Rounds overdue to close")


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("E-mail at once")
    DIGEST = "digest", _("Weekly e-mail digest")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a user should know. Its text is worked out from `kind` and `params` in the reader's language
    (partners.notifications)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(_("details"), default=dict)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The same reminder (a round, a follow-up) is not repeated while an earlier one is recent.
    key = models.CharField(_("key"), max_length=100, blank=True)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The inbox and its unread count (the bell on every page).
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox"),
        ]

    def __str__(self):
        return f"{self.recipient}: {self.get_kind_display()}"


class NotificationPreference(models.Model):
    """How a user wants to hear of one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_notification_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} – {self.get_delivery_display()}"
