"""What the partner page shows from the apps above partners: enterprises adds the enterprises the partner recruited,
trainings its rounds, each from its AppConfig.ready() (as trainings adds enrolments to the enterprise access table),
so that partners never reads them. A section is scoped by its own app's `visible_to(user)`."""

RECORDS_SHOWN = 20  # rows a section lists (it says how many there are)

_sections = []


def add_section(section):
    """`section(partner, user)` gives the template context of what it shows of `partner` to `user`."""
    if section not in _sections:
        _sections.append(section)


def sections(partner, user):
    """The template context of every section added, for `partner` as `user` sees it."""
    context = {}
    for section in _sections:
        context.update(section(partner, user))
    return context
