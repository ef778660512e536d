"""Sent by publishing services on commit (never by save hooks); kwarg `document`.

Listeners: the Q&A passage index and subscriptions (gongkai.qa).
"""

from django.dispatch import Signal

document_published = Signal()
document_withdrawn = Signal()
document_changed = Signal()
# Sent once after a batch import (kwarg `documents`), instead of one document_published each.
documents_imported = Signal()
