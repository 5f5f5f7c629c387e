from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Short lists (partners, cities, modules …): numbered pages."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class CursorPagination(pagination.CursorPagination):
    """Long lists (rounds, enterprises, measurements …): a `next` link that stays right while rows are added."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "pk"
