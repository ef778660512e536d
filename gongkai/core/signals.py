"""Explicit notifications between apps (sent by services, never by model save hooks)."""

from django.dispatch import Signal

# Sent inside the transaction that changed WorkdayCalendar rows; kwargs: actor, dates, reason.
# gongkai.applications recomputes every open request's due dates and logs the change on each.
calendar_changed = Signal()
