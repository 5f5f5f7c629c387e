"""Additions to the generated OpenAPI schema (a drf-spectacular postprocessing hook)."""

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
