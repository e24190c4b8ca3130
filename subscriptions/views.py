"""The public side: subscribe, confirm, manage (signed link, no account), unsubscribe."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from site_core.params import get_text
from site_core.syndication import FollowTarget, resolve

from . import services, spam, tokens
from .forms import FrequencyForm, SubscribeForm
from .models import Kind, Status, Subscription


def _target_from(data):
    kind = get_text(data, "kind", max_length=10) or Kind.SITE
    key = get_text(data, "key", max_length=255) or ""
    if kind not in Kind.values:
        return None, None
    if kind == Kind.SITE:
        key = ""
    target = FollowTarget(kind, key)
    resolved = resolve(target)
    return (target, resolved) if resolved is not None else (None, None)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    data = request.POST if request.method == "POST" else request.GET
    target, resolved = _target_from(data)
    if target is None:
        raise Http404
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        over_limit = spam.hit_rate_limit(spam.client_ip(request))
        if form.is_valid():
            problem = spam.token_problem(form.cleaned_data["token"])
            if form.cleaned_data["website"].strip():
                problem = "bad"
            if problem == "fast":
                form.add_error(
                    None,
                    _("The form was sent very quickly: check your address and send it again."),
                )
            elif problem:
                form.add_error(None, _("The form has expired: send it again, please."))
            elif over_limit:
                form.add_error(
                    None, _("Too many requests from your connection: try again in an hour.")
                )
            else:
                services.subscribe(
                    form.cleaned_data["email"], target, form.cleaned_data["frequency"]
                )
                return redirect(reverse("subscriptions:sent"))
        form.data = form.data.copy()
        form.data["token"] = spam.make_form_token()
    else:
        form = SubscribeForm(initial={"token": spam.make_form_token()})
    return render(
        request,
        "subscriptions/subscribe.html",
        {"form": form, "target": target, "resolved": resolved},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def sent(request):
    return render(request, "subscriptions/sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button, POST confirms: a link checker that opens the link confirms nothing."""
    subscription = tokens.read_confirm_token(token)
    if subscription is None:
        return render(request, "subscriptions/link_invalid.html", status=404)
    if request.method == "POST":
        services.confirm(subscription)
        return redirect(
            reverse("subscriptions:manage", args=[tokens.manage_token(subscription.email)])
        )
    return render(request, "subscriptions/confirm.html", {"subscription": subscription})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    email = tokens.read(token, tokens.MANAGE_SALT)
    if not isinstance(email, str):
        return render(request, "subscriptions/link_invalid.html", status=404)
    subscriptions = list(Subscription.objects.filter(email=email).order_by("kind", "label"))
    message = ""
    if request.method == "POST":
        action = get_text(request.POST, "action", max_length=20)
        chosen = next(
            (s for s in subscriptions if str(s.pk) == get_text(request.POST, "id", max_length=20)),
            None,
        )
        if action == "erase":
            services.erase_address(email)
            return render(request, "subscriptions/erased.html")
        if chosen is None:
            message = _("Choose a subscription.")
        elif action == "frequency":
            form = FrequencyForm(request.POST)
            if form.is_valid():
                chosen.frequency = form.cleaned_data["frequency"]
                chosen.save(update_fields=["frequency"])
                message = _("Frequency changed.")
            else:
                message = _("Choose how often you wish to receive the news.")
        elif action == "unsubscribe":
            services.unsubscribe(chosen)
            message = _("You are unsubscribed from “%(title)s”.") % {"title": chosen.label}
        elif action == "resubscribe" and chosen.status == Status.UNSUBSCRIBED:
            services.confirm(chosen)
            message = _("You are subscribed again to “%(title)s”.") % {"title": chosen.label}
        subscriptions = list(Subscription.objects.filter(email=email).order_by("kind", "label"))
    return render(
        request,
        "subscriptions/manage.html",
        {
            "email": email,
            "subscriptions": subscriptions,
            "message": message,
            "frequency_form": FrequencyForm(),
        },
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a CSRF token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = tokens.read_unsubscribe_token(token)
    if subscription is None:
        return render(request, "subscriptions/link_invalid.html", status=404)
    if request.method == "POST":
        services.unsubscribe(subscription)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(
                _("You are unsubscribed."), content_type="text/plain; charset=utf-8"
            )
        return render(request, "subscriptions/unsubscribed.html", {"subscription": subscription})
    return render(request, "subscriptions/unsubscribe.html", {"subscription": subscription})
