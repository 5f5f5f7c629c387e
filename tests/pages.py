"""Reading a rendered page the way a browser does: its forms, their fields, and what submitting one sends."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

NOT_SENT = {"submit", "button", "reset", "image", "file"}


@dataclass
class Field:
    tag: str
    attrs: dict
    options: list = field(default_factory=list)  # a select's (value, selected) pairs
    text: str = ""  # a textarea's content

    @property
    def name(self):
        return self.attrs.get("name")

    @property
    def type(self):
        return self.attrs.get("type", "text") if self.tag == "input" else self.tag

    def sent(self):
        """The values a browser sends for this field when its form is submitted."""
        if not self.name or "disabled" in self.attrs or self.type in NOT_SENT:
            return []
        if self.type in ("checkbox", "radio"):
            return [self.attrs.get("value", "on")] if "checked" in self.attrs else []
        if self.tag == "select":
            chosen = [value for value, selected in self.options if selected]
            if not chosen and self.options and "multiple" not in self.attrs:
                chosen = [self.options[0][0]]
            return chosen
        if self.tag == "textarea":
            return [self.text.removeprefix("\n")]
        return [self.attrs.get("value", "")]


@dataclass
class Form:
    attrs: dict
    in_main: bool
    fields: list = field(default_factory=list)

    @property
    def method(self):
        return self.attrs.get("method", "get").lower()

    def data(self):
        """What submitting the form as rendered sends: {name: [values]}."""
        sent = {}
        for form_field in self.fields:
            for value in form_field.sent():
                sent.setdefault(form_field.name, []).append(value)
        return sent

    def date_inputs(self):
        return [form_field for form_field in self.fields if form_field.type == "date"]


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._select, self._option, self._textarea = [], None, None, None
        self._in_main = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: "" if value is None else value for name, value in attrs}
        if tag == "main":
            self._in_main = True
        elif tag == "form":
            self.forms.append(Form(attrs, self._in_main))
        elif not self.forms:
            return
        elif tag == "input":
            self.forms[-1].fields.append(Field(tag, attrs))
        elif tag == "select":
            self._select = Field(tag, attrs)
            self.forms[-1].fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "selected" in attrs, ""]
            self._select.options.append(self._option)
        elif tag == "textarea":
            self._textarea = Field(tag, attrs)
            self.forms[-1].fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.text += data
        elif self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        elif tag == "option" and self._option is not None:
            if self._option[0] is None:
                self._option[0] = self._option[2].strip()
            self._select.options[-1] = (self._option[0], self._option[1])
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(response):
    """The forms of a rendered page, in the order they appear."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.forms


def main_form(response, method="post"):
    """The page's one form of this method in <main> (the top bar's language and sign-out forms are not)."""
    forms = [form for form in forms_of(response) if form.method == method and form.in_main]
    assert len(forms) == 1, f"expected one {method} form, found {len(forms)}"
    return forms[0]


def submit_as_rendered(client, url, method="post", **changes):
    """Open `url`, then send its form back with what the page shows, changed by `changes`, as a browser would."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form = main_form(page, method)
    data = {**form.data(), **{name: value if isinstance(value, list) else [value] for name, value in changes.items()}}
    target = form.attrs.get("action") or url
    return client.post(target, data) if method == "post" else client.get(target, data)
