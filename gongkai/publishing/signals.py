"""Sent by publishing services on commit (never by save hooks); kwarg `document`.

Listeners: the Q&A passage index and subscriptions (gongkai.qa).
"""

from django.dispatch import Signal

document_published = Signal()
document_withdrawn = Signal()
document_changed = Signal()
# Sent once after a batch import (kwarg `documents`), instead of one document_published each.
documents_imported = Signal()
# Sent by the search index healer (kwarg `documents`) for documents it indexed late: other indexes
# (the Q&A passages) catch up too; no subscriber mail (the documents are not news to the site).
documents_healed = Signal()
