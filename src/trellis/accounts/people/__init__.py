"""An admin's people page: find the school's people, see when they last signed in, and
deactivate, reactivate, reset their sign-in or change their role. Every change is written to
the audit log (:mod:`trellis.audit`).

Rooms as an app's: ``permissions`` (admins, their own school), ``queries`` (the page, in a
fixed number of queries), ``actions`` (each change, audited), ``views`` and ``urls``.
"""
