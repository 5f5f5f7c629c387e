"""Pages of long lists that never count every row: a list of millions costs at most a few thousand rows counted."""

from functools import cached_property

from django.core.paginator import Paginator

COUNTED_AHEAD = 2000


def has_more_than(queryset, count):
    """Whether `queryset` has more than `count` rows: a count that stops reading at `count` + 1."""
    return queryset.order_by().values("pk")[: count + 1].count() > count


class BoundedPaginator(Paginator):
    """Counts rows only up to `counted_ahead` past the page asked for (`page_number`). When there are more,
    `count_is_bounded` is true, `count` and `num_pages` are lower bounds ("more than"), and every later page stays
    reachable: asking for it moves the bound along."""

    def __init__(self, object_list, per_page, *, page_number, counted_ahead=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        counted_ahead = COUNTED_AHEAD if counted_ahead is None else counted_ahead
        try:
            requested = max(int(page_number), 1)
        except (TypeError, ValueError):
            requested = 1
        self.limit = requested * per_page + counted_ahead

    @cached_property
    def _counted(self):
        return self.object_list.order_by().values("pk")[: self.limit + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.limit)

    @cached_property
    def count_is_bounded(self):
        return self._counted > self.limit
