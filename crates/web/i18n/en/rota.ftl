# The first-level support rota's pages, in English.

nav-rota = Rota

rota-title = Rota
rota-nav = Rota years
rota-year-title = First-level support rota { $year }
rota-year-previous = ← { $year }
rota-year-next = { $year } →
rota-generated = Rota generated with seed { $seed } (give the same seed to draw it again).
rota-not-generated = The rota of { $year } is not generated yet.
rota-week-start = Week starting
rota-primary = Primary
rota-backup = Backup
rota-role = Role
rota-role-primary = primary
rota-role-backup = backup
rota-with = With

rota-generate-title = Generate a year
rota-generate-lead = Draws the year's rota fairly among the sites. Weeks already begun and shifts set by a swap are kept.
rota-year = Year
rota-seed = Seed
rota-seed-hint = Optional: the same seed draws the same rota again.
rota-generate-button = Generate
rota-invalid-year = The year must be a number such as 2027.
rota-invalid-seed = The seed must be a whole number, or nothing.
rota-generate-refused = The rota cannot be generated: { $reason }

rota-swaps-title = Shift swaps
rota-swaps-none = No swap has been proposed.
rota-swap-site = Site
rota-swap-week = Its week
rota-swap-other-site = Other site
rota-swap-other-week = Other site's week
rota-swap-other-week-hint = Leave empty to give the shift away rather than exchange it.
rota-swap-note = Note
rota-swap-state = State
rota-swap-actions = Actions
rota-swap-give-away = (given away)
rota-swap-expired = its week has passed
rota-swap-accept = Accept
rota-swap-decline = Decline
rota-swap-withdraw = Withdraw
rota-swap-propose = Propose a swap
rota-swap-propose-button = Propose
rota-swap-refused = The swap is refused: { $reason }
rota-swap-state-proposed = proposed
rota-swap-state-accepted = accepted
rota-swap-state-declined = declined
rota-swap-state-withdrawn = withdrawn
rota-choose-site = Choose both sites.
rota-invalid-date = Give the week as a date such as 2027-03-01.

rota-site-shifts = Next shifts
rota-site-no-shifts = This site has no shift planned.
rota-site-contacts = Shift contacts
rota-site-no-contacts = No shift contact: the whole first-level unit is told.
rota-away-until = away until { $date }
rota-contacts-edit = Who takes the site's shifts
rota-away-label = away until
rota-save = Save
rota-site-blackouts = Blackout dates
rota-site-no-blackouts = No blackout date.
rota-blackouts-edit = Blackout dates, one a line (YYYY-MM-DD)
rota-blackouts-hint = Each date keeps the site off shift for its week.
rota-not-a-date = “{ $date }” is not a date such as 2027-03-01.
rota-done-saved = Saved.
rota-done-revoked = The feed is revoked: its address no longer answers.

rota-feeds-title = Calendar feeds
rota-feeds-lead = A secret address a calendar application subscribes to, with the shifts in it.
rota-feed-created = New feed — copy its address now, it is shown only once:
rota-feed-made = Feed made { $at }
rota-feed-revoked = revoked { $at }
rota-feed-revoke = Revoke
rota-feed-create = Make a new feed

rota-on-shift-title = On shift
rota-this-week = This week
rota-next-week = Next week
rota-from = From { $date }
rota-backup-stepped-in = The backup stepped in.
rota-nobody-on-duty = Nobody is on duty: the whole first-level unit is told.
rota-on-duty = On duty:
rota-no-shift = No shift planned.
