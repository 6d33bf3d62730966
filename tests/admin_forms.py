"""What a browser would send for an admin form, for tests that post forms the admin rendered."""

from django import forms


def post_data(form, inlines=()):
    """The POST a browser would send for ``form`` as rendered, with its inline formsets."""
    data = fields_of(form)
    for formset in inlines:
        management = formset.management_form
        data.update(fields_of(management))
        for inline_form in formset.forms:
            data.update(fields_of(inline_form))
    return data


def fields_of(form):
    data = {}
    for bound in form:
        if isinstance(bound.field, forms.FileField):
            continue  # no new upload
        value = bound.value()
        widget = bound.field.widget
        if hasattr(widget, "widgets"):  # split date and time
            for index, part in enumerate(widget.decompress(value)):
                data[f"{bound.html_name}_{index}"] = "" if part is None else part
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is not None and not (isinstance(value, bool) and not value):
            data[bound.html_name] = value
    return data


def change_form(client, url):
    """The form and inline formsets of the admin page at ``url``, as ``post_data`` wants them."""
    context = client.get(url).context
    inlines = context.get("inline_admin_formsets") or []  # a revert form has none
    return context["adminform"].form, [inline.formset for inline in inlines]
