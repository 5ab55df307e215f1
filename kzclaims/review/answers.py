"""How a claim write answers (the review's tag and undo, a resolver's decision): one protocol
with static/js/review.js. Without JavaScript, a write with nothing typed to give back is a
message and a redirect. Otherwise the answer is the changed fragment (or, without JavaScript,
a page): a refused write is its form again with what the person typed and why, marked with
REFUSED so that review.js swaps it in whatever the status (403, 409, 422); a done write
carries the client event the page moves on with (the claim's id and status)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django_htmx.http import trigger_client_event

REFUSED = "X-Kz-Refused"


def wants_redirect(request, typed) -> bool:
    """A plain form post with nothing to put back into a form: the next page says it."""
    return not request.htmx and typed is None


def redirect_with(request, *, level, message, to):
    messages.add_message(request, level, message)
    return redirect(to)


def answer(
    request,
    template,
    context,
    *,
    message,
    refused,
    status=200,
    typed=None,
    errors=None,
    event=None,
    claim=None,
    detail=None,
):
    """Renders `template` with `context` and what every answer shows: the message, whether
    the write was refused, the text typed (`typed`, set only for a refusal with a form to
    redraw) and the reasons by field (`errors`). With `event`, the client event naming
    `claim`, its status (and `detail`)."""
    context = {
        **context,
        "message": message,
        "conflict": refused,
        "typed": typed,
        "errors": errors or {},
    }
    response = render(request, template, context, status=status)
    if typed is not None:
        response[REFUSED] = "form"  # review.js swaps a refused form in, even a 403
    if event is not None:
        payload = {"id": claim.pk, "status": claim.status, "label": claim.get_status_display()}
        trigger_client_event(response, event, {**payload, **(detail or {})}, after="swap")
    return response
