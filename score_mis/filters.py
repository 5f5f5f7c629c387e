import django_filters


class ListFilter(django_filters.FilterSet):
    """The search and filters of a list page, read from the query string and shown by
    templates/includes/list_filter.html: a `q` filter is the search box above the others."""

    @property
    def chosen(self):
        """Names of the filters the query string gives a value (the page number and defaults are not filters)."""
        query = self.request.GET
        return {
            name
            for name, field in self.form.fields.items()
            if _has_value(field.widget.value_from_datadict(query, {}, self.form.add_prefix(name)))
        }

    @property
    def more_filters_chosen(self):
        """Whether a filter other than the search box is chosen (the template then shows them open)."""
        return bool(self.chosen - {"q"})


def _has_value(value):
    values = value if isinstance(value, (list, tuple)) else [value]
    return any(item not in (None, "") for item in values)
