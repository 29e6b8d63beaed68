## Notification mails, in English, the reference for GGUS's terms.
## Both languages have the same ids; arguments are plain text (the HTML
## part escapes the formatted words).

## Subject line and heading.
mail-subject = { $tag } { $subject }
mail-heading = Ticket #{ $number }: { $subject }
mail-system = Guichet

## Who did what.
mail-action-opened = { $author } opened the ticket.
mail-action-replied = { $author } added a public reply.
mail-action-noted = { $author } added an internal note.
mail-action-solved = { $author } solved the ticket.
mail-action-reopened = { $author } reopened the ticket.
mail-action-updated = { $author } updated the ticket.

## What the change added.
mail-description = Description
mail-article = { $kind } by { $author }
mail-kind-public-reply = Public reply
mail-kind-internal-note = Internal note (supporters only)
mail-kind-solution = Solution
mail-changes = Changes
mail-change = { $field }: { $old } → { $new }
mail-value-none = (none)
mail-files = Files attached

## Where the ticket stands.
mail-facts = The ticket now
mail-fact = { $name }: { $value }
mail-fact-status = Status
mail-fact-priority = Priority
mail-fact-unit = Responsible unit

## Footer.
mail-view = View the ticket
mail-reply-hint = Reply to this mail to answer; keep { $tag } in the subject.
mail-automatic = This mail was sent automatically by Guichet.

## Field names, as the history names them.
field-status = Status
field-qualifier = Qualifier
field-priority = Priority
field-priority-justification = Why the priority
field-unit = Responsible unit
field-assignee = Assigned to
field-involved-units = Units involved
field-involved-users = People involved
field-site = Affected site
field-vo = Community (VO)
field-type = Type of issue
field-subject = Subject
field-cc = Copy to
field-visibility = Visibility
field-notification-mode = Notifications
field-locked = Locked to its master
field-child = Child ticket
field-delivery-failed = Mail not delivered

## Statuses and priorities, by the domain's labels.
status-new = new
status-assigned = assigned
status-in-progress = in progress
status-waiting-for-reply = waiting for reply
status-on-hold = on hold
status-reopened = reopened
status-solved = solved
status-unsolved = unsolved
status-verified = verified
status-closed = closed
priority-less-urgent = less urgent
priority-urgent = urgent
priority-very-urgent = very urgent
priority-top-priority = top priority

## Is your problem solved? The submitter's links in a solution mail.
mail-confirm-title = Is your problem solved?
mail-confirm-intro = One click is enough, without signing in:
mail-confirm-verify = Yes, it is solved
mail-confirm-reopen = No, reopen the ticket
mail-confirm-valid = These links work until { $until }; then the ticket closes by itself.

## Reminders: a deadline reached, as the people it concerns hear of it.
mail-action-reminder-colour = Reminder: the ticket has turned { $colour }, it has waited long for its unit.
colour-yellow = yellow
colour-amber = amber
colour-red = red
mail-action-qos-warning = Warning: 75 % of the unit's response target ({ $hours } working hours) has passed without a response.
mail-action-qos-breach = The unit's response target ({ $hours } working hours) has passed without a response: the breach is recorded.
mail-action-escalated = { $author } escalated the ticket: { $level }.
escalation-level-unit = level 1, the unit is reminded
escalation-level-first-level = level 2, first-level support is told too
escalation-level-coordinators = level 3, the coordinators are involved
mail-action-awaiting-reply = Reminder { $count } of 2: the support team is waiting for your reply. Without one, the ticket becomes unsolved after 15 working days of waiting.

## The rota: swaps, shift changes and the handover digest, for the sites' shift contacts.
rota-subject = [{ $prefix }] Rota: { $what }
rota-heading = First-level support rota
rota-title-proposed = swap proposed
rota-title-accepted = swap accepted
rota-title-declined = swap declined
rota-title-withdrawn = swap withdrawn
rota-title-changed = shifts changed
rota-title-handover = handover of the week of { $week }
rota-by = Made by { $author }.
rota-proposed-exchange = { $proposer } proposes to give its shift of the week of { $week } to { $responder } and to take { $responder }'s shift of the week of { $other }.
rota-note = { $proposer } adds: “{ $note }”
rota-proposed-give = { $proposer } proposes to give its shift of the week of { $week } to { $responder }.
rota-decided-exchange = The exchange of { $proposer }'s shift of the week of { $week } for { $responder }'s shift of the week of { $other } was { $state }.
rota-decided-give = The give-away of { $proposer }'s shift of the week of { $week } to { $responder } was { $state }.
rota-state-accepted = accepted
rota-state-declined = declined
rota-state-withdrawn = withdrawn
rota-state-proposed = proposed
rota-changed = The shifts of the weeks of { $weeks } changed ({ $action }); sites concerned: { $sites }.
rota-action-generated = the year was generated
rota-action-swap = a swap
rota-action-override = set by a coordinator
rota-handover = Shifts hand over: the week of { $outgoing } ends, the week of { $incoming } begins.
rota-tickets = Open first-level tickets
rota-no-tickets = No first-level ticket is open.
rota-ticket = #{ $number } { $subject }: { $status }, { $priority }, opened { $age } ago
rota-age = { $days } d { $hours } h
rota-why = Why this mail
rota-why-sites = You are a shift contact of a site concerned.
rota-why-handover = You are on duty in the week that ends or in the one that begins.
rota-view = See the rota
rota-hint = To answer a proposal, use the rota's page: a reply to this mail would open a ticket.
