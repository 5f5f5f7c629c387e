"""Additions to the generated OpenAPI schema (drf-spectacular postprocessing hooks)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from rest_framework.serializers import Serializer

MESSAGE = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
MESSAGES_BY_FIELD = {"type": "object", "additionalProperties": True}
ERRORS = {
    "400": ("The query string is not valid: messages by parameter.", MESSAGES_BY_FIELD),
    "401": ("No valid token or session.", MESSAGE),
    "403": ("The user may not read this (e.g. figures for a user who reads no reports).", MESSAGE),
    "404": ("No such record among those the user may see, or no such page.", MESSAGE),
    "429": ("Too many requests with this token: wait and try again.", MESSAGE),
}


def document_errors(result, generator, request, public):
    """Every operation documents the errors it may answer, in the media type of its answers (CSV for feeds),
    and record ids in paths are positive."""
    for operations in result["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            success = next(status for status in responses if status.startswith("2"))
            media_type = next(iter(responses[success].get("content", {"application/json": None})))
            for status, (description, schema) in ERRORS.items():
                content = {media_type: {"schema": schema} if media_type == "application/json" else {}}
                responses.setdefault(status, {"description": description, "content": content})
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["schema"].get("type") == "integer":
                    parameter["schema"]["minimum"] = 1
    return result


def _label(serializer, field):
    """The field's label: its model field's verbose name where it shows one, else its own."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is not None and field.source and "." not in field.source:
        try:
            return getattr(model._meta.get_field(field.source), "verbose_name", field.label)
        except FieldDoesNotExist:
            pass
    return field.label


def label_fields_in_chinese(result, generator, request, public):
    """Field names stay stable English words (they are the feeds' column names too); each field whose label has a
    Chinese translation carries it as `x-label-zh`, for Chinese column headings."""
    schemas = result.get("components", {}).get("schemas", {})
    enums = {name for name, schema in schemas.items() if "enum" in schema}
    for component in generator.registry._components.values():
        serializer = component.object
        properties = schemas.get(component.name, {}).get("properties")
        if component.type != "schemas" or not isinstance(serializer, Serializer) or not properties:
            continue
        for name, field in serializer.fields.items():
            label = _label(serializer, field)
            if name not in properties or not label or _is_nested(properties[name], enums):
                continue
            with translation.override("en"):
                english = str(label)
            with translation.override("zh-hans"):
                chinese = str(label)
            if chinese != english:
                if "$ref" in properties[name]:
                    # A choice field is a bare reference to its enum, which takes no sibling keys: wrap it.
                    properties[name] = {"allOf": [properties[name]]}
                properties[name]["x-label-zh"] = chinese
    return result


def _is_nested(schema, enums):
    """Whether a property is another serializer's record (labelled in its own component), not an enum of choices."""
    reference = schema.get("$ref")
    return reference is not None and reference.rsplit("/", 1)[-1] not in enums
