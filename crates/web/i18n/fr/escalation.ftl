# Le bouton d’escalade du demandeur. Chaque message existe aussi dans
# en/escalation.ftl (un test le vérifie).

escalation-title = Escalade
escalation-unit = l’unité
escalation-first-level = l’unité et le support de premier niveau
escalation-coordinators = l’unité, le support de premier niveau et les coordinateurs
escalation-button = Escalader vers { $level }
escalation-hint = Chaque niveau est atteint une fois, l’un après l’autre, au plus une fois toutes les 8 heures ouvrées.
escalation-reached = Escaladé vers { $level } le { $at }.
escalation-time-left = { $hours } h { $minutes } min
escalation-too-soon = Vous pourrez escalader à nouveau dans { $left } de temps ouvré, le { $at }.
escalation-at-top = Le ticket est escaladé au plus haut niveau.
escalation-not-open = Seul un ticket ouvert peut être escaladé.
escalation-done = Le ticket est escaladé vers { $level }.
reason-escalation = Le ticket ne peut pas être escaladé maintenant.
history-field-escalation = Escalade
