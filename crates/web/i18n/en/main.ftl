# Guichet's pages, in English. Every message here exists in fr.ftl too (a
# test checks). Statuses and priorities keep GGUS's English terms.

site-name = Guichet
site-tagline = Operations helpdesk for research e-infrastructures

nav-home = Home
nav-my-tickets = My tickets
nav-submit = Submit a ticket
nav-first-level = First-level queue
nav-units = Unit queues
nav-admin = Administration
nav-sign-in = Sign in
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $name }
nav-skip = Skip to the content

go-label = Ticket number
go-button = Go
go-unknown = No ticket has the number { $number }.
go-invalid = A ticket number is a number such as 100234.

lang-switch = Language
lang-en = English
lang-fr = Français

landing-title = Operations support, ticket by ticket
landing-lead = Report a problem with a site, a service or a community's work, and follow it until it is solved. Each ticket goes to the people who can solve it, and only they are notified.
landing-submit = Submit a ticket
landing-sign-in = Sign in to follow your tickets
landing-how = How it works
landing-step-submit = You describe the problem once, with the site and the community it affects.
landing-step-route = First-level support routes it to the experts of that area, or to the site.
landing-step-solve = The experts answer in the ticket; you are asked to confirm the solution.

sign-in-title = Sign in
sign-in-email = E-mail address
sign-in-password = Password
sign-in-button = Sign in
sign-in-failed = Wrong e-mail address or password.
sign-in-disabled = This account is disabled.
signed-out = You are signed out.

error-not-found-title = Page not found
error-not-found = There is nothing here, or nothing you may see.
error-forbidden-title = Not allowed
error-forbidden = Your role does not allow this.
error-csrf = This form was sent from another site, or it is too old. Reload the page and try again.
error-conflict-title = Not possible now
error-internal-title = Something went wrong
error-internal = An internal error occurred; it has been logged.
error-sign-in-needed = Sign in to see this page.
error-back-home = Back to the home page

list-total = { $count } tickets
list-total-more = more than 10,000 tickets
list-empty = No tickets here.
list-previous = Previous page
list-next = Next page
list-page = Page { $page }

mine-title = My tickets

col-number = Number
col-subject = Subject
col-status = Status
col-priority = Priority
col-colour = Colour
colour-green = green
colour-yellow = yellow
colour-amber = amber
colour-red = red
col-unit = Unit
col-updated = Last change
col-created = Opened

ticket-title = Ticket { $number }
ticket-fields = Details
thread-quoted = Quoted text
thread-signature = Signature
ticket-thread = Thread
ticket-history = History
ticket-relations = Related tickets
ticket-attachments = Attachments
ticket-no-attachments = No attachments.
ticket-no-relations = No related tickets.
ticket-description = Description
ticket-submitter = Submitted by
ticket-site = Affected site
ticket-vo = Community (VO)
ticket-type = Type of issue
ticket-assignee = Assigned to
ticket-cc = In copy
ticket-involved = Also involved
ticket-visibility = Visibility
ticket-notification = Notify the submitter
ticket-occurred = Problem started
ticket-none = none
ticket-system = the system
ticket-history-change = { $field }: { $old } → { $new }
ticket-locked = Locked: this ticket follows its master ticket.

relation-cross-reference = related to
relation-parent = parent of
relation-child = child of
relation-master = master of
relation-slave = slave of

kind-public-reply = Reply
kind-internal-note = Internal note
kind-solution = Solution

submit-title = Submit a ticket
submit-subject = Subject
submit-subject-hint = One line, at most 250 characters.
submit-description = Description
submit-description-hint = What happens, since when, and what you tried.
submit-priority = Priority
submit-justification = Why this priority
submit-justification-hint = Needed for any priority above “less urgent”.
submit-site = Affected site
submit-vo = Community (VO)
submit-type = Type of issue
submit-occurred = Problem started (UTC)
submit-visibility = Visibility
submit-notification = Notify me
submit-cc = In copy (addresses, one per line)
submit-files = Attachments
submit-files-hint = At most { $limit } per file.
submit-files-article = Files attached at submission.
submit-button = Submit
submit-none = — none —
submit-errors = The ticket was not submitted: see the fields marked below.
submit-too-large = { $name } is too large: at most { $limit } per file.

field-required = This field is required.
field-too-long = At most { $max } characters.
priority-needs-justification = Say why this priority is needed.

action-reply = Reply
action-reply-kind = Kind
action-send = Send
action-status = Status
action-new-status = New status
action-qualifier = Qualifier (for solved and unsolved)
action-solution = Solution (to solve)
action-comment = Comment (the reason, to put on hold)
action-apply = Apply
action-route = Route or assign
action-unit = Responsible unit
action-assignee = Assigned to
action-priority = Priority
action-follow = Copy and notifications
action-relate = Relate a ticket
action-relate-kind = This ticket is
action-relate-target = Ticket number
action-unrelate = Remove
action-none = Nothing can be changed on this ticket any more.
status-needs-qualifier = Choose a qualifier for this status.

visibility-public = public
visibility-private = private (the submitter and supporters only)
notification-on-solution = on solution
notification-on-every-change = on every change

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

qualifier-fixed = fixed
qualifier-fixed--workaround- = fixed (workaround)
qualifier-works-as-designed = works as designed
qualifier-other = other
qualifier-duplicate = duplicate
qualifier-invalid = invalid
qualifier-won-t-fix = won't fix
qualifier-no-reply = no reply

role-requester = requester
role-shifter = first-level shifter
role-supporter = supporter
role-unit-manager = unit manager
role-coordinator = coordinator
role-admin = administrator

footer-api = JSON API

## Dates: day, month, year, time and zone.
moment = { $day } { $month } { $year }, { $time } { $zone }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
sign-in-throttled = Too many failed sign-ins for this account or from this address. Try again after { $time }.

## Preferences.
nav-preferences = Preferences
preferences-title = Preferences
preferences-language = Language
preferences-browser-language = The browser's language
preferences-time-zone = Time zone
preferences-notification = Notifications of my new tickets
preferences-notification-hint = Each ticket can change it afterwards.
preferences-save = Save
preferences-saved = Your preferences are saved.
preferences-invalid-language = Choose English, French or the browser's language.
preferences-invalid-time-zone = Choose a time zone from the list.
preferences-invalid-notification-mode = Choose a notification mode from the list.

## Involving others and following a ticket.
action-involve = Involve others
action-involve-units = Units
action-involve-people = People
action-subscription = Follow this ticket
action-subscribed = You follow this ticket: you hear about its changes.
action-subscribe-hint = Hear about its changes, as its submitter does.
action-subscribe = Subscribe
action-unsubscribe = Unsubscribe

## Queues.
nav-queues = Queues
queues-title = Queues
queues-first-level = First-level queue
queues-first-level-hint = the tickets nobody routed yet, oldest first.
queues-unit = Queue of { $unit }
queues-mine = My units
queues-expertise = Expertise units
queues-sites = Sites
queues-order = Order
queues-show = Show
queues-all-open = every open status
queues-empty = Nothing waiting in this queue.
order-changed = last changed first
order-unchanged = least recently changed first
order-oldest = oldest first
order-newest = newest first

## Why a field was refused.
reason-subject = A subject of at most 250 characters, please.
reason-text-too-long = This text is too long.
reason-priority = Choose a priority from the list.
reason-status = The ticket cannot take that status now.
reason-choice = Choose from the list.
reason-option = Choose one of the options.
reason-cc = Give valid e-mail addresses, one a line.
reason-occurred-at = Give a date and time, not in the future.
reason-target = Give the number of another ticket you may see.
reason-file = This file cannot be attached.

## The history's field names.
history-field-status = Status
history-field-qualifier = Qualifier
history-field-priority = Priority
history-field-priority-justification = Why the priority
history-field-unit = Unit
history-field-assignee = Assigned to
history-field-involved-units = Units involved
history-field-involved-users = People involved
history-field-site = Affected site
history-field-vo = Community (VO)
history-field-type = Type of issue
history-field-subject = Subject
history-field-cc = Copy to
history-field-visibility = Visibility
history-field-notification-mode = Notifications
history-field-locked = Locked to its master
history-field-delivery-failed = Mail not delivered
history-field-qos-breach = QoS target breached
history-field-imported = Imported

## Needs attention
nav-attention = Needs attention
attention-title = Needs attention
attention-intro = What first-level support and the coordinators should look at now, longest waiting first.
attention-red = Red tickets
attention-unassigned = Tickets nobody has taken for 4 working hours
attention-waiting = Tickets still waiting for a reply after a reminder
attention-late-units = Units past 75 % of their response target
attention-late-counts = { $warned } past 75 %, { $breached } past the target
attention-total = { $count } in all
attention-none = Nothing here.
