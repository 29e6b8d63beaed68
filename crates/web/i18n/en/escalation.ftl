# The submitter's escalation button. Every message here exists in
# fr/escalation.ftl too (a test checks).

escalation-title = Escalation
escalation-unit = the unit
escalation-first-level = the unit and first-level support
escalation-coordinators = the unit, first-level support and the coordinators
escalation-button = Escalate to { $level }
escalation-hint = Each level is reached once, one at a time, at most once every 8 working hours.
escalation-reached = Escalated to { $level } on { $at }.
escalation-time-left = { $hours } h { $minutes } min
escalation-too-soon = You can escalate again in { $left } of working time, on { $at }.
escalation-at-top = The ticket is escalated to the highest level.
escalation-not-open = Only an open ticket can be escalated.
escalation-done = The ticket is escalated to { $level }.
reason-escalation = The ticket cannot be escalated now.
history-field-escalation = Escalation
