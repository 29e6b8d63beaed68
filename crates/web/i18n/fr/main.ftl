# Les pages de Guichet, en français. Chaque message existe aussi dans
# en.ftl (un test le vérifie). Les statuts et priorités gardent les termes
# anglais de GGUS, avec une glose française.

site-name = Guichet
site-tagline = Support aux opérations des e-infrastructures de recherche

nav-home = Accueil
nav-my-tickets = Mes tickets
nav-submit = Ouvrir un ticket
nav-first-level = File du premier niveau
nav-units = Files des unités
nav-admin = Administration
nav-sign-in = Se connecter
nav-sign-out = Se déconnecter
nav-signed-in-as = Connecté·e : { $name }
nav-skip = Aller au contenu

go-label = Numéro de ticket
go-button = Aller
go-unknown = Aucun ticket ne porte le numéro { $number }.
go-invalid = Un numéro de ticket est un nombre comme 100234.

lang-switch = Langue
lang-en = English
lang-fr = Français

landing-title = Le support aux opérations, ticket par ticket
landing-lead = Signalez un problème sur un site, un service ou le travail d'une communauté, et suivez-le jusqu'à sa résolution. Chaque ticket va aux personnes qui peuvent le résoudre, et seules elles sont notifiées.
landing-submit = Ouvrir un ticket
landing-sign-in = Se connecter pour suivre ses tickets
landing-how = Comment ça marche
landing-step-submit = Vous décrivez le problème une fois, avec le site et la communauté touchés.
landing-step-route = Le support de premier niveau l'oriente vers les experts du domaine, ou vers le site.
landing-step-solve = Les experts répondent dans le ticket ; on vous demande de confirmer la solution.

sign-in-title = Connexion
sign-in-email = Adresse électronique
sign-in-password = Mot de passe
sign-in-button = Se connecter
sign-in-failed = Adresse électronique ou mot de passe incorrect.
sign-in-disabled = Ce compte est désactivé.
signed-out = Vous êtes déconnecté·e.

error-not-found-title = Page introuvable
error-not-found = Il n'y a rien ici, ou rien que vous puissiez voir.
error-forbidden-title = Non autorisé
error-forbidden = Votre rôle ne le permet pas.
error-csrf = Ce formulaire vient d'un autre site, ou il est trop ancien. Rechargez la page et réessayez.
error-conflict-title = Impossible pour l'instant
error-internal-title = Une erreur est survenue
error-internal = Une erreur interne s'est produite ; elle a été journalisée.
error-sign-in-needed = Connectez-vous pour voir cette page.
error-back-home = Retour à l'accueil

list-total = { $count } tickets
list-total-more = plus de 10 000 tickets
list-empty = Aucun ticket ici.
list-previous = Page précédente
list-next = Page suivante
list-page = Page { $page }

mine-title = Mes tickets

col-number = Numéro
col-subject = Sujet
col-status = Statut
col-priority = Priorité
col-colour = Couleur
colour-green = vert
colour-yellow = jaune
colour-amber = orange
colour-red = rouge
col-unit = Unité
col-updated = Dernière modification
col-created = Ouvert le

ticket-title = Ticket { $number }
ticket-fields = Détails
thread-quoted = Texte cité
thread-signature = Signature
ticket-thread = Échanges
ticket-history = Historique
ticket-relations = Tickets liés
ticket-attachments = Pièces jointes
ticket-no-attachments = Aucune pièce jointe.
ticket-no-relations = Aucun ticket lié.
ticket-description = Description
ticket-submitter = Ouvert par
ticket-site = Site concerné
ticket-vo = Communauté (VO)
ticket-type = Type de problème
ticket-assignee = Attribué à
ticket-cc = En copie
ticket-involved = Aussi impliqués
ticket-visibility = Visibilité
ticket-notification = Prévenir le demandeur
ticket-occurred = Début du problème
ticket-none = aucun
ticket-system = le système
ticket-history-change = { $field } : { $old } → { $new }
ticket-locked = Verrouillé : ce ticket suit son ticket maître.

relation-cross-reference = lié à
relation-parent = parent de
relation-child = enfant de
relation-master = maître de
relation-slave = esclave de

kind-public-reply = Réponse
kind-internal-note = Note interne
kind-solution = Solution

submit-title = Ouvrir un ticket
submit-subject = Sujet
submit-subject-hint = Une ligne, 250 caractères au plus.
submit-description = Description
submit-description-hint = Ce qui se passe, depuis quand, et ce que vous avez essayé.
submit-priority = Priorité
submit-justification = Pourquoi cette priorité
submit-justification-hint = Nécessaire pour toute priorité au-dessus de « less urgent ».
submit-site = Site concerné
submit-vo = Communauté (VO)
submit-type = Type de problème
submit-occurred = Début du problème (UTC)
submit-visibility = Visibilité
submit-notification = Me prévenir
submit-cc = En copie (adresses, une par ligne)
submit-files = Pièces jointes
submit-files-hint = { $limit } au plus par fichier.
submit-files-article = Fichiers joints à l'envoi.
submit-button = Envoyer
submit-none = — aucun —
submit-errors = Le ticket n'a pas été envoyé : voyez les champs signalés ci-dessous.
submit-too-large = { $name } est trop volumineux : { $limit } au plus par fichier.

field-required = Ce champ est obligatoire.
field-too-long = { $max } caractères au plus.
priority-needs-justification = Dites pourquoi cette priorité est nécessaire.

action-reply = Répondre
action-reply-kind = Type
action-send = Envoyer
action-status = Statut
action-new-status = Nouveau statut
action-qualifier = Qualificatif (pour solved et unsolved)
action-solution = Solution (pour résoudre)
action-comment = Commentaire (la raison, pour suspendre)
action-apply = Appliquer
action-route = Orienter ou attribuer
action-unit = Unité responsable
action-assignee = Attribué à
action-priority = Priorité
action-follow = Copie et notifications
action-relate = Lier un ticket
action-relate-kind = Ce ticket est
action-relate-target = Numéro du ticket
action-unrelate = Retirer
action-none = Plus rien ne peut être modifié sur ce ticket.
status-needs-qualifier = Choisissez un qualificatif pour ce statut.

visibility-public = public
visibility-private = privé (le demandeur et le support seulement)
notification-on-solution = à la solution
notification-on-every-change = à chaque changement

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

qualifier-fixed = fixed (corrigé)
qualifier-fixed--workaround- = fixed (workaround) (contourné)
qualifier-works-as-designed = works as designed (fonctionnement normal)
qualifier-other = other (autre)
qualifier-duplicate = duplicate (doublon)
qualifier-invalid = invalid (invalide)
qualifier-won-t-fix = won't fix (ne sera pas corrigé)
qualifier-no-reply = sans réponse

role-requester = demandeur
role-shifter = permanence de premier niveau
role-supporter = expert du support
role-unit-manager = responsable d'unité
role-coordinator = coordination
role-admin = administration

footer-api = API JSON

## Dates : jour, mois, année, heure et fuseau.
moment = { $day } { $month } { $year }, { $time } { $zone }
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
sign-in-throttled = Trop d’échecs de connexion pour ce compte ou depuis cette adresse. Réessayez après { $time }.

## Préférences.
nav-preferences = Préférences
preferences-title = Préférences
preferences-language = Langue
preferences-browser-language = La langue du navigateur
preferences-time-zone = Fuseau horaire
preferences-notification = Notifications de mes nouveaux tickets
preferences-notification-hint = Chaque ticket peut la changer ensuite.
preferences-save = Enregistrer
preferences-saved = Vos préférences sont enregistrées.
preferences-invalid-language = Choisissez l’anglais, le français ou la langue du navigateur.
preferences-invalid-time-zone = Choisissez un fuseau horaire de la liste.
preferences-invalid-notification-mode = Choisissez un mode de notification de la liste.

## Impliquer d’autres personnes et suivre un ticket.
action-involve = Impliquer d’autres intervenants
action-involve-units = Unités
action-involve-people = Personnes
action-subscription = Suivre ce ticket
action-subscribed = Vous suivez ce ticket : vous êtes informé de ses changements.
action-subscribe-hint = Être informé de ses changements, comme son demandeur.
action-subscribe = S’abonner
action-unsubscribe = Se désabonner

## Files d’attente.
nav-queues = Files d’attente
queues-title = Files d’attente
queues-first-level = File du premier niveau
queues-first-level-hint = les tickets que personne n’a encore orientés, les plus anciens d’abord.
queues-unit = File de { $unit }
queues-mine = Mes unités
queues-expertise = Unités d’expertise
queues-sites = Sites
queues-order = Ordre
queues-show = Afficher
queues-all-open = tous les statuts ouverts
queues-empty = Rien n’attend dans cette file.
order-changed = modifiés récemment d’abord
order-unchanged = modifiés il y a le plus longtemps d’abord
order-oldest = les plus anciens d’abord
order-newest = les plus récents d’abord

## Pourquoi un champ a été refusé.
reason-subject = Un objet de 250 caractères au plus, s’il vous plaît.
reason-text-too-long = Ce texte est trop long.
reason-priority = Choisissez une priorité dans la liste.
reason-status = Le ticket ne peut pas prendre ce statut maintenant.
reason-choice = Choisissez dans la liste.
reason-option = Choisissez l’une des options.
reason-cc = Indiquez des adresses électroniques valides, une par ligne.
reason-occurred-at = Indiquez une date et une heure qui ne soient pas dans le futur.
reason-target = Indiquez le numéro d’un autre ticket que vous pouvez voir.
reason-file = Ce fichier ne peut pas être joint.

## Les noms des champs de l’historique.
history-field-status = Statut
history-field-qualifier = Qualificatif
history-field-priority = Priorité
history-field-priority-justification = Motif de la priorité
history-field-unit = Unité
history-field-assignee = Attribué à
history-field-involved-units = Unités impliquées
history-field-involved-users = Personnes impliquées
history-field-site = Site concerné
history-field-vo = Communauté (VO)
history-field-type = Type de problème
history-field-subject = Objet
history-field-cc = Copie à
history-field-visibility = Visibilité
history-field-notification-mode = Notifications
history-field-locked = Verrouillé sur son maître
history-field-delivery-failed = Courriel non remis
history-field-qos-breach = Délai de réponse dépassé
history-field-imported = Importé

## À surveiller
nav-attention = À surveiller
attention-title = À surveiller
attention-intro = Ce que le support de premier niveau et les coordinateurs doivent regarder maintenant, les plus anciens d'abord.
attention-red = Tickets au rouge
attention-unassigned = Tickets que personne n'a pris depuis 4 heures ouvrées
attention-waiting = Tickets toujours en attente de réponse après un rappel
attention-late-units = Unités au-delà de 75 % de leur délai de réponse
attention-late-counts = { $warned } au-delà de 75 %, { $breached } au-delà du délai
attention-total = { $count } en tout
attention-none = Rien ici.
