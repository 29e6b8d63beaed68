## Les mails de notification, en français. Les deux langues ont les mêmes
## identifiants ; les arguments sont du texte brut (la partie HTML échappe
## les mots formatés).

## Objet et titre.
mail-subject = { $tag } { $subject }
mail-heading = Ticket { $number } : { $subject }
mail-system = Guichet

## Qui a fait quoi.
mail-action-opened = { $author } a ouvert le ticket.
mail-action-replied = { $author } a ajouté une réponse publique.
mail-action-noted = { $author } a ajouté une note interne.
mail-action-solved = { $author } a résolu le ticket.
mail-action-reopened = { $author } a rouvert le ticket.
mail-action-updated = { $author } a modifié le ticket.

## Ce que le changement ajoute.
mail-description = Description
mail-article = { $kind } de { $author }
mail-kind-public-reply = Réponse publique
mail-kind-internal-note = Note interne (réservée au support)
mail-kind-solution = Solution
mail-changes = Modifications
mail-change = { $field } : { $old } → { $new }
mail-value-none = (aucun)
mail-files = Fichiers joints

## Où en est le ticket.
mail-facts = Le ticket à présent
mail-fact = { $name } : { $value }
mail-fact-status = Statut
mail-fact-priority = Priorité
mail-fact-unit = Unité responsable

## Pied du mail.
mail-view = Voir le ticket
mail-reply-hint = Répondez à ce mail pour répondre ; gardez { $tag } dans l'objet.
mail-automatic = Ce mail a été envoyé automatiquement par Guichet.

## Noms des champs, comme l'historique les nomme.
field-status = Statut
field-qualifier = Qualificatif
field-priority = Priorité
field-priority-justification = Motif de la priorité
field-unit = Unité responsable
field-assignee = Attribué à
field-involved-units = Unités impliquées
field-involved-users = Personnes impliquées
field-site = Site concerné
field-vo = Communauté (VO)
field-type = Type de problème
field-subject = Objet
field-cc = Copie à
field-visibility = Visibilité
field-notification-mode = Notifications
field-locked = Verrouillé sur son maître
field-child = Ticket enfant
field-delivery-failed = Mail non distribué

## Statuts et priorités : le libellé du domaine, traduit entre parenthèses.
status-new = new (nouveau)
status-assigned = assigned (attribué)
status-in-progress = in progress (en cours)
status-waiting-for-reply = waiting for reply (en attente de réponse)
status-on-hold = on hold (suspendu)
status-reopened = reopened (rouvert)
status-solved = solved (résolu)
status-unsolved = unsolved (non résolu)
status-verified = verified (vérifié)
status-closed = closed (fermé)
priority-less-urgent = less urgent (peu urgent)
priority-urgent = urgent
priority-very-urgent = very urgent (très urgent)
priority-top-priority = top priority (priorité maximale)

## Votre problème est-il résolu ? Les liens du demandeur dans un mail de solution.
mail-confirm-title = Votre problème est-il résolu ?
mail-confirm-intro = Un clic suffit, sans vous connecter :
mail-confirm-verify = Oui, c'est résolu
mail-confirm-reopen = Non, rouvrir le ticket
mail-confirm-valid = Ces liens fonctionnent jusqu'au { $until } ; ensuite le ticket se ferme de lui-même.

## Rappels : une échéance atteinte, pour les personnes concernées.
mail-action-reminder-colour = Rappel : le ticket est passé au { $colour }, il attend son unité depuis longtemps.
colour-yellow = jaune
colour-amber = orange
colour-red = rouge
mail-action-qos-warning = Avertissement : 75 % du délai de réponse de l'unité ({ $hours } heures ouvrées) sont écoulés sans réponse.
mail-action-qos-breach = Le délai de réponse de l'unité ({ $hours } heures ouvrées) est dépassé sans réponse : le dépassement est enregistré.
mail-action-escalated = { $author } a escaladé le ticket : { $level }.
escalation-level-unit = niveau 1, l'unité est relancée
escalation-level-first-level = niveau 2, le support de premier niveau est aussi prévenu
escalation-level-coordinators = niveau 3, les coordinateurs sont impliqués
mail-action-awaiting-reply = Rappel { $count } sur 2 : l'équipe de support attend votre réponse. Sans réponse, le ticket passera à « non résolu » après 15 jours ouvrés d'attente.
