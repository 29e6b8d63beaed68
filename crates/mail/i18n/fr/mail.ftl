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

## Le planning : échanges, changements de permanences et résumé de passation, pour les contacts de permanence des sites.
rota-subject = [{ $prefix }] Planning : { $what }
rota-heading = Planning du support de premier niveau
rota-title-proposed = échange proposé
rota-title-accepted = échange accepté
rota-title-declined = échange refusé
rota-title-withdrawn = échange retiré
rota-title-changed = permanences modifiées
rota-title-handover = passation de la semaine du { $week }
rota-by = Par { $author }.
rota-proposed-exchange = { $proposer } propose de donner sa permanence de la semaine du { $week } à { $responder } et de prendre celle de { $responder } de la semaine du { $other }.
rota-note = { $proposer } ajoute : « { $note } »
rota-proposed-give = { $proposer } propose de donner sa permanence de la semaine du { $week } à { $responder }.
rota-decided-exchange = L'échange de la permanence de { $proposer } de la semaine du { $week } contre celle de { $responder } de la semaine du { $other } a été { $state }.
rota-decided-give = Le don de la permanence de { $proposer } de la semaine du { $week } à { $responder } a été { $state }.
rota-state-accepted = accepté
rota-state-declined = refusé
rota-state-withdrawn = retiré
rota-state-proposed = proposé
rota-changed = Les permanences des semaines du { $weeks } ont changé ({ $action }) ; sites concernés : { $sites }.
rota-action-generated = l'année a été générée
rota-action-swap = un échange
rota-action-override = fixé par un coordinateur
rota-handover = Passation des permanences : la semaine du { $outgoing } se termine, celle du { $incoming } commence.
rota-tickets = Tickets ouverts du premier niveau
rota-no-tickets = Aucun ticket du premier niveau n'est ouvert.
rota-ticket = #{ $number } { $subject } : { $status }, { $priority }, ouvert depuis { $age }
rota-age = { $days } j { $hours } h
rota-why = Pourquoi ce message
rota-why-sites = Vous êtes contact de permanence d'un site concerné.
rota-why-handover = Vous êtes de permanence la semaine qui se termine ou celle qui commence.
rota-view = Voir le planning
rota-hint = Pour répondre à une proposition, utilisez la page du planning : une réponse à ce message ouvrirait un ticket.
